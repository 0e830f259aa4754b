"""Benchmark of the reports: how long rendering each format adds to a compare; prints figures, asserts nothing.

For every seed-sized eval case: one compare, a warm-up render of every format, then the
median of ``--runs`` renders per format, next to the median compare time. Target: HTML <= 50 ms.

    python bench/bench_report.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LOCAL_CASES = ROOT / "tests" / "data" / "cases"
FORMATS = ("json", "md", "terminal", "html")
HTML_TARGET_MS = 50.0


def case_dirs() -> list[Path]:
    """The eval cases: ../shared/eval/cases when present, else the copies under tests/data."""
    base = SHARED / "eval" / "cases"
    if not base.is_dir():
        base = LOCAL_CASES
    return sorted(p for p in base.iterdir() if (p / "old.txt").is_file())


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from policydiff import report
    from policydiff.compare.pipeline import compare
    from policydiff.text.read import read_path

    cases = case_dirs()
    print(f"{len(cases)} cases from {cases[0].parent}, median of {args.runs} runs after warm-up (ms)")
    print(f"{'case':45} {'chars':>7} {'compare':>8} " + " ".join(f"{f:>8}" for f in FORMATS) + f" {'html KB':>8}")
    per_format: dict[str, list[float]] = {f: [] for f in FORMATS}
    compares: list[float] = []
    for case in cases:
        old, new = read_path(str(case / "old.txt")), read_path(str(case / "new.txt"))
        compare(old, new)  # warm-up: jieba, lexicons
        result = compare(old, new)
        for fmt in FORMATS:
            report.render(result, fmt)  # warm-up
        t_compare = median_ms(lambda old=old, new=new: compare(old, new), max(3, args.runs // 3))
        compares.append(t_compare)
        row = []
        for fmt in FORMATS:
            t = median_ms(lambda fmt=fmt, result=result: report.render(result, fmt), args.runs)
            per_format[fmt].append(t)
            row.append(t)
        size = len(report.render(result, "html").encode("utf-8")) / 1024
        chars = len(old.text) + len(new.text)
        print(f"{case.name[:45]:45} {chars:>7} {t_compare:>8.1f} " + " ".join(f"{t:>8.1f}" for t in row) + f" {size:>8.0f}")
    print()
    print(f"{'median':45} {'':>7} {statistics.median(compares):>8.1f} " + " ".join(f"{statistics.median(per_format[f]):>8.1f}" for f in FORMATS))
    print(f"{'max':45} {'':>7} {max(compares):>8.1f} " + " ".join(f"{max(per_format[f]):>8.1f}" for f in FORMATS))
    worst = max(per_format["html"])
    verdict = "within" if worst <= HTML_TARGET_MS else "OVER"
    print(f"HTML render adds at most {worst:.1f} ms per compare ({verdict} the {HTML_TARGET_MS:.0f} ms target)")


if __name__ == "__main__":
    main()
