"""Build policydiff/data/policy_words.txt: the jieba dictionary entries that policy texts use.

jieba's full dictionary (349k words) costs ~1 s to load on every run; the words that
Chinese privacy policies actually use are a few thousand. This script segments a
corpus of policies with the full dictionary and keeps every multi-character word it
met, with jieba's own frequency, so segmentation of policy text stays the same.

    python scripts/build_dictionary.py CORPUS_DIR [CORPUS_DIR ...]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import jieba

# How many of jieba's most frequent words to keep besides those the corpus uses.
COMMON_WORDS = 20000


def main(argv: list[str]) -> int:
    jieba.initialize()
    freq = jieba.dt.FREQ
    seen: Counter[str] = Counter()
    for folder in argv or ["../shared"]:
        for path in Path(folder).rglob("*.txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for word in jieba.cut(text, HMM=False):
                if len(word) >= 2 and freq.get(word):
                    seen[word] += 1
    # plus the most frequent words of the language, for policies unlike those in the corpus
    common = sorted((w for w, f in freq.items() if f and len(w) >= 2), key=lambda w: -freq[w])[:COMMON_WORDS]
    seen.update(common)
    out = Path(__file__).resolve().parent.parent / "policydiff" / "data" / "policy_words.txt"
    lines = [f"{w} {freq[w]}" for w in sorted(seen)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
