"""Stage 1, text: bytes in any supported format to a repaired, keyed text.

``decode`` (encodings, byte-order marks) · ``sniff`` (the one media-type rule) · ``extract``
(HTML, PDF, DOCX) · ``read`` (files, stdin, bytes; one size limit in ``limits``) ·
``wrap`` (wrap repair) · ``normalize`` (comparison keys) · ``tokens`` (jieba words) · ``dates``
(the dates a text states about itself).
"""
