"""Input limits: one setting each, used by files, standard input, HTTP fetches and the archive."""

from __future__ import annotations

# Largest input accepted from a file, stdin or a URL. Real policies are well under 2 MB of text;
# 20 MB leaves room for PDFs and DOCX files with images.
MAX_INPUT_BYTES = 20 * 1024 * 1024

# A DOCX is a ZIP: each member is checked before anything is decompressed (a zip bomb of a few
# MB can declare gigabytes). Real policy documents are a few MB unpacked, ratios under ~20.
MAX_UNPACKED_MEMBER = 64 * 1024 * 1024
MAX_UNPACKED_TOTAL = 128 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_ZIP_MEMBERS = 5000

# PDF: more pages or seconds than a policy ever needs is refused rather than ground through.
MAX_PDF_PAGES = 1000
MAX_PDF_SECONDS = 120.0
