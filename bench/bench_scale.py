"""Benchmark the first `policydiff check` of 10,000 local sources, then `policydiff list`.

Targets (issue 13): the first check ≤ 10 minutes on a 2-core machine, recording state as it
goes; `policydiff list` ≤ 1 s. Each measured command is its own process.

    python bench/bench_scale.py [--sources 10000] [--keep DIR]
    python bench/bench_scale.py --list-only     # `list` over an archive built by git fast-import (seconds)
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


def build_archive(archive: Path, n: int, seeds: list[str]) -> None:
    """An archive of ``n`` policies with two versions each, written in one `git fast-import` commit
    (what ``n`` first checks would record, without waiting for them)."""
    from policydiff.archive.layout import dump, dump_index, sha256
    from policydiff.archive.versions import Archive

    Archive.init(archive)
    git_dir = archive / "versions.git"
    parent = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", "main"], capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen(["git", "--git-dir", str(git_dir), "fast-import", "--quiet", "--force"], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    out = [f"commit refs/heads/main\ncommitter policydiff <policydiff@localhost> 1700000000 +0000\n"
           f"data 11\nbench build\nfrom {parent}\n".encode()]
    for i in range(n):
        slug = f"p{i:05d}"
        text = (seeds[i % len(seeds)].rstrip() + f"\n\n本政策文档编号：SCALE-{i:05d}。\n").encode()
        entries = [{"date": f"2024-0{v}-01T00:00:00+00:00", "source": f"policies/{slug}.txt", "fetched_at": f"2024-0{v}-01T00:00:00+00:00",
                    "raw_file": "source.txt", "raw_size": len(text), "raw_sha256": sha256(text), "text_sha256": sha256(text),
                    "text_chars": len(text), "stated_dates": {}, "commit": None} for v in (1, 2)]
        for name, data in (("source.txt", text), ("policy.txt", text), ("meta.json", dump({"policy": slug, "version": 2})),
                           ("versions.json", dump_index(slug, entries))):
            out.append(f"M 100644 inline {slug}/{name}\ndata {len(data)}\n".encode() + data + b"\n")
        proc.stdin.write(b"".join(out))  # streamed: this process stays small (its peak RSS is the children's start)
        out = []
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")


def list_only(n: int, keep: Path | None) -> None:
    work = keep or Path(tempfile.mkdtemp(prefix="policydiff-list-"))
    try:
        seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
        t0 = time.perf_counter()
        build_archive(work / "archive", n, seeds)
        print(f"built an archive of {n} policies with git fast-import in {time.perf_counter() - t0:.1f} s")
        times = []
        for _ in range(3):
            t, rss, listing = command("list", "--archive", str(work / "archive"))
            times.append(t)
        print(f"list, {len(listing.splitlines()) - 1} policies: best {min(times):.2f} s of 3 "
              f"[target <= 1 s: {'ok' if min(times) <= 1 else 'OVER TARGET'}], peak RSS {rss / 2**20:.0f} MB")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=10000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--list-only", action="store_true", help="measure `list` only, on an archive built by fast-import")
    args = ap.parse_args()
    if args.list_only:
        list_only(args.sources, args.keep)
        return
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
