"""How long classification adds to a compare of seed-sized pairs (issue 3: target <= 20 ms).

    python bench/bench_classify.py [CASES_DIR]

Runs the pipeline up to the diff once per pair, then times classify.classify alone,
cold (empty sentence cache, as in a fresh process) and warm, and prints the medians.
Default pairs: tests/data/cases (eval cases copied with the project) plus ../shared/eval/cases
when present.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from policydiff.compare import align, classify, mentions
from policydiff.compare import pipeline as compare
from policydiff.model import RawText

ROOT = Path(__file__).resolve().parent.parent


def pairs(folders: list[Path]) -> list[tuple[RawText, RawText]]:
    seen: set[str] = set()
    out = []
    for folder in folders:
        for case in sorted(p for p in folder.iterdir() if (p / "old.txt").is_file()):
            if case.name in seen:
                continue
            seen.add(case.name)
            out.append(
                (RawText((case / "old.txt").read_text("utf-8"), "old"), RawText((case / "new.txt").read_text("utf-8"), "new"))
            )
    return out


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [p for p in (ROOT / "tests/data/cases", ROOT.parent / "shared/eval/cases") if p.is_dir()]
    cold, warm = [], []
    for old_raw, new_raw in pairs(folders):
        old, new = compare.read_tree(old_raw), compare.read_tree(new_raw)
        changes = compare.changes_of(old, new, align.align(old, new))
        mentions._analyse.cache_clear()
        t = time.perf_counter()
        classify.classify(old, new, changes)
        cold.append(time.perf_counter() - t)
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            classify.classify(old, new, changes)
            runs.append(time.perf_counter() - t)
        warm.append(statistics.median(runs))
    print(f"pairs: {len(cold)}")
    print(f"classify, cold sentence cache: median {statistics.median(cold) * 1000:.1f} ms, max {max(cold) * 1000:.1f} ms")
    print(f"classify, warm:                median {statistics.median(warm) * 1000:.1f} ms, max {max(warm) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
