"""The README's commands run as shown: every shell block marked ``<!-- runs offline: … -->``
(those that need no network) is run line by line with bash in a fresh folder, with the
project's `tests/` beside it (the data the blocks copy from) and `policydiff` on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "<!-- runs offline: tests/test_readme.py -->"


def offline_blocks(readme: str) -> list[str]:
    """The shell blocks right after the marker line."""
    return re.findall(re.escape(MARK) + r"\n```sh\n(.*?)```", readme, flags=re.S)


def test_the_readmes_offline_shell_blocks_run_as_shown(tmp_path: Path) -> None:
    blocks = offline_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 2, "the README marks its offline blocks"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "policydiff"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m policydiff "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    work = tmp_path / "project"
    work.mkdir()
    (work / "tests").symlink_to(ROOT / "tests")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("POLICYDIFF_ARCHIVE", None)
    for block in blocks:
        for line in block.splitlines():
            if not line.strip():
                continue
            proc = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, f"{line}\n{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}"
            assert "Traceback" not in proc.stderr, line
    assert (work / "r12306.md").is_file() and (work / "_policydiff").read_text(encoding="utf-8").startswith("#compdef")
