"""Benchmark of the reports: how long rendering each format adds to a compare; prints figures, asserts nothing.

For every seed-sized eval case and the three real pairs of issue 14 (12306, 微博, 剪映; from
../shared/corpus/real, else tests/data/corpus): one compare, a warm-up render of every format,
then the median of ``--runs`` renders per format (the summary included), next to the median
compare time. Target: every format <= 50 ms.

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
FORMATS = ("json", "md", "terminal", "html", "brief")
TARGET_MS = 50.0
REAL_PAIRS = {
    "china-railway-12306": ("2020-11-20.txt", "2022-04-11.txt"),
    "sina-weibo": ("2020-12-14.txt", "2022-03-03.txt"),
    "bytedance-jianying": ("2020-12-16.txt", "2022-08-10.txt"),
}


def case_dirs() -> list[Path]:
    """The eval cases: ../shared/eval/cases when present, else the copies under tests/data."""
    base = SHARED / "eval" / "cases"
    if not base.is_dir():
        base = LOCAL_CASES
    return sorted(p for p in base.iterdir() if (p / "old.txt").is_file())


def pairs() -> list[tuple[str, Path, Path]]:
    """(name, old, new): the eval cases, then the real pairs found."""
    out = [(c.name, c / "old.txt", c / "new.txt") for c in case_dirs()]
    for name, (a, b) in REAL_PAIRS.items():
        for base in (SHARED / "corpus" / "real" / name, ROOT / "tests" / "data" / "corpus" / name):
            if (base / a).is_file() and (base / b).is_file():
                out.append((f"{name} (real)", base / a, base / b))
                break
    return out


def render(result: object, fmt: str) -> str:
    from policydiff import report

    if fmt == "brief":
        return report.render(result, "terminal", brief=True)  # type: ignore[arg-type]
    return report.render(result, fmt)  # type: ignore[arg-type]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median CPU time of ``fn`` in ms (process time: a busy shared machine does not inflate it)."""
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from policydiff import report
    from policydiff.compare.pipeline import compare
    from policydiff.text.read import read_path

    cases = pairs()
    print(f"{len(cases)} cases ({case_dirs()[0].parent} and the real pairs), median of {args.runs} runs after warm-up (CPU ms)")
    print(f"{'case':45} {'chars':>7} {'compare':>8} " + " ".join(f"{f:>8}" for f in FORMATS) + f" {'html KB':>8}")
    per_format: dict[str, list[float]] = {f: [] for f in FORMATS}
    compares: list[float] = []
    for name, old_path, new_path in cases:
        old, new = read_path(str(old_path)), read_path(str(new_path))
        compare(old, new)  # warm-up: jieba, lexicons
        result = compare(old, new)
        for fmt in FORMATS:
            render(result, fmt)  # warm-up
        t_compare = median_ms(lambda old=old, new=new: compare(old, new), max(3, args.runs // 3))
        compares.append(t_compare)
        row = []
        for fmt in FORMATS:
            t = median_ms(lambda fmt=fmt, result=result: render(result, fmt), args.runs)
            per_format[fmt].append(t)
            row.append(t)
        size = len(report.render(result, "html").encode("utf-8")) / 1024
        chars = len(old.text) + len(new.text)
        print(f"{name[:45]:45} {chars:>7} {t_compare:>8.1f} " + " ".join(f"{t:>8.1f}" for t in row) + f" {size:>8.0f}")
    print()
    print(f"{'median':45} {'':>7} {statistics.median(compares):>8.1f} " + " ".join(f"{statistics.median(per_format[f]):>8.1f}" for f in FORMATS))
    print(f"{'max':45} {'':>7} {max(compares):>8.1f} " + " ".join(f"{max(per_format[f]):>8.1f}" for f in FORMATS))
    for fmt in FORMATS:
        worst = max(per_format[fmt])
        verdict = "within" if worst <= TARGET_MS else "OVER"
        print(f"{fmt:>8} render adds at most {worst:.1f} ms per compare ({verdict} the {TARGET_MS:.0f} ms target)")


if __name__ == "__main__":
    main()
