"""Sources that fail now instead of later: refused when added or loaded (paths under the root
and existing, http(s) only, a timeout that can work), and a selector that stops matching is a
failure alert with its cause, once, and a recovery once.

Real CLI processes, a real local HTTP server and webhook receiver (tests/_servers.py), seeds
from tests/data/seeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _servers import Page, PolicyServer, WebhookReceiver
from conftest import seed_path

from policydiff.errors import ConfigError
from policydiff.watch import alerts, config_parse, outcome
from policydiff.watch import run as check


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def html(text: str, wrapper: str = "policy") -> bytes:
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset='utf-8'><title>隐私政策</title></head><body><div class='{wrapper}'>{body}</div></body></html>".encode()


def test_sources_add_refuses_what_would_fail_every_check(tmp_path: Path) -> None:
    assert cli("init", cwd=tmp_path).returncode == 0
    (tmp_path / "outside.txt").write_text(seed_path("001").read_text(encoding="utf-8"), encoding="utf-8")
    cases = {
        ("x", "archive/nosuch.txt"): "no such file",
        ("x", "outside.txt"): "outside the sources' root",
        ("x", "htp://example.com/privacy"): "only http:// and https://",
        ("x", "file:///etc/passwd"): "only http:// and https://",
        ("x", "javascript:alert(1)"): "only http:// and https://",
        ("x", "ftp://example.com/p.txt"): "only http:// and https://",
    }
    before = (tmp_path / "archive" / "sources.toml").read_text(encoding="utf-8")
    for (slug, where), message in cases.items():
        proc = cli("sources", "add", slug, where, cwd=tmp_path)
        assert proc.returncode == 64, (where, proc.stderr)
        assert message in proc.stderr and len(proc.stderr.splitlines()) == 1, (where, proc.stderr)
    assert (tmp_path / "archive" / "sources.toml").read_text(encoding="utf-8") == before  # nothing written
    typo = cli("snapshot", "x", "htp://example.com/privacy", cwd=tmp_path)
    assert typo.returncode == 64 and "only http:// and https://" in typo.stderr
    (tmp_path / "archive" / "in-root.txt").write_text(seed_path("001").read_text(encoding="utf-8"), encoding="utf-8")
    ok = cli("sources", "add", "inroot", "archive/in-root.txt", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    checked = cli("check", cwd=tmp_path)  # the path added from the project folder is found from there
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("body, message", [
    ('[defaults]\ntimeout = 0.001\n', "timeout must be a number of seconds from 1"),
    ('[[source]]\nslug = "a"\nurl = "https://a.example/p"\ntimeout = 0\n', "timeout must be a number of seconds from 1"),
    ('[[source]]\nslug = "a"\nurl = "ftp://a.example/p"\n', "url must be an http\\(s\\) URL"),
    ('[[source]]\nslug = "a"\nurl = "javascript:alert(1)"\n', "url must be an http\\(s\\) URL"),
    ('[[source]]\nslug = "a"\npath = "../elsewhere.txt"\n', "outside the sources' root"),
])
def test_the_sources_file_is_refused_when_loaded_with_the_line(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "sources.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        config_parse.load(tmp_path / "sources.toml")
    assert "sources.toml, line " in str(info.value) and "\n" not in str(info.value)


def test_a_selector_that_stops_matching_alerts_once_with_its_cause_and_recovers_once(tmp_path: Path) -> None:
    text = seed_path("003").read_text(encoding="utf-8")
    archive_dir = tmp_path / "archive"
    archive_dir.mkdir()
    with PolicyServer() as web, WebhookReceiver() as hook:
        (archive_dir / "sources.toml").write_text(
            f'[defaults]\nalerts = ["ops"]\nfailure_threshold = 1\ndigest = "change"\n\n'
            f'[[source]]\nslug = "kehutong"\nurl = "{web.url("/privacy")}"\nselector = "div.policy"\n'
            'allow_private = true\n\n'  # the test server is on 127.0.0.1
            f'[alerts.ops]\nurls = ["json://127.0.0.1:{hook.port}/hook"]\n', encoding="utf-8")
        cfg = config_parse.load(archive_dir / "sources.toml")
        pages = [html(text), html(text, "policy-v2"), html(text, "policy-v2"), html(text)]
        results = []
        for page in pages:
            web.pages["/privacy"] = Page(page)
            results.append(check.run(archive_dir, cfg, outcome.Options(force=True)))
        posts = hook.json_bodies()
    assert [r.outcomes[0].status for r in results] == ["first", "failed", "failed", "unchanged"]
    assert "the selector 'div.policy' matched nothing" in results[1].outcomes[0].error
    states = [[a.state for a in r.alerts if isinstance(a, alerts.FailureAlert)] for r in results]
    assert states == [[], ["failing"], [], ["recovered"]]
    assert len(posts) == 2 and "matched nothing" in posts[0]["message"]


def test_an_edited_selector_is_applied_even_when_the_bytes_are_the_same(tmp_path: Path) -> None:
    text = seed_path("003").read_text(encoding="utf-8")
    archive_dir = tmp_path / "archive"
    archive_dir.mkdir()
    with PolicyServer() as web:
        web.pages["/privacy"] = Page(html(text))
        src = f'[[source]]\nslug = "kehutong"\nurl = "{web.url("/privacy")}"\nselector = "{{}}"\n'
        src += "allow_private = true\n"  # the test server is on 127.0.0.1
        (archive_dir / "sources.toml").write_text(src.format("div.policy"), encoding="utf-8")
        first = check.run(archive_dir, config_parse.load(archive_dir / "sources.toml"), outcome.Options(force=True))
        (archive_dir / "sources.toml").write_text(src.format("div.gone"), encoding="utf-8")
        second = check.run(archive_dir, config_parse.load(archive_dir / "sources.toml"), outcome.Options(force=True))
    assert first.outcomes[0].status == "first"
    assert second.outcomes[0].status == "failed" and "matched nothing" in second.outcomes[0].error


def test_an_empty_page_names_the_browser_render(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><div id='app'></div><script>x()</script></body></html>", encoding="utf-8")
    assert cli("init", cwd=tmp_path).returncode == 0
    proc = cli("snapshot", "x", "empty.html", cwd=tmp_path)
    assert proc.returncode == 2 and 'render = "browser"' in proc.stderr and len(proc.stderr.splitlines()) == 1
