"""``policydiff demo``: the scheduled check end to end on a bundled policy, no network.

A temporary archive tracks a real published policy (a copy of seed 002 with its contact
line); the first check records it, the policy's file is replaced by a later version whose
contact telephone changed — a material change under the policy's own list — and the
second check records the new version, writes the reports, the Atom feed and the digest.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from policydiff.watch import config as config_mod
from policydiff.watch import run as check_mod
from policydiff.watch.config_parse import load as load_config
from policydiff.watch.outcome import Options

DEMO_SOURCES = """\
# written by `policydiff demo`
[defaults]
interval = "1d"
digest = "run"

[[source]]
slug = "demo-miniprogram"
name = "示例小程序隐私政策 (demo)"
path = "policies/demo-miniprogram.txt"
tags = ["demo"]
"""


def demo_text(version: int) -> bytes:
    """The bundled policy, version 1 or 2."""
    return (resources.files("policydiff") / "data" / "demo" / f"privacy-v{version}.txt").read_bytes()


def run_demo(keep: Path | None = None) -> str:
    """Track the bundled policy, change it, check twice; return the alert Markdown."""
    workdir = Path(keep) if keep is not None else Path(tempfile.mkdtemp(prefix="policydiff-demo-"))
    archive_dir = workdir / "archive"
    try:
        archive_dir.mkdir(parents=True, exist_ok=True)
        policy = archive_dir / "policies" / "demo-miniprogram.txt"
        policy.parent.mkdir(parents=True, exist_ok=True)
        (archive_dir / config_mod.SOURCES_FILE).write_text(DEMO_SOURCES, encoding="utf-8")
        cfg = load_config(archive_dir / config_mod.SOURCES_FILE)
        options = Options(force=True)

        policy.write_bytes(demo_text(1))
        first = check_mod.run(archive_dir, cfg, options)
        policy.write_bytes(demo_text(2))
        second = check_mod.run(archive_dir, cfg, options)

        lines = [
            "# policydiff demo",
            "",
            f"Run 1 — {first.summary()}",
            f"Run 2 — {second.summary()}",
            "",
            "The alert of the second run (in the Atom feed, the JSON-lines log and the digest; with an alert",
            "route, `policydiff alerts add NAME URL --default`, it would also be mailed or posted):",
            "",
            *(a.text() for a in second.alerts),
            *(f"warning: {w}" for w in second.warnings),
            "",
        ]
        if keep is None:
            lines.append("(The demo archive was temporary and is removed; `policydiff demo --keep DIR` keeps it.)")
        else:
            lines += [
                f"Archive kept in {archive_dir}: sources.toml, feed.atom, alerts.jsonl, digest.md, reports/.",
                "Try: policydiff check --archive " + str(archive_dir) + " --force",
            ]
        return "\n".join(lines).rstrip() + "\n"
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
