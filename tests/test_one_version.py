"""One version per distinct text: re-imports, pages flipping between two texts, rollbacks.

Real policies from tests/data/corpus (see each folder's SOURCE.md), a real git archive in a
temp dir, and a real local HTTP server (tests/_servers.py) for the flipping page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from _servers import Page, PolicyServer, WebhookReceiver
from conftest import DATA

from policydiff.archive.versions import Archive
from policydiff.watch import config_parse, outcome
from policydiff.watch import run as check

RAILWAY = DATA / "corpus" / "china-railway-12306"
JIANYING = DATA / "corpus" / "bytedance-jianying"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_import_three_times_records_each_text_once_even_two_on_one_date(tmp_path: Path) -> None:
    folder = tmp_path / "china-railway-12306"
    shutil.copytree(RAILWAY, folder, ignore=shutil.ignore_patterns("*.md"))
    assert cli("init", cwd=tmp_path).returncode == 0
    first = cli("import", str(folder), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "4 of 4 file(s) recorded" in first.stdout
    for _ in range(2):
        again = cli("import", str(folder), cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert "nothing recorded: all 4 file(s) are already in the archive" in again.stdout, again.stdout
    versions = Archive.open(tmp_path / "archive").versions("china-railway-12306")
    assert [v.index for v in versions] == [1, 2, 3, 4]


def test_snapshot_of_an_older_text_is_a_return_not_a_version(tmp_path: Path) -> None:
    old, new = sorted(JIANYING.glob("*.txt"))
    assert cli("init", cwd=tmp_path).returncode == 0
    assert cli("snapshot", "jianying", str(old), cwd=tmp_path).returncode == 0
    assert cli("snapshot", "jianying", str(new), cwd=tmp_path).returncode == 0
    back = cli("snapshot", "jianying", str(old), cwd=tmp_path)
    assert back.returncode == 0 and back.stdout.startswith("returned to #1"), back.stdout
    assert len(Archive.open(tmp_path / "archive").versions("jianying")) == 2


def test_a_page_flipping_between_two_texts_records_two_versions_one_alert_and_a_note_per_flip(tmp_path: Path) -> None:
    a, b = (p.read_text(encoding="utf-8") for p in sorted(JIANYING.glob("*.txt")))
    archive_dir = tmp_path / "archive"
    archive_dir.mkdir()
    with PolicyServer() as web, WebhookReceiver() as hook:
        (archive_dir / "sources.toml").write_text(
            f'[defaults]\nalerts = ["hook"]\ndigest = "change"\n\n'
            f'[[source]]\nslug = "jianying"\nname = "剪映隐私政策"\nurl = "{web.url("/privacy")}"\n'
            'allow_private = true\n\n'  # the test server is on 127.0.0.1
            f'[alerts.hook]\nurls = ["json://127.0.0.1:{hook.port}/hook"]\n', encoding="utf-8")
        cfg = config_parse.load(archive_dir / "sources.toml")
        results = []
        for text in (a, b, a, b, b):
            web.pages["/privacy"] = Page(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
            results.append(check.run(archive_dir, cfg, outcome.Options(force=True)))
        posts = hook.posts
    statuses = [r.outcomes[0].status for r in results]
    assert statuses == ["first", "changed", "returned", "returned", "unchanged"], statuses
    assert results[2].notes == ["jianying: the text is again that of #1 (recorded " + results[2].notes[0].split("recorded ")[1]]
    assert "#2" in results[3].notes[0]
    assert all(r.exit_code == 0 for r in results)
    assert len(Archive.open(archive_dir).versions("jianying")) == 2
    assert [len(r.alerts) for r in results] == [0, 1, 0, 0, 0]
    assert len(posts) == 1
    digest = (archive_dir / "digest.md").read_text(encoding="utf-8")
    assert "### Returned" not in digest  # the last run: the same bytes, nothing to say
    assert "returned to an earlier version 1" in results[3].summary()
