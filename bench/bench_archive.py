"""Benchmark the archive at scale: 1,000 policies x 100 versions (configurable).

Builds the archive with `git fast-import` (100,000 snapshot calls would take hours) in
exactly the layout ``policydiff.archive.Archive`` writes - the same file names, meta.json,
versions.json (one line per version, commit ids filled in) and refs/policies/<slug> - then
times, as medians: ``log`` of one policy, ``show`` of its newest version, and a snapshot of
an unchanged policy, each through the library and through the CLI as a subprocess; and
prints the archive's size on disk.

    python bench/bench_archive.py                       # full size (a few minutes)
    python bench/bench_archive.py --policies 50 --versions 10 --keep /tmp/a
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policydiff.archive.layout import BRANCH, POLICY_REFS  # noqa: E402
from policydiff.archive.layout import dump as _dump  # noqa: E402
from policydiff.archive.layout import dump_index as _dump_index  # noqa: E402
from policydiff.archive.layout import iso as _iso  # noqa: E402
from policydiff.archive.layout import message as _message  # noqa: E402
from policydiff.archive.layout import sha256 as _sha256  # noqa: E402
from policydiff.archive.layout import stated as _stated  # noqa: E402
from policydiff.archive.versions import Archive  # noqa: E402
from policydiff.text.extract import EXTRACTOR_VERSION  # noqa: E402
from policydiff.version import __version__  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))


def _git_date(dt: datetime) -> str:
    """git's raw date: epoch seconds and the UTC offset."""
    offset = dt.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{int(dt.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def version_text(base: str, policy: int, version: int) -> str:
    """A small edit of a seed: a revision note and one changed number per version."""
    return base.replace("15", str(15 + version % 7), 1) + f"\n\n修订说明：本政策（编号{policy}）第{version}版。\n"


def build(archive_dir: Path, policies: int, versions: int) -> float:
    """Create the archive with fast-import; return the seconds it took."""
    start = time.monotonic()
    Archive.init(archive_dir)
    git_dir = archive_dir / "versions.git"
    tip = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", BRANCH], capture_output=True, text=True,
                         check=True).stdout.strip()
    proc = subprocess.Popen(["git", "--git-dir", str(git_dir), "fast-import", "--quiet", "--force", "--done"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    out, back = proc.stdin, proc.stdout
    # Commit ids come back asynchronously (get-mark); a policy's next version, which must
    # name the previous one's commit in versions.json, is written a full round later.
    answers: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [answers.put(line.decode().strip()) for line in back], daemon=True)
    reader.start()
    pending: list[int] = []  # policy of each get-mark not yet answered, in order
    stated_cache: dict[str, dict | None] = {}
    bases = [p.read_text(encoding="utf-8") for p in SEEDS]
    entries: dict[int, list[dict]] = {p: [] for p in range(policies)}
    last_commit: dict[int, str] = {}
    last_mark: dict[int, int] = {}
    t0 = datetime(2015, 1, 1, tzinfo=timezone.utc)
    mark = 0
    parent = tip
    n = 0
    for v in range(1, versions + 1):
        for p in range(policies):
            slug = f"policy-{p:04d}"
            text = version_text(bases[p % len(bases)], p, v)
            data = text.encode("utf-8")
            when = t0 + timedelta(minutes=n)
            n += 1
            head = text[:3000]
            if head not in stated_cache:
                stated_cache[head] = _stated(text)
            stated = stated_cache[head]
            sha = _sha256(data)
            meta = {
                "policy": slug, "source": f"https://example.com/{slug}/privacy.html", "final_url": None,
                "fetched_at": _iso(when), "http_status": 200, "content_type": "text/plain; charset=utf-8",
                "media_type": "text/plain", "encoding": "utf-8", "selector": None, "raw_file": "source.txt",
                "raw_size": len(data), "raw_sha256": sha, "text_sha256": sha, "text_chars": len(text),
                "stated_dates": stated, "extractor": f"policydiff.extract {EXTRACTOR_VERSION}",
                "policydiff": __version__, "version": v,
            }
            while p in pending:  # the previous version's commit id is needed now
                last_commit[pending.pop(0)] = answers.get()
            if entries[p]:
                entries[p][-1]["commit"] = last_commit[p]
            entries[p].append({"date": _iso(when), "seq": v, "source": meta["source"], "fetched_at": meta["fetched_at"],
                               "raw_file": "source.txt", "raw_size": len(data), "raw_sha256": sha,
                               "text_sha256": sha, "text_chars": len(text), "stated_dates": stated, "commit": None})
            message = _message(slug, v, v, when, stated, meta["source"], sha).encode("utf-8")
            index = _dump_index(slug, entries[p])
            meta_b = _dump(meta)
            mark += 1
            blob = mark
            chunks = [b"blob\nmark :%d\ndata %d\n" % (blob, len(data)), data, b"\n"]
            mark += 1
            commit_mark = mark
            stamp = _git_date(when).encode()
            chunks += [
                b"commit %s\nmark :%d\n" % (BRANCH.encode(), commit_mark),
                b"author policydiff <policydiff@localhost> %s\n" % stamp,
                b"committer policydiff <policydiff@localhost> %s\n" % stamp,
                b"data %d\n" % len(message), message,
                (b"from %s\n" % parent.encode()) if n == 1 else b"",
                b"M 100644 :%d %s/source.txt\n" % (blob, slug.encode()),
                b"M 100644 :%d %s/policy.txt\n" % (blob, slug.encode()),
                b"M 100644 inline %s/meta.json\ndata %d\n" % (slug.encode(), len(meta_b)), meta_b,
                b"M 100644 inline %s/versions.json\ndata %d\n" % (slug.encode(), len(index)), index,
                b"\nget-mark :%d\n" % commit_mark,
            ]
            out.write(b"".join(chunks))
            pending.append(p)
            last_mark[p] = commit_mark
        out.flush()
        print(f"  built version {v}/{versions} of {policies} policies", file=sys.stderr, end="\r")
    for p in range(policies):
        out.write(b"reset %s%s\nfrom :%d\n\n" % (POLICY_REFS.encode(), f"policy-{p:04d}".encode(), last_mark[p]))
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    print(file=sys.stderr)
    return time.monotonic() - start


def median_time(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policies", type=int, default=1000)
    ap.add_argument("--versions", type=int, default=100)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    ap.add_argument("--gc", action="store_true", help="then run git gc --auto and git gc, printing the size after each")
    args = ap.parse_args()
    tmp = None
    if args.keep:
        archive_dir = args.keep
    else:
        tmp = tempfile.mkdtemp(prefix="policydiff-bench-")
        archive_dir = Path(tmp) / "archive"
    try:
        if (archive_dir / "versions.git").exists():
            print(f"reusing {archive_dir}")
        else:
            took = build(archive_dir, args.policies, args.versions)
            print(f"built {args.policies} policies x {args.versions} versions in {took:.1f} s (git fast-import)")
        slug = f"policy-{args.policies // 2:04d}"
        store = Archive.open(archive_dir)
        versions = store.versions(slug)
        assert len(versions) == args.versions and all(v.commit for v in versions)
        latest_text = store.text(versions[-1]).encode("utf-8")
        results = {
            "log (library)": median_time(lambda: Archive.open(archive_dir).versions(slug), args.runs),
            "show (library)": median_time(lambda: (lambda a: a.text(a.resolve(slug, "-1")))(Archive.open(archive_dir)), args.runs),
            "snapshot unchanged (library)": median_time(
                lambda: Archive.open(archive_dir).snapshot(slug, latest_text, source="bench"), args.runs),
        }
        env = dict(os.environ, POLICYDIFF_ARCHIVE=str(archive_dir), PYTHONPATH=str(ROOT))
        src = Path(tempfile.mkdtemp(prefix="policydiff-bench-src-")) / "latest.txt"
        src.write_bytes(latest_text)
        cli = [sys.executable, "-m", "policydiff.cli"]
        gp_env = dict(env, POLICYDIFF_GIT_READER="gitpython")
        for label, argv, run_env in (("log (CLI)", ["log", slug], env), ("show (CLI)", ["show", slug], env),
                                     ("snapshot unchanged (CLI)", ["snapshot", slug, str(src)], env),
                                     ("log (CLI, reads through GitPython)", ["log", slug], gp_env),
                                     ("show (CLI, reads through GitPython)", ["show", slug], gp_env)):
            def run(argv: list[str] = argv, run_env: dict[str, str] = run_env) -> None:
                subprocess.run([*cli, *argv], env=run_env, stdout=subprocess.DEVNULL, check=True)
            results[label] = median_time(run, args.runs)
        results["python startup + CLI imports only (CLI --help)"] = median_time(
            lambda: subprocess.run([*cli, "--help"], env=env, stdout=subprocess.DEVNULL, check=True), args.runs)
        commits = subprocess.run(["git", "--git-dir", str(archive_dir / "versions.git"), "rev-list", "--count", BRANCH],
                                 capture_output=True, text=True, check=True).stdout.strip()
        print(f"archive: {archive_dir}  commits on main: {commits}")
        for label, seconds in results.items():
            print(f"{label:48s} {seconds * 1000:8.1f} ms (median of {args.runs})")
        print(f"{'archive size on disk (versions.git)':48s} {du(archive_dir / 'versions.git') / 2**20:8.1f} MiB")
        if args.gc:
            t = time.perf_counter()
            store.gc_auto()
            print(f"{'after git gc --auto':48s} {du(archive_dir / 'versions.git') / 2**20:8.1f} MiB "
                  f"({time.perf_counter() - t:.1f} s)")
            t = time.perf_counter()
            store.store.git("gc", "--quiet")
            print(f"{'after git gc':48s} {du(archive_dir / 'versions.git') / 2**20:8.1f} MiB "
                  f"({time.perf_counter() - t:.1f} s)")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
