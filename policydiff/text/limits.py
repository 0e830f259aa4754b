"""Input limits: one setting each, used by files, standard input, HTTP fetches and the archive."""

from __future__ import annotations

# Largest input accepted from a file, stdin or a URL. Real policies are well under 2 MB of text;
# 20 MB leaves room for PDFs and DOCX files with images.
MAX_INPUT_BYTES = 20 * 1024 * 1024
