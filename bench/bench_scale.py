"""Benchmark the first `policydiff check` of 10,000 local sources, then `policydiff list`.

Targets (issue 13): the first check ≤ 10 minutes on a 2-core machine, recording state as it
goes; `policydiff list` ≤ 1 s. Each measured command is its own process.

    python bench/bench_scale.py [--sources 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))

_WRAPPER = """
import resource, sys
from policydiff import cli
sys.argv = ["policydiff", *sys.argv[1:]]
try:
    cli.main()
finally:
    print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def command(*args: str) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"{args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    peak_kb = int(proc.stderr.rsplit("MAXRSS_KB", 1)[1].split()[0])
    return seconds, peak_kb * 1024, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=10000)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="policydiff-scale-"))
    archive = work / "archive"
    policies = archive / "policies"
    policies.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    lines = ['[defaults]\ninterval = "1d"\nconcurrency = 8\n']
    for i in range(args.sources):
        (policies / f"p{i:05d}.txt").write_text(seeds[i % len(seeds)].rstrip() + f"\n\n本政策文档编号：SCALE-{i:05d}。\n",
                                                encoding="utf-8")
        lines.append(f'[[source]]\nslug = "p{i:05d}"\npath = "policies/p{i:05d}.txt"\n')
    (archive / "sources.toml").write_text("\n".join(lines), encoding="utf-8")

    progress: list[tuple[float, int]] = []
    stop = threading.Event()

    def watch_state() -> None:  # how much state the run has written as it goes
        t0 = time.perf_counter()
        while not stop.wait(15):
            try:
                n = len(json.loads((archive / "state" / "checks.json").read_text(encoding="utf-8"))["sources"])
            except (OSError, ValueError, KeyError):
                n = 0
            progress.append((time.perf_counter() - t0, n))

    watcher = threading.Thread(target=watch_state, daemon=True)
    watcher.start()
    try:
        t_first, rss_first, out = command("check", "--archive", str(archive), "--force")
        stop.set()
        print(f"first check, {args.sources} sources: {t_first:.0f} s [target <= 600 s: "
              f"{'ok' if t_first <= 600 else 'OVER TARGET'}], peak RSS {rss_first / 2**20:.0f} MB ({out.strip()})")
        if progress:
            print("state written as it goes (s → sources in checks.json): "
                  + ", ".join(f"{t:.0f}→{n}" for t, n in progress[:: max(1, len(progress) // 8)]))
        t_list, rss_list, listing = command("list", "--archive", str(archive))
        print(f"list, {len(listing.splitlines()) - 1} policies: {t_list:.2f} s [target <= 1 s: "
              f"{'ok' if t_list <= 1 else 'OVER TARGET'}], peak RSS {rss_list / 2**20:.0f} MB")
        t_second, rss_second, out2 = command("check", "--archive", str(archive), "--force")
        print(f"second check (nothing changed): {t_second:.0f} s, peak RSS {rss_second / 2**20:.0f} MB ({out2.strip()})")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
