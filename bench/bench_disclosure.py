"""Benchmark of the disclosure check: the cost it adds to one compare (target <= 5 ms).

For every eval case (../shared/eval/cases, else tests/data/cases) and the real 12306 pairs of
tests/data/corpus, compare once (warm-up: jieba, caches), then time ``check_disclosure`` alone
``--runs`` times; prints the median per compare over the eval cases, the maximum, and 12306.

    python bench/bench_disclosure.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policydiff.compare.disclosure import check_disclosure  # noqa: E402
from policydiff.compare.pipeline import compare  # noqa: E402
from policydiff.model import Comparison, RawText  # noqa: E402

SHARED_CASES = ROOT.parent / "shared" / "eval" / "cases"
LOCAL_CASES = ROOT / "tests" / "data" / "cases"
RAILWAY = ROOT / "tests" / "data" / "corpus" / "china-railway-12306"
RAILWAY_PAIRS = [("2020-11-20", "2022-04-11"), ("2022-04-11", "2023-02-08"), ("2023-02-08", "2023-02-08_silent-revision")]


def _raw(path: Path) -> RawText:
    return RawText(path.read_text(encoding="utf-8"), str(path))


def pairs() -> tuple[list[tuple[str, Path, Path]], list[tuple[str, Path, Path]]]:
    """(eval cases, 12306 pairs) as (name, old, new)."""
    base = SHARED_CASES if SHARED_CASES.is_dir() else LOCAL_CASES
    cases = [(p.name, p / "old.txt", p / "new.txt") for p in sorted(base.iterdir()) if (p / "old.txt").is_file()]
    railway = [(f"12306 {a}->{b}", RAILWAY / f"{a}.txt", RAILWAY / f"{b}.txt") for a, b in RAILWAY_PAIRS]
    return cases, railway


def cost_ms(result: Comparison, runs: int) -> float:
    """Median milliseconds of one check_disclosure on an already computed comparison."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        check_disclosure(result)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    cases, railway = pairs()
    figures: dict[str, float] = {}
    for name, old, new in cases + railway:
        result = compare(_raw(old), _raw(new))  # warm-up and the comparison to judge
        check_disclosure(result)
        figures[name] = cost_ms(result, args.runs)
    eval_ms = [figures[name] for name, _, _ in cases]
    worst = max(eval_ms)
    print(f"eval cases: {len(eval_ms)}, runs each: {args.runs}")
    print(f"max per compare: {worst:.2f} ms ({next(n for n, _, _ in cases if figures[n] == worst)})")
    for name, _, _ in railway:
        print(f"{name}: {figures[name]:.2f} ms")
    median = statistics.median(eval_ms)
    print(f"disclosure check added per compare (median over eval cases): {median:.2f} ms (target <= 5 ms)")


if __name__ == "__main__":
    main()
