"""Benchmark `policydiff check` over 1,000 local sources with 50 changed.

Targets (issue 6): the run with 50 changes ≤ 30 s and ≤ 200 MB peak RSS; an unchanged
source ≤ 10 ms. Each measured run is a separate `policydiff check` process (interpreter
start-up included), so its wall time and peak RSS are the command's own.

    python bench/bench_check.py [--sources 1000] [--changed 50] [--keep DIR]

Side by side with urlwatch (issue 12): ``--vs-urlwatch`` installs urlwatch in a temporary venv
(or uses ``--urlwatch-venv DIR``), writes N local policy files and runs, in the same run, urlwatch
(``url: file://…`` jobs, its own config and cache) and ``policydiff check`` (path sources) on
them: first run; nothing changed; 50 files re-wrapped (layout only: policydiff must report no
change, urlwatch reports each); 50 with a new sharing sentence (policydiff records, compares,
judges, reports and alerts each). Prints wall time, peak RSS (``os.wait4`` of each process) and
the ratios against the issue's targets, and how many changes each tool reported.

    python bench/bench_check.py --vs-urlwatch [--sources 200] [--urlwatch-venv /tmp/uw] [--policydiff-path SRC]
        [--policydiff-venv /tmp/pd] [--texts real]

The sources are made of the five seeds by default: each changed one is then a seed compared for
the tenth time, and a compare worker's caches of sentences it has read make a repeat cheaper than
a policy never seen. ``--texts real`` makes them of the seeds and the 48 real policies of
tests/data/real, so that the 50 changed sources are 50 different policies, as in real use.

Each tool runs from a venv of its own, as a user installs it (``pipx``, ``pip install`` in a venv):
urlwatch's holds urlwatch, policydiff's holds policydiff's dependencies (``pip install`` of the
project: it is created when missing) and runs the tree given by ``--policydiff-path`` through
PYTHONPATH. Neither interpreter then reads the ``.pth`` files of a shared site-packages (an
editable install's finder, a sandbox's certificate hook: ~25 ms of start-up that is neither
tool's own). ``--policydiff-venv system`` runs policydiff under this interpreter instead.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
SHARING = {"003": ("（一）共享\n", "我们会向北京数据智能科技有限公司提供你的手机号码、设备信息和订单信息，用于营销数据分析。")}
INSERT = "我们会与第三方广告服务商共享您的设备标识符和位置信息，用于个性化广告投放。"


# The policies the sources are made of: the five seeds (the default), or with ``--texts real`` the
# seeds and every real policy of tests/data/real (controls left out): 53 texts, so that the 50
# changed sources of ``--vs-urlwatch`` (every 4th) are 50 different policies. With the seeds alone
# each is compared ten times, and a worker's caches of what it has read make a repeat cheaper
# than a policy never seen (the per-comparison memory is dropped, the sentence caches are not).
TEXTS: list[Path] = list(SEEDS)


def real_texts() -> list[Path]:
    """The seeds and every real policy of ``tests/data/real`` but the same-version controls."""
    real = sorted(p for p in (ROOT / "tests" / "data" / "real").rglob("*.txt") if "_controls_same_version" not in p.parts)
    return list(SEEDS) + real


def policy_text(i: int) -> str:
    """Source i's policy: text i of ``TEXTS`` (cycled) with a line that makes every source's text its own."""
    seed = TEXTS[i % len(TEXTS)].read_text(encoding="utf-8")
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


# -- side by side with urlwatch ----------------------------------------------------------------------


def rewrapped_text(i: int) -> str:
    """Source i's text with another layout only: every paragraph broken every 30 characters."""
    out = []
    for line in policy_text(i).splitlines():
        out.append("\n".join(line[k : k + 30] for k in range(0, len(line), 30)) if len(line) > 30 else line)
    return "\n".join(out) + "\n"


def timed(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, int, str, float]:
    """Run one process: wall seconds, its own peak RSS (bytes, from wait4), stdout, and its CPU
    seconds (user + system, its own and its reaped children's: git processes count)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    import threading

    chunks: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda k=k, f=f: chunks.__setitem__(k, f.read()))
               for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{argv[:4]} failed ({proc.returncode}):\n{chunks['err'].decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss * 1024, chunks["out"].decode("utf-8", "replace"), usage.ru_utime + usage.ru_stime


def urlwatch_venv(path: Path | None, work: Path) -> Path:
    """A venv with urlwatch: the one given, or a new one in the work folder (pip install urlwatch)."""
    if path is not None and (path / "bin" / "urlwatch").exists():
        return path
    venv = path or work / "urlwatch-venv"
    print(f"creating {venv} and installing urlwatch ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "urlwatch"], check=True)
    return venv


def policydiff_python(path: str | None, work: Path) -> str:
    """The interpreter policydiff runs under: a venv holding its dependencies (the one given, or a
    new one in the work folder: ``pip install`` of this project), or this one (``system``)."""
    if path == "system":
        return sys.executable
    venv = Path(path) if path else work / "policydiff-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} and installing policydiff's dependencies ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True)
    return str(python)


def vs_urlwatch(args: argparse.Namespace, work: Path, venv: Path) -> list[tuple[Any, ...]]:
    """One whole scenario in ``work``: the rows of the table."""
    n = args.sources
    files = work / "policies"
    files.mkdir(parents=True, exist_ok=True)
    uw = work / "urlwatch"
    uw.mkdir(exist_ok=True)
    archive = work / "archive"
    archive.mkdir(exist_ok=True)
    # the files sit beside the archive (urlwatch reads the same ones), so they are allowed by path_root
    jobs, sources = [], [f'[defaults]\ninterval = "1d"\nconcurrency = 8\npath_root = "{files}"\n']
    for i in range(n):
        path = files / f"p{i:05d}.txt"
        path.write_text(policy_text(i), encoding="utf-8")
        jobs.append(f"name: p{i:05d}\nurl: {path.as_uri()}\n")
        sources.append(f'[[source]]\nslug = "p{i:05d}"\npath = "{path}"\n')
    (uw / "urls.yaml").write_text("---\n".join(jobs), encoding="utf-8")
    (archive / "sources.toml").write_text("\n".join(sources), encoding="utf-8")
    uw_cmd = [str(venv / "bin" / "urlwatch"), "--urls", str(uw / "urls.yaml"), "--config", str(uw / "urlwatch.yaml"),
              "--cache", str(uw / "cache.db"), "--hooks", str(uw / "hooks.py")]
    # both tools start from bytecode, as installed copies do (urlwatch's venv was compiled by pip):
    # a shell with PYTHONDONTWRITEBYTECODE would make policydiff compile ~80 modules in every run
    pd_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    pd_env["PYTHONPATH"] = str(args.policydiff_path.resolve())
    subprocess.run([args.python, "-m", "compileall", "-q", str(args.policydiff_path / "policydiff")],
                   env=pd_env, check=False, stdout=subprocess.DEVNULL)
    pd_cmd = [args.python, "-m", "policydiff.cli", "check", "--archive", str(archive), "--force"]
    step = max(1, n // args.changed)
    rewrap = list(range(0, n, step))[: args.changed]
    material = list(range(step // 2, n, step))[: args.changed]

    def count_uw(out: str) -> tuple[int, int]:
        return (len(re.findall(r"^\d+\. NEW: ", out, re.M)), len(re.findall(r"^\d+\. CHANGED: ", out, re.M)))

    def count_pd(out: str) -> tuple[int, int, int]:
        m = re.search(r"new versions (\d+), changed (\d+) \(material (\d+)\)", out)
        return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (-1, -1, -1)

    rows = []

    def step_run(label: str, target: float) -> None:
        t_uw, rss_uw, out_uw, cpu_uw = timed(uw_cmd, cwd=uw)
        cmd = pd_cmd
        if args.profile:  # cProfile's overhead counts in the times then
            args.profile.mkdir(parents=True, exist_ok=True)
            prof = args.profile / (re.sub(r"\W+", "-", label) + ".prof")
            cmd = [args.python, "-m", "cProfile", "-o", str(prof), "-m", "policydiff.cli", *pd_cmd[3:]]
        # cwd: `python -m` puts it first on sys.path, where a checkout would shadow --policydiff-path
        t_pd, rss_pd, out_pd, cpu_pd = timed(cmd, env=pd_env, cwd=work)
        new_uw, changed_uw = count_uw(out_uw)
        new_pd, changed_pd, material_pd = count_pd(out_pd)
        rows.append((label, t_pd, t_uw, target, rss_pd, rss_uw,
                     f"new {new_pd}, changed {changed_pd} (material {material_pd})", f"new {new_uw}, changed {changed_uw}",
                     cpu_pd, cpu_uw))
        size = sum(f.stat().st_size for f in (archive / "versions.git").rglob("*") if f.is_file()) / 2**20
        print(f"  {label}: policydiff {t_pd:.2f} s, urlwatch {t_uw:.2f} s; versions.git {size:.1f} MiB", file=sys.stderr)

    # urlwatch writes its default config on first use; make it quiet and colourless for a fair pipe
    subprocess.run([*uw_cmd, "--list"], capture_output=True, cwd=uw)
    cfg = uw / "urlwatch.yaml"
    if cfg.exists():
        cfg.write_text(cfg.read_text().replace("color: true", "color: false"))
    step_run("first run", 1.5)
    step_run("nothing changed", 0.5)
    for i in rewrap:
        (files / f"p{i:05d}.txt").write_text(rewrapped_text(i), encoding="utf-8")
    step_run(f"{len(rewrap)} re-wrapped", 1.0)
    for i in material:
        (files / f"p{i:05d}.txt").write_text(changed_text(i), encoding="utf-8")
    step_run(f"{len(material)} new sharing sentence", 1.5)
    return rows


def print_table(args: argparse.Namespace, venv: Path, runs: list[list[tuple[Any, ...]]]) -> None:
    """Medians over the repeated scenarios (each a fresh folder), with each run's ratio."""
    import statistics

    rows = []
    for parts in zip(*runs, strict=True):
        label, target = parts[0][0], parts[0][3]
        med = [statistics.median(p[k] for p in parts) for k in (1, 2, 4, 5, 8, 9)]
        rows.append((label, med[0], med[1], target, med[2], med[3], parts[0][6], parts[0][7],
                     [p[1] / p[2] for p in parts], med[4], med[5]))
    print(f"\n{args.sources} local policy files made of {len(TEXTS)} policies ({args.texts}); "
          f"policydiff from {args.policydiff_path} under {args.python}; "
          f"urlwatch in {venv}; "
          f"medians of {len(runs)} scenario(s)")
    print("| run | policydiff | urlwatch | ratio (each run) | target | CPU s pd / uw | peak RSS pd / uw "
          "| policydiff reported | urlwatch reported |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|")
    import statistics

    for label, t_pd, t_uw, target, rss_pd, rss_uw, rep_pd, rep_uw, ratios, cpu_pd, cpu_uw in rows:
        ratio = statistics.median(ratios)  # the median of each scenario's own ratio: robust to a stalled run
        verdict = "ok" if ratio <= target else "OVER"
        each = "" if len(ratios) == 1 else " (" + ", ".join(f"{r:.2f}" for r in ratios) + ")"
        print(f"| {label} | {t_pd:.2f} s | {t_uw:.2f} s | {ratio:.2f}x{each} | <= {target}x {verdict} "
              f"| {cpu_pd:.2f} / {cpu_uw:.2f} | {rss_pd / 2**20:.0f} / {rss_uw / 2**20:.0f} MB | {rep_pd} | {rep_uw} |")


def print_interpreters(venv: Path, python: str) -> None:
    """What each tool's bare interpreter costs before any of its code runs (``python -c pass``,
    median of 9): a fresh venv reads no ``.pth`` file; a shared site-packages (``--policydiff-venv
    system``) may read several (an editable install's finder, a certifi hook), a cost in every
    policydiff figure above that is not policydiff's own."""
    import statistics

    def start(python: str) -> float:
        times = []
        for _ in range(9):
            t0 = time.perf_counter()
            subprocess.run([python, "-c", "pass"], check=True)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    print(f"interpreter start-up (python -c pass): policydiff's ({python}) {start(python) * 1000:.0f} ms, "
          f"urlwatch's venv {start(str(venv / 'bin' / 'python')) * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=1000)
    ap.add_argument("--changed", type=int, default=50)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--vs-urlwatch", action="store_true", help="side by side with urlwatch on the same files")
    ap.add_argument("--urlwatch-venv", type=Path, help="a venv holding urlwatch (created when missing)")
    ap.add_argument("--policydiff-path", type=Path, default=ROOT, help="PYTHONPATH of the policydiff measured")
    ap.add_argument("--policydiff-venv", help="a venv holding policydiff's dependencies (created when missing), "
                    "or 'system': this interpreter")
    ap.add_argument("--repeat", type=int, default=1, help="run the whole scenario this many times (medians)")
    ap.add_argument("--profile", type=Path, help="profile each policydiff run (cProfile) into this folder")
    ap.add_argument("--texts", choices=("seeds", "real"), default="seeds",
                    help="the sources' policies: the 5 seeds (default), or the seeds and tests/data/real's "
                         "48 real policies, so that each changed source is a policy of its own")
    args = ap.parse_args()
    if args.texts == "real":
        TEXTS[:] = real_texts()
    if args.vs_urlwatch:
        work = (args.keep or Path(tempfile.mkdtemp(prefix="policydiff-vs-urlwatch-"))).resolve()
        try:
            venv = urlwatch_venv(args.urlwatch_venv, work)
            args.python = policydiff_python(args.policydiff_venv, work)
            runs = [vs_urlwatch(args, work / f"run{k}", venv) for k in range(args.repeat)]
            print_table(args, venv, runs)
            print_interpreters(venv, args.python)
        finally:
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
        return

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
