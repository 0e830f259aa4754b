"""No alert is dropped without a word: routes nobody uses, sources nobody hears, `--strict`,
`alerts add|list|remove`, `sources add --alerts`, and `notify --test` trying every URL.

Everything runs the real command line against a real webhook receiver (tests/_servers.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from _servers import WebhookReceiver
from conftest import NEW_RECIPIENT, policy_v1, policy_v2


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=300)


def test_a_route_nobody_uses_warns_everywhere_and_strict_fails_until_it_is_used(tmp_path: Path) -> None:
    assert cli("init", cwd=tmp_path).returncode == 0
    policy = tmp_path / "archive" / "inbox" / "policy.txt"  # under the sources file's folder, the default root
    policy.parent.mkdir()
    policy.write_text(policy_v1(), encoding="utf-8")
    assert cli("sources", "add", "kehutong", str(policy), "--name", "客户通隐私政策", cwd=tmp_path).returncode == 0
    with WebhookReceiver() as hook:
        url = f"json://127.0.0.1:{hook.port}/hook"
        added = cli("alerts", "add", "compliance", url, cwd=tmp_path)
        assert added.returncode == 0, added.stderr
        assert "'compliance' is used by no source" in added.stderr
        assert "1 source has no alert route" in added.stderr and "kehutong" in added.stderr

        listed = cli("sources", "list", cwd=tmp_path)
        assert "no alert route" in listed.stderr
        routes = cli("alerts", "list", cwd=tmp_path)
        assert routes.stdout.splitlines()[1].startswith("compliance\tjson://127.0.0.1")
        assert "used by no source" in routes.stderr

        tested = cli("notify", "--test", cwd=tmp_path)
        assert tested.returncode == 0 and "compliance" in tested.stdout and "ok" in tested.stdout
        assert "used by no source" in tested.stderr  # the test reached the hook, but no alert ever will

        assert cli("check", cwd=tmp_path).returncode == 0  # the first version
        policy.write_text(policy_v2(), encoding="utf-8")
        checked = cli("check", "--force", cwd=tmp_path)
        assert checked.returncode == 0, checked.stderr
        assert "warning: kehutong: a material change (#2) was recorded but alerted to no one" in checked.stderr
        assert "warnings 2" in checked.stdout or "warnings 3" in checked.stdout
        digest = (tmp_path / "archive" / "digest.md").read_text(encoding="utf-8")
        assert "### Warnings" in digest and "alerted to no one" in digest
        assert len(hook.posts) == 1  # the test message only
        assert cli("check", "--strict", cwd=tmp_path).returncode == 2

        # the route, named in [defaults]: every source now sends to it, and nothing warns
        assert cli("alerts", "remove", "compliance", cwd=tmp_path).returncode == 0
        readded = cli("alerts", "add", "compliance", url, "--default", cwd=tmp_path)
        assert readded.returncode == 0 and readded.stderr == "", readded.stderr
        policy.write_text(policy_v2().replace(NEW_RECIPIENT, NEW_RECIPIENT + "我们还会提供你的位置信息。"), encoding="utf-8")
        fixed = cli("check", "--force", "--strict", cwd=tmp_path)
        assert fixed.returncode == 0, fixed.stderr
        assert "warning" not in fixed.stderr
        assert len(hook.posts) == 2


def test_sources_add_alerts_names_the_route_and_an_unknown_route_is_a_usage_error(tmp_path: Path) -> None:
    assert cli("init", cwd=tmp_path).returncode == 0
    policy = tmp_path / "archive" / "policy.txt"
    policy.write_text(policy_v1(), encoding="utf-8")
    assert cli("alerts", "add", "ops", "json://127.0.0.1:9/x", cwd=tmp_path).returncode == 0
    bad = cli("sources", "add", "a", str(policy), "--alerts", "nosuch", cwd=tmp_path)
    assert bad.returncode == 64 and "nosuch" in bad.stderr and len(bad.stderr.splitlines()) == 1
    good = cli("sources", "add", "a", str(policy), "--alerts", "ops", cwd=tmp_path)
    assert good.returncode == 0 and good.stderr == "", good.stderr
    text = (tmp_path / "archive" / "sources.toml").read_text(encoding="utf-8")
    assert 'alerts = ["ops"]' in text
    assert "# policydiff sources" in text  # the example's comments stay
    removed = cli("alerts", "remove", "ops", cwd=tmp_path)
    assert removed.returncode == 0
    text = (tmp_path / "archive" / "sources.toml").read_text(encoding="utf-8")
    assert "[alerts.ops]" not in text and 'alerts = []' in text
    assert cli("alerts", "remove", "ops", cwd=tmp_path).returncode == 64


def test_notify_test_tries_every_url_of_a_route_in_the_alerts_language(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    with WebhookReceiver() as hook:
        (archive / "sources.toml").write_text(
            '[defaults]\nlang = "zh"\nalerts = ["ops"]\n\n'
            f'[alerts.ops]\nurls = ["json://127.0.0.1:{hook.port}/a?token=${{UNSET_TOKEN_FOR_TEST}}", '
            f'"json://127.0.0.1:{hook.port}/b"]\n', encoding="utf-8")
        tested = cli("notify", "--test", cwd=tmp_path)
        posts = hook.json_bodies()
    assert tested.returncode == 2
    lines = tested.stdout.splitlines()
    assert len(lines) == 2
    assert "FAILED" in lines[0] and "UNSET_TOKEN_FOR_TEST is not set" in lines[0]
    assert lines[1].endswith("\tok")
    assert "1 of 2 notification URL(s) delivered" in tested.stderr
    (post,) = posts
    assert "测试通知" in post["title"] and "告警路由「ops」" in post["message"]
