"""Count the git processes one `policydiff snapshot` starts (the promise: at most 2).

A logging `git` wrapper goes first on PATH; each command below runs as a real CLI process
against a fresh archive, and the git commands it started are printed with their count:
a first version, a new version, an unchanged text, and `check` of one changed path source.

    python bench/bench_git_processes.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "tests" / "data" / "seeds").glob("000_*.txt"))


def main() -> int:
    git = shutil.which("git")
    if git is None:
        print("git is not on PATH")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        log = work / "git.log"
        (work / "bin").mkdir()
        wrapper = work / "bin" / "git"
        wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{git}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
        env = {**os.environ, "PATH": f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONPATH": str(ROOT)}
        env.pop("POLICYDIFF_ARCHIVE", None)
        text = SEED.read_text(encoding="utf-8")
        (work / "archive").mkdir()
        (work / "archive" / "p.txt").write_text(text, encoding="utf-8")
        steps = [
            ("init", ["init"], None),
            ("snapshot, first version", ["snapshot", "demo", "archive/p.txt"], None),
            ("snapshot, new version", ["snapshot", "demo", "archive/p.txt"], text + "\n附加条款：我们会向第三方提供你的位置信息。\n"),
            ("snapshot, unchanged", ["snapshot", "demo", "archive/p.txt"], None),
            ("sources add", ["sources", "add", "demo2", "archive/p.txt"], None),
            ("check, first version", ["check", "--force"], None),
            ("check, new version", ["check", "--force"], text + "\n附加条款：我们会保存你的订单信息五年。\n"),
        ]
        worst = 0
        for label, args, new_text in steps:
            if new_text is not None:
                (work / "archive" / "p.txt").write_text(new_text, encoding="utf-8")
            log.unlink(missing_ok=True)
            proc = subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=work, env=env, capture_output=True, text=True)
            calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
            if label.startswith("snapshot"):
                worst = max(worst, len(calls))
            print(f"{label:28s} exit {proc.returncode}  git processes {len(calls)}: " + "; ".join(c.split(' ', 2)[-1][:40] for c in calls))
        print(f"most git processes in one snapshot: {worst} (promise: at most 2)")
        return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
