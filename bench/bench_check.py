"""Benchmark `policydiff check` over 1,000 local sources with 50 changed.

Targets (issue 6): the run with 50 changes ≤ 30 s and ≤ 200 MB peak RSS; an unchanged
source ≤ 10 ms. Each measured run is a separate `policydiff check` process (interpreter
start-up included), so its wall time and peak RSS are the command's own.

    python bench/bench_check.py [--sources 1000] [--changed 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
SHARING = {"003": ("（一）共享\n", "我们会向北京数据智能科技有限公司提供你的手机号码、设备信息和订单信息，用于营销数据分析。")}
INSERT = "我们会与第三方广告服务商共享您的设备标识符和位置信息，用于个性化广告投放。"


def policy_text(i: int) -> str:
    """Source i's policy: a seed with a line that makes every source's text its own."""
    seed = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
    return seed.rstrip() + f"\n\n本政策文档编号：BENCH-{i:05d}。\n"


def changed_text(i: int) -> str:
    """Source i's next version: one new sharing sentence after its first paragraph break."""
    text = policy_text(i)
    cut = text.find("\n\n", len(text) // 3)
    return text[:cut] + "\n\n" + INSERT + text[cut:]


_WRAPPER = """
import resource, sys
from policydiff import cli
sys.argv = ["policydiff", "check", "--archive", sys.argv[1], "--force"]
try:
    cli.main()
finally:
    print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run_check(archive: Path) -> tuple[float, int, str]:
    """One `policydiff check` process: wall seconds, its own peak RSS in bytes, its summary line."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, str(archive)], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"check failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    peak_kb = int(proc.stderr.rsplit("MAXRSS_KB", 1)[1].split()[0])
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    return seconds, peak_kb * 1024, summary


def startup_seconds(archive: Path) -> float:
    """A check with nothing due: interpreter, imports, config, lock — the fixed cost of a run."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "policydiff.cli", "check", "--archive", str(archive), "--quiet"],
                   capture_output=True, text=True, check=False)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=1000)
    ap.add_argument("--changed", type=int, default=50)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="policydiff-bench-"))
    archive = work / "archive"
    policies = archive / "policies"
    policies.mkdir(parents=True, exist_ok=True)
    lines = ['[defaults]\ninterval = "1d"\nconcurrency = 8\n']
    for i in range(args.sources):
        (policies / f"p{i:05d}.txt").write_text(policy_text(i), encoding="utf-8")
        lines.append(f'[[source]]\nslug = "p{i:05d}"\npath = "policies/p{i:05d}.txt"\n')
    (archive / "sources.toml").write_text("\n".join(lines), encoding="utf-8")

    try:
        t_first, rss_first, s_first = run_check(archive)
        print(f"setup: first run records {args.sources} sources: {t_first:.1f} s ({s_first})")

        step = max(1, args.sources // args.changed)
        changed = list(range(0, args.sources, step))[: args.changed]
        for i in changed:
            (policies / f"p{i:05d}.txt").write_text(changed_text(i), encoding="utf-8")
        t_changed, rss_changed, s_changed = run_check(archive)

        t_same, rss_same, s_same = run_check(archive)
        t_start = startup_seconds(archive)
        per_source_ms = max(t_same - t_start, 0.0) / args.sources * 1000

        ok = lambda good: "ok" if good else "OVER TARGET"  # noqa: E731
        print(f"check, {args.sources} sources, {len(changed)} changed: {t_changed:.1f} s "
              f"[target <= 30 s: {ok(t_changed <= 30)}]  ({s_changed})")
        print(f"peak RSS of that run: {rss_changed / 2**20:.0f} MB [target <= 200 MB: {ok(rss_changed <= 200 * 2**20)}]")
        print(f"check, {args.sources} sources, none changed: {t_same:.2f} s ({s_same})")
        print(f"fixed cost of a run (start-up, config, lock): {t_start:.2f} s")
        print(f"cost of an unchanged source: {per_source_ms:.2f} ms [target <= 10 ms: {ok(per_source_ms <= 10)}]")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
