"""Benchmark of `policydiff compare`: prints figures, asserts nothing.

(a) the whole CLI process on the seed-sized eval cases (median of runs; target <= 0.4 s),
(b) the library call policydiff.compare.compare per pair after warm-up (target <= 30 ms),
(c) peak RSS of one compare of two ~1 MB policies built from the corpus (target <= 200 MB),
(d) the whole CLI process on the longest real pairs (psbc, uc-browser, jianying: target <= 1.0 s
    median and <= 200 MB peak RSS each).

Child processes run with Python's bytecode cache on (in a temporary ``PYTHONPYCACHEPREFIX``,
warmed by one run), as after ``pip install``, even when the calling shell sets
``PYTHONDONTWRITEBYTECODE``: otherwise every process compiles policydiff's ~80 modules from
source again (about 0.15 s), which no installed copy does. The figure in the caller's own
environment is printed beside (a) for the first pair.

    python bench/bench_compare.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LOCAL_CASES = ROOT / "tests" / "data" / "cases"
LONGEST = ("psbc-postal-savings-bank", "uc-browser", "bytedance-jianying")
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="policydiff-bench-pyc-")


def case_dirs() -> list[Path]:
    """The eval cases: ../shared/eval/cases when present, else the copies under tests/data."""
    base = SHARED / "eval" / "cases"
    if not base.is_dir():
        base = LOCAL_CASES
    return sorted(p for p in base.iterdir() if (p / "old.txt").is_file())


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(argv: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``runs`` processes running ``argv``.

    CPU time is given beside wall time because it moves less when other work shares the machine.
    """
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, t0 = _child_cpu(), time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV if env is None else env)
        walls.append(time.perf_counter() - t0)
        cpus.append(_child_cpu() - cpu0)
    return statistics.median(walls), statistics.median(cpus)


def compare_argv(old: Path, new: Path) -> list[str]:
    return [sys.executable, "-m", "policydiff.cli", "compare", str(old), str(new), "--format", "json"]


def bench_cli(cases: list[Path], runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) of one `policydiff compare --format json` process per case, medians of ``runs``."""
    return [run_timed(compare_argv(c / "old.txt", c / "new.txt"), runs) for c in cases]


def longest_pairs() -> list[tuple[str, Path, Path]]:
    """(name, oldest, newest) of the longest real pairs found in ../shared or tests/data."""
    pairs = []
    for name in LONGEST:
        for base in (SHARED / "corpus" / "real", ROOT / "tests" / "data" / "corpus"):
            files = sorted((base / name).glob("*.txt"))
            if len(files) >= 2:
                pairs.append((name, files[0], files[-1]))
                break
    return pairs


def bench_longest(runs: int) -> list[tuple[str, float, float, float]]:
    """(name, median wall, median CPU, peak RSS in MB) of whole compare processes on each longest pair."""
    rows = []
    for name, old, new in longest_pairs():
        walls, cpus, rss = [], [], 0.0
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.Popen(compare_argv(old, new), stdout=subprocess.DEVNULL, env=CHILD_ENV)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode:
                raise SystemExit(f"compare {old} {new} exited {proc.returncode}")
            walls.append(time.perf_counter() - t0)
            cpus.append(usage.ru_utime + usage.ru_stime)
            rss = max(rss, usage.ru_maxrss / 1024)
        rows.append((name, statistics.median(walls), statistics.median(cpus), rss))
    return rows


def bench_library(cases: list[Path], runs: int) -> list[float]:
    """Per-pair time of policydiff.compare.compare after one warm-up pass over every pair."""
    from policydiff.compare.pipeline import compare
    from policydiff.text.read import read_path

    inputs = [(read_path(c / "old.txt"), read_path(c / "new.txt")) for c in cases]
    for old, new in inputs:
        compare(old, new)
    medians = []
    for old, new in inputs:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            compare(old, new)
            times.append(time.perf_counter() - t0)
        medians.append(statistics.median(times))
    return medians


_BIG = r'''
import resource, sys, time
from pathlib import Path
from policydiff.compare.pipeline import compare
from policydiff.model import RawText
texts = [Path(p).read_text("utf-8") for p in sys.argv[1:]]
old_parts, new_parts, size, i = [], [], 0, 0
while size < 1_000_000:
    t = texts[i % len(texts)]
    old_parts.append(t)
    # edits: every 7th text loses a paragraph, every 5th gains a sentence, every 11th is dropped
    if i % 11 == 10:
        pass
    elif i % 7 == 3:
        paras = t.split("\n\n")
        new_parts.append("\n\n".join(paras[:len(paras) // 2] + paras[len(paras) // 2 + 1:]))
    elif i % 5 == 1:
        new_parts.append(t.replace("。", "。我们会定期审查本政策并通知您。", 1))
    else:
        new_parts.append(t)
    size += len(t.encode("utf-8"))
    i += 1
old, new = "\n\n".join(old_parts), "\n\n".join(new_parts)
t0 = time.perf_counter()
result = compare(RawText(old, "old"), RawText(new, "new"))
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(old.encode()) / 1e6:.2f} {len(new.encode()) / 1e6:.2f} {elapsed:.2f} {rss:.0f} {len(result.changes)}")
'''


def bench_big() -> str:
    """Peak RSS of a fresh process that compares two ~1 MB policies."""
    corpus = sorted((SHARED / "corpus" / "real").rglob("*.txt")) if SHARED.is_dir() else []
    if not corpus:
        corpus = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    out = subprocess.run([sys.executable, "-c", _BIG, *map(str, corpus)], check=True, capture_output=True, text=True)
    old_mb, new_mb, seconds, rss, changes = out.stdout.split()
    return json.dumps({"old_MB": float(old_mb), "new_MB": float(new_mb), "seconds": float(seconds),
                       "peak_rss_MB": float(rss), "changes": int(changes)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", type=int, default=0, help="only the first N cases (0 = all)")
    args = parser.parse_args()
    cases = case_dirs()
    if args.cases:
        cases = cases[: args.cases]
    bare_wall, bare_cpu = run_timed([sys.executable, "-c", "pass"], max(args.runs, 5))
    first = compare_argv(cases[0] / "old.txt", cases[0] / "new.txt")
    # the caller's environment with writing off: installed packages keep their own __pycache__
    no_cache_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    nopyc_wall, nopyc_cpu = run_timed(first, args.runs, env=no_cache_env)
    run_timed(first, 1)  # fills the bytecode cache
    cli = bench_cli(cases, args.runs)
    walls, cpus = [w for w, _ in cli], [c for _, c in cli]
    print(f"(a) CLI process, {len(cases)} pairs: median {statistics.median(walls):.3f} s, max {max(walls):.3f} s, "
          f"CPU median {statistics.median(cpus):.3f} s  (target <= 0.4 s); the interpreter's own start-up "
          f"(`python -c pass`, its site-packages' .pth files included) is {bare_wall:.3f} s, CPU {bare_cpu:.3f} s; "
          f"in the caller's own environment (PYTHONDONTWRITEBYTECODE kept: no .pyc written, those present read) the first pair takes {nopyc_wall:.3f} s, CPU {nopyc_cpu:.3f} s")
    lib = bench_library(cases, max(args.runs, 5))
    print(f"(b) library compare after warm-up: median {statistics.median(lib) * 1000:.1f} ms, max {max(lib) * 1000:.1f} ms  (target <= 30 ms)")
    big = json.loads(bench_big())
    print(f"(c) two ~1 MB policies ({big['old_MB']} MB / {big['new_MB']} MB): peak RSS {big['peak_rss_MB']:.0f} MB, "
          f"{big['seconds']:.1f} s, {big['changes']} changes  (target <= 200 MB)")
    for name, wall, cpu, rss in bench_longest(max(args.runs, 3)):
        print(f"(d) CLI process on the longest real pair {name}: median {wall:.3f} s, CPU {cpu:.3f} s, "
              f"peak RSS {rss:.0f} MB  (target <= 1.0 s, <= 200 MB)")


if __name__ == "__main__":
    main()
