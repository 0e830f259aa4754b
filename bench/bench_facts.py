"""Benchmark of `policydiff facts`: prints figures, asserts nothing.

(a) the whole CLI process `policydiff facts SEED --format json` on each seed (median of runs;
    target <= 0.5 s),
(b) the library call (parse + extract + summarize) per seed after warm-up,
(c) time and peak RSS of a fresh process that extracts the facts of a ~1 MB policy made of
    distinct real policies (../shared/corpus/real, else the seeds; targets <= 5 s, <= 300 MB).

    python bench/bench_facts.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "tests" / "data" / "seeds"


def seeds() -> list[Path]:
    """The five seed policies shipped with the tests."""
    return sorted(SEEDS.glob("*.txt"))


def bench_cli(paths: list[Path], runs: int) -> tuple[list[float], list[float]]:
    """Wall time and CPU time (user + system) of one facts process per seed, medians of ``runs``.

    CPU time is printed too because wall time on a shared machine measures the other processes."""
    walls, cpus = [], []
    for path in paths:
        wall, cpu = [], []
        for _ in range(runs):
            before = os.times()
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "policydiff.cli", "facts", str(path), "--format", "json"],
                           check=True, stdout=subprocess.DEVNULL)
            wall.append(time.perf_counter() - t0)
            after = os.times()
            cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
        walls.append(statistics.median(wall))
        cpus.append(statistics.median(cpu))
    return walls, cpus


def bench_library(paths: list[Path], runs: int) -> list[float]:
    """Per-seed time of parse + extract + summarize after one warm-up pass."""
    from policydiff.compare.facts import extract
    from policydiff.compare.pipeline import read_tree
    from policydiff.report.facts import summarize
    from policydiff.text.read import read_path

    raws = [read_path(p) for p in paths]
    for raw in raws:
        summarize(extract(read_tree(raw)))
    out = []
    for raw in raws:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            summarize(extract(read_tree(raw)))
            times.append(time.perf_counter() - t0)
        out.append(statistics.median(times))
    return out


_BIG = r'''
import resource, sys, time
from policydiff.compare.pipeline import read_tree
from policydiff.compare.facts import extract
from policydiff.report.facts import summarize
from policydiff.model import RawText
parts, size = [], 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    parts.append(text)
    size += len(text.encode())
    if size >= 1_000_000:
        break
text = "\n\n".join(parts)
t0 = time.perf_counter()
summary = summarize(extract(read_tree(RawText(text, "big"))))
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(text.encode()) / 1e6:.2f} {elapsed:.2f} {rss:.0f} {len(summary['data_types'])}")
'''


def distinct_policies() -> list[Path]:
    """One version of each real policy (the newest), then the seeds and the CA4P texts: ~1 MB of
    different wording, so the per-sentence caches do not flatter the figure."""
    real = SHARED / "corpus" / "real"
    out: list[Path] = []
    if real.is_dir():
        for folder in sorted(p for p in real.rglob("*") if p.is_dir()):
            texts = sorted(folder.glob("*.txt"))
            if texts:
                out.append(texts[-1])
    out += seeds()
    out += sorted((SHARED / "corpus" / "ca4p-dev").rglob("text.txt")) if SHARED.is_dir() else []
    return out or seeds() * 8


def bench_big() -> tuple[float, float, float, int, float]:
    """(MB, seconds in the library, peak RSS MB, data types found, whole-process seconds)."""
    corpus = distinct_policies()
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _BIG, *map(str, corpus)], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    mb, seconds, rss, found = out.stdout.split()
    return float(mb), float(seconds), float(rss), int(found), wall


def main() -> None:
    """Print the three figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = seeds()
    cli, cpu = bench_cli(paths, args.runs)
    print(f"(a) facts CLI process, {len(paths)} seeds: median {statistics.median(cli):.3f} s, max {max(cli):.3f} s wall; "
          f"CPU median {statistics.median(cpu):.3f} s, max {max(cpu):.3f} s  (target <= 0.5 s; load {os.getloadavg()[0]:.1f})")
    lib = bench_library(paths, args.runs)
    print(f"(b) library parse+extract+summarize after warm-up: median {statistics.median(lib) * 1000:.1f} ms, "
          f"max {max(lib) * 1000:.1f} ms")
    mb, seconds, rss, found, wall = bench_big()
    print(f"(c) a {mb:.2f} MB policy: {seconds:.2f} s in the library, {wall:.2f} s whole process, peak RSS {rss:.0f} MB, "
          f"{found} data types  (targets <= 5 s, <= 300 MB)")


if __name__ == "__main__":
    main()
