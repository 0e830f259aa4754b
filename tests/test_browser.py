"""`render = "browser"`: headless Chromium against a real local server.

A page whose policy a script inserts after load is recorded through the browser and refused
without it; a page that never finishes loading fails within the source's deadline; the CLI's
`snapshot --render browser` records the same; per-source `remove`, `headers` and `cookies`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _servers import LOCAL, Page, PolicyServer
from conftest import seed_path

from policydiff.errors import FetchError
from policydiff.watch import browser, config_parse, outcome
from policydiff.watch import run as check

needs_chromium = pytest.mark.skipif(browser.find_chromium() is None,
                                    reason="chromium is not installed (apt-get install chromium)")


def policy() -> str:
    return seed_path("003").read_text(encoding="utf-8")


def js_page(text: str, delay_ms: int = 300) -> bytes:
    """An H5 shell: the body is empty until a script fills it, after the load event."""
    lines = json.dumps([line for line in text.splitlines() if line.strip()], ensure_ascii=False)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>隐私政策</title></head>
<body><div id="app"></div><script>
window.addEventListener("load", function () {{
  setTimeout(function () {{
    var app = document.getElementById("app");
    {lines}.forEach(function (line) {{ var p = document.createElement("p"); p.textContent = line; app.appendChild(p); }});
    app.className = "policy-ready";
  }}, {delay_ms});
}});
</script></body></html>""".encode()


def sources(archive: Path, url: str, extra: str = "") -> config_parse.Config:
    archive.mkdir(parents=True, exist_ok=True)
    (archive / "sources.toml").write_text(f'[[source]]\nslug = "h5"\nurl = "{url}"\nallow_private = true\n{extra}\n',
                                         encoding="utf-8")  # the test server is on 127.0.0.1
    return config_parse.load(archive / "sources.toml")


def run(archive: Path, cfg: config_parse.Config) -> outcome.RunResult:
    return check.run(archive, cfg, outcome.Options(force=True))


@needs_chromium
def test_script_filled_page_is_recorded_through_the_browser_and_refused_without(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/h5"] = Page(js_page(policy()))
        plain = run(tmp_path / "plain", sources(tmp_path / "plain", web.url("/h5")))
        cfg = sources(tmp_path / "a", web.url("/h5"), 'render = "browser"\ntimeout = 15')
        got = run(tmp_path / "a", cfg)
    assert [o.status for o in plain.outcomes] == ["failed"]
    assert "rendered by JavaScript" in plain.outcomes[0].error
    assert [o.status for o in got.outcomes] == ["first"], got.outcomes[0].error
    from policydiff.archive.versions import Archive

    store = Archive.open(tmp_path / "a")
    (version,) = store.versions("h5")
    text = store.text(version)
    first_line = next(line for line in policy().splitlines() if line.strip())
    assert first_line.strip() in text and len(text) > 0.9 * len(policy().replace("\n", ""))


@needs_chromium
def test_wait_for_selector_takes_the_page_once_it_matches() -> None:
    with PolicyServer() as web:
        web.pages["/h5"] = Page(js_page(policy(), delay_ms=800))
        got = browser.render(web.url("/h5"), policy=LOCAL, timeout=15, wait_for="#app.policy-ready p")
    assert got.status == 200 and "policy-ready" in got.data.decode("utf-8")


@needs_chromium
def test_never_loading_page_fails_within_the_deadline(tmp_path: Path) -> None:
    with PolicyServer() as web:
        # the document arrives, but a script it needs never does: the network is never idle
        web.pages["/hang"] = Page(b'<html><body><p>loading</p><script src="/never.js"></script></body></html>')
        web.pages["/never.js"] = Page(b"", content_type="text/javascript", delay=60)
        cfg = sources(tmp_path / "a", web.url("/hang"), 'render = "browser"\ntimeout = 2')
        t0 = time.monotonic()
        got = run(tmp_path / "a", cfg)
        took = time.monotonic() - t0
    assert [o.status for o in got.outcomes] == ["failed"]
    assert "did not finish loading within 2 s" in got.outcomes[0].error
    assert took < 6, took


@needs_chromium
def test_a_document_that_never_arrives_fails_within_the_deadline() -> None:
    with PolicyServer() as web:
        web.pages["/silent"] = Page(b"<html><body>late</body></html>", delay=60)
        t0 = time.monotonic()
        with pytest.raises(FetchError, match="within 2 s"):
            browser.render(web.url("/silent"), policy=LOCAL, timeout=2, wait_for="p")
        assert time.monotonic() - t0 < 5


@needs_chromium
def test_http_error_and_bot_wall_apply_to_browser_fetches(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/captcha"] = Page("<html><body><h1>请输入验证码</h1><p>访问过于频繁，请完成安全验证</p></body></html>".encode())
        with pytest.raises(FetchError, match="HTTP 404"):
            browser.render(web.url("/missing"), policy=LOCAL, timeout=10)
        got = run(tmp_path / "a", sources(tmp_path / "a", web.url("/captcha"), 'render = "browser"'))
    assert [o.status for o in got.outcomes] == ["failed"]


@needs_chromium
def test_snapshot_render_browser_records_from_the_command_line(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/h5"] = Page(js_page(policy()))
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        subprocess.run([sys.executable, "-m", "policydiff", "init", "--archive", str(tmp_path / "a")], env=env, check=True,
                       capture_output=True)
        cmd = [sys.executable, "-m", "policydiff", "snapshot", "h5", web.url("/h5"), "--allow-private", "--archive", str(tmp_path / "a")]
        plain = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        rendered = subprocess.run([*cmd, "--render", "browser"], capture_output=True, text=True, env=env, timeout=60)
        base = [sys.executable, "-m", "policydiff", "sources"]
        subprocess.run([*base, "add", "h5", web.url("/h5"), "--allow-private", "--render", "browser", "--archive", str(tmp_path / "a")],
                       env=env, check=True, capture_output=True)
        preview = subprocess.run([*base, "test", "h5", "--archive", str(tmp_path / "a")], capture_output=True, text=True,
                                 env=env, timeout=60)
    assert preview.returncode == 0 and "(render = browser)" in preview.stdout and "title:   隐私政策" in preview.stdout, preview
    assert "客户通隐私政策" in preview.stdout
    assert plain.returncode == 2 and "rendered by JavaScript" in plain.stderr
    assert rendered.returncode == 0 and "recorded h5 version 1" in rendered.stdout, rendered.stderr


def test_a_run_without_browser_sources_never_imports_the_browser_module(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(policy(), encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "sources.toml").write_text(f'[[source]]\nslug = "p"\npath = "{tmp_path / "p.txt"}"\n', encoding="utf-8")
    code = ("import sys; from policydiff.cli import main\n"
            "try:\n    main(['check', '--archive', sys.argv[1], '--quiet'])\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in sys.modules if 'browser' in m or 'playwright' in m]\nprint(bad)")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a")], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip().endswith("[]"), proc.stdout + proc.stderr


def test_remove_selectors_headers_and_cookies_reach_the_request_and_the_text(tmp_path: Path) -> None:
    body = policy()
    page = ("<html><head><meta charset='utf-8'></head><body><div class='banner'>扫码下载客户端领红包</div>"
            + "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
            + "<div id='related'>猜你喜欢</div></body></html>").encode()
    with PolicyServer() as web:
        web.pages["/p"] = Page(page)
        os.environ["PD_TEST_REGION"] = "cn-sh"
        try:
            cfg = sources(tmp_path / "a", web.url("/p"),
                          'remove = [".banner", "#related"]\nheaders = { User-Agent = "Mozilla/5.0 policydiff-test", X-Region = "${PD_TEST_REGION}" }\n'
                          'cookies = { region = "${PD_TEST_REGION}" }')
            got = run(tmp_path / "a", cfg)
        finally:
            del os.environ["PD_TEST_REGION"]
    assert [o.status for o in got.outcomes] == ["first"], got.outcomes[0].error
    sent = web.headers[-1]
    assert sent["User-Agent"] == "Mozilla/5.0 policydiff-test" and sent["X-Region"] == "cn-sh"
    assert sent["Cookie"] == "region=cn-sh"
    from policydiff.archive.versions import Archive

    store = Archive.open(tmp_path / "a")
    text = store.text(store.versions("h5")[0])
    assert "扫码下载客户端领红包" not in text and "猜你喜欢" not in text
    assert store.meta(store.versions("h5")[0])["remove"] == [".banner", "#related"]


def test_missing_header_variable_is_a_failure_naming_it(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/p"] = Page(b"<html><body><p>x</p></body></html>")
        got = run(tmp_path / "a", sources(tmp_path / "a", web.url("/p"), 'headers = { X-Token = "${PD_NOT_SET_ANYWHERE}" }'))
    assert got.outcomes[0].status == "failed" and "PD_NOT_SET_ANYWHERE" in got.outcomes[0].error


def test_new_source_keys_are_validated_with_their_line(tmp_path: Path) -> None:
    from policydiff.errors import ConfigError

    bad = {
        'render = "chrome"': "render must be",
        'wait_for = "#x"': "render = \"browser\" only",
        'remove = ["div[["]': "bad CSS selector",
        'headers = ["x"]': "table of strings",
    }
    for line, message in bad.items():
        with pytest.raises(ConfigError, match="line 4") as exc:
            config_parse.loads(f'[[source]]\nslug = "a"\nurl = "https://a.example/p"\n{line}\n')
        assert message in str(exc.value)


@needs_chromium
def test_browser_sends_the_sources_headers_cookies_and_user_agent() -> None:
    with PolicyServer() as web:
        web.pages["/h5"] = Page(js_page(policy(), delay_ms=0))
        browser.render(web.url("/h5"), policy=LOCAL, timeout=15, headers={"X-Region": "cn-sh"}, cookies={"region": "cn-sh"},
                       user_agent="policydiff-test/1")
        sent = next(h for path, h in zip(web.hits, web.headers, strict=True) if path == "/h5")
    assert sent["X-Region"] == "cn-sh" and sent["Cookie"] == "region=cn-sh" and sent["User-Agent"] == "policydiff-test/1"
    assert sent["Accept-Language"].startswith("zh-CN")
