"""A hostile page against both fetchers, with real processes: headless Chromium and httpx against
the local web server (tests/_servers.py).

The browser denies downloads, dismisses dialogs, ends a page that eats memory, removes its
profile folder whatever happens; both fetchers keep to the source's site and refuse loopback and
private addresses the source did not allow, and the final URL is recorded and shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from _servers import LOCAL, Page, PolicyServer
from conftest import seed_path

from policydiff.errors import FetchError
from policydiff.watch import browser, config_parse, outcome
from policydiff.watch import run as check
from policydiff.watch.fetch import fetch
from policydiff.watch.netpolicy import NetPolicy

needs_chromium = pytest.mark.skipif(browser.find_chromium() is None,
                                    reason="chromium is not installed (apt-get install chromium)")
SECRET_PAGE = b"<html><body><p>internal admin page: root password list</p></body></html>"


def policy_html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in seed_path("003").read_text(encoding="utf-8").splitlines() if line.strip())
    return f"<!doctype html><html><head><meta charset='utf-8'><title>隐私政策</title></head><body>{body}</body></html>".encode()


def with_script(script: str) -> bytes:
    return policy_html().replace(b"</body>", f"<script>{script}</script></body>".encode())


@pytest.fixture()
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own (for the profile folders) and a HOME of its own."""
    tmp = tmp_path / "tmp"
    home = tmp_path / "home"
    tmp.mkdir()
    home.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("HOME", str(home))
    return tmp_path


def leftovers(tmp_path: Path) -> list[str]:
    return [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith(browser.PROFILE_PREFIX)]


# -- the browser ------------------------------------------------------------------------------------


@needs_chromium
def test_a_page_that_clicks_a_download_link_writes_nothing(private_tmp: Path) -> None:
    with PolicyServer() as web:
        web.pages["/evil.bin"] = Page(b"MZ" + b"\0" * 4096, content_type="application/octet-stream",
                                      headers={"Content-Disposition": 'attachment; filename="evil.bin"'})
        web.pages["/p"] = Page(with_script(
            "var a = document.createElement('a'); a.href = '/evil.bin'; a.download = 'evil.bin';"
            "document.body.appendChild(a); a.click(); setTimeout(function () { location.href = '/evil.bin'; }, 50);"))
        got = browser.render(web.url("/p"), timeout=15, policy=LOCAL)
    assert "个人信息" in got.data.decode("utf-8")
    written = [p for p in private_tmp.rglob("*") if "evil" in p.name]
    assert written == [] and not (private_tmp / "home" / "Downloads").exists()
    assert leftovers(private_tmp) == []


@needs_chromium
def test_alert_confirm_and_prompt_are_dismissed_and_the_page_is_captured(private_tmp: Path) -> None:
    with PolicyServer() as web:
        web.pages["/p"] = Page(with_script(
            "alert('请先登录'); var ok = confirm('继续?'); var who = prompt('姓名');"
            "document.body.setAttribute('data-answers', String(ok) + '/' + String(who));"))
        got = browser.render(web.url("/p"), timeout=15, policy=LOCAL)
    html = got.data.decode("utf-8")
    assert 'data-answers="false/null"' in html and "个人信息" in html
    assert leftovers(private_tmp) == []


@needs_chromium
def test_a_page_that_eats_memory_is_ended_at_the_cap(private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(browser.MEMORY_ENV, "384")
    # bounded: at most ~1.2 GB even if nothing stopped it, so a broken cap cannot take the machine down
    hog = ("var keep = []; function eat(i) { if (i >= 40) return;"
           " keep.push(new Array(1000000).fill(i + 0.5)); keep.push(new Uint8Array(16 << 20).fill(1));"
           " setTimeout(function () { eat(i + 1); }, 5); } eat(0);")
    with PolicyServer() as web:
        web.pages["/hog"] = Page(with_script(hog))
        with pytest.raises(FetchError) as err:
            browser.render(web.url("/hog"), timeout=30, wait_for="#never-there", policy=LOCAL)
    assert "MB" in str(err.value) and "did not appear" not in str(err.value)
    assert leftovers(private_tmp) == []


@needs_chromium
def test_profile_folders_are_removed_on_timeout_and_a_killed_runs_folder_is_swept(private_tmp: Path) -> None:
    stale = private_tmp / "tmp" / f"{browser.PROFILE_PREFIX}999999999-abc"  # no process has this id
    (stale / "Default").mkdir(parents=True)
    with PolicyServer() as web:
        web.pages["/slow"] = Page(policy_html(), delay=5)
        with pytest.raises(FetchError, match="within 1 s"):
            browser.render(web.url("/slow"), timeout=1, policy=LOCAL)
    assert leftovers(private_tmp) == []


@needs_chromium
def test_browser_refuses_a_script_navigation_and_a_redirect_to_another_loopback_host(private_tmp: Path) -> None:
    with PolicyServer() as web:
        inside = web.url("/secret").replace("127.0.0.1", "localhost")
        web.pages["/secret"] = Page(SECRET_PAGE)
        web.pages["/js"] = Page(with_script(f"location.href = {json.dumps(inside)};"))
        web.pages["/302"] = Page(b"", status=302, headers={"Location": inside})
        any_site = NetPolicy(web.url("/"), allow_private=True, redirects="any")
        for path in ("/js", "/302"):
            with pytest.raises(FetchError, match="refused .*localhost") as err:
                browser.render(web.url(path), timeout=15, policy=any_site)
            assert "only the source's own host" in str(err.value)
        with pytest.raises(FetchError, match="another site"):
            browser.render(web.url("/302"), timeout=15, policy=LOCAL)
        with pytest.raises(FetchError, match="private or loopback"):
            browser.render(web.url("/js"), timeout=15)  # the default: no private address at all
        assert "/secret" not in web.hits
    assert leftovers(private_tmp) == []


@needs_chromium
def test_two_renders_at_once_take_turns(private_tmp: Path) -> None:
    import threading
    import time

    peak: list[int] = []
    with PolicyServer() as web:
        web.pages["/p"] = Page(policy_html())

        def one() -> None:
            browser.render(web.url("/p"), timeout=30, policy=LOCAL)

        def watch() -> None:
            while any(t.is_alive() for t in workers):
                peak.append(len(leftovers(private_tmp)))
                time.sleep(0.01)

        workers = [threading.Thread(target=one) for _ in range(2)]
        for t in workers:
            t.start()
        watch()
        for t in workers:
            t.join()
    assert max(peak) <= 1  # never two profiles, so never two browsers


# -- the plain fetcher --------------------------------------------------------------------------------


def test_plain_fetch_refuses_a_redirect_to_another_site_and_to_another_loopback_host() -> None:
    with PolicyServer() as web:
        inside = web.url("/secret").replace("127.0.0.1", "localhost")
        web.pages["/secret"] = Page(SECRET_PAGE)
        web.pages["/302"] = Page(b"", status=302, headers={"Location": inside})
        web.pages["/meta"] = Page(b"", status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        with pytest.raises(FetchError, match="another site"):
            fetch(web.url("/302"), policy=LOCAL)
        with pytest.raises(FetchError, match="only the source's own host"):
            fetch(web.url("/302"), policy=NetPolicy(web.url("/"), allow_private=True, redirects="any"))
        with pytest.raises(FetchError, match="169.254.169.254 is a private"):
            fetch(web.url("/meta"), policy=NetPolicy(web.url("/"), allow_private=True, redirects="any"))
        with pytest.raises(FetchError, match="needs allow_private"):
            fetch(web.url("/302"))
        assert "/secret" not in web.hits


def test_the_final_url_of_an_allowed_redirect_is_recorded_and_shown(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/old"] = Page(b"", status=301, headers={"Location": "/new"})
        web.pages["/new"] = Page(policy_html())
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nslug = "p"\nurl = "{web.url("/old")}"\nallow_private = true\n', encoding="utf-8")
        cfg = config_parse.load(tmp_path / "sources.toml")
        got = check.run(tmp_path / "a", cfg, outcome.Options(force=True))
        shown = subprocess.run([sys.executable, "-m", "policydiff", "sources", "test", "p", "--sources",
                                str(tmp_path / "sources.toml")], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert [o.status for o in got.outcomes] == ["first"]
    meta = json.loads(subprocess.run([sys.executable, "-m", "policydiff", "show", "p", "--meta", "--archive",
                                      str(tmp_path / "a")], capture_output=True, text=True, timeout=60).stdout)
    assert meta["source"] == web.url("/old") and meta["final_url"] == web.url("/new")
    assert f"final URL {web.url('/new')}" in shown.stdout


def test_redirects_and_allow_private_are_validated_with_their_line() -> None:
    with pytest.raises(Exception, match="line 4.*redirects"):
        config_parse.loads('[[source]]\nslug = "a"\nurl = "https://a.example/p"\nredirects = "anywhere"\n')
    with pytest.raises(Exception, match="allow_private"):
        config_parse.loads('[[source]]\nslug = "a"\nurl = "https://a.example/p"\nallow_private = "yes"\n')
    cfg = config_parse.loads('[defaults]\nallow_private = true\n[[source]]\nslug = "a"\nurl = "http://10.0.0.5/p"\n'
                             '[[source]]\nslug = "b"\nurl = "https://b.example/p"\nallow_private = false\nredirects = "any"\n')
    assert [(s.allow_private, s.redirects) for s in cfg.sources] == [(True, "same-site"), (False, "any")]


def test_a_sources_headers_cookies_and_password_go_to_its_own_origin_only() -> None:
    with PolicyServer() as web, PolicyServer() as other:
        web.pages["/away"] = Page(b"", status=302, headers={"Location": other.url("/p")})
        web.pages["/stay"] = Page(b"", status=302, headers={"Location": "/p"})
        web.pages["/p"] = other.pages["/p"] = Page(policy_html())
        url = web.url("/away").replace("http://", "http://alice:PaSSw0rd@")
        extra = {"X-Token": "t0k3n", "Cookie": "session=s3ss10n"}
        fetch(url, headers=extra, policy=NetPolicy(url, allow_private=True))
        fetch(web.url("/stay"), headers=extra, policy=LOCAL)
    first, stayed = web.headers[0], web.headers[-1]
    assert first.get("X-Token") == "t0k3n" and "Basic" in first.get("Authorization", "")
    assert stayed.get("X-Token") == "t0k3n" and stayed.get("Cookie") == "session=s3ss10n"
    assert web.hits == ["/away", "/stay", "/p"]
    moved = other.headers[0]
    assert not {"X-Token", "Cookie", "Authorization"} & set(moved), moved


@needs_chromium
def test_the_browser_answers_the_sources_own_authentication_challenge_only(private_tmp: Path) -> None:
    password = "Pa/ss?w0rd"  # noqa: S105 - a test's own
    with PolicyServer() as web:
        web.pages["/p"] = Page(with_script("document.body.setAttribute('data-href', location.href);"),
                               auth=f"alice:{password}")
        url = web.url("/p").replace("http://", "http://alice:Pa%2Fss%3Fw0rd@")
        got = browser.render(url, timeout=15, policy=NetPolicy(url, allow_private=True))
        with pytest.raises(FetchError, match="HTTP 401") as err:
            browser.render(web.url("/p").replace("http://", "http://alice:wrong@"), timeout=15, policy=LOCAL)
    html = got.data.decode("utf-8")
    assert "个人信息" in html and f'data-href="{web.url("/p")}"' in html  # the page never saw the credentials
    assert "Pa/ss" not in got.final_url + got.url and "wrong" not in str(err.value)


@needs_chromium
def test_the_browser_sends_a_sources_headers_to_its_own_origin_only(private_tmp: Path) -> None:
    with PolicyServer() as web, PolicyServer() as other:
        other.pages["/pixel.js"] = Page(b"window.loaded = 1;", content_type="text/javascript")
        web.pages["/p"] = Page(policy_html().replace(b"</body>", f'<script src="{other.url("/pixel.js")}"></script></body>'.encode()))
        browser.render(web.url("/p"), timeout=15, headers={"X-Token": "t0k3n"}, policy=LOCAL)
    assert web.headers[0].get("X-Token") == "t0k3n" and "policydiff" in web.headers[0].get("User-Agent", "")
    assert other.hits == ["/pixel.js"] and "X-Token" not in other.headers[0]


@needs_chromium
def test_a_popup_a_worker_a_frame_and_a_websocket_cannot_reach_what_the_page_may_not(private_tmp: Path) -> None:
    with PolicyServer() as web, PolicyServer() as inside:
        inside.pages["/secret"] = Page(SECRET_PAGE)
        target = json.dumps(inside.url("/secret").replace("127.0.0.1", "localhost"))
        worker = f"fetch({target}).catch(function () {{}});"
        web.pages["/p"] = Page(with_script(
            f"window.open({target}); window.open('/popup');"
            f"new Worker(URL.createObjectURL(new Blob([{json.dumps(worker)}], {{type: 'text/javascript'}})));"
            f"var f = document.createElement('iframe'); f.src = {target}; document.body.appendChild(f);"
            f"fetch({target}).catch(function () {{}}); new Image().src = {target};"
            f"new WebSocket({target}.replace('http:', 'ws:'));"))
        web.pages["/popup"] = Page(with_script(f"location.href = {target};"))
        got = browser.render(web.url("/p"), timeout=15, policy=LOCAL)
        import time as _time

        _time.sleep(0.5)  # anything still on its way arrives
    assert "个人信息" in got.data.decode("utf-8")
    assert inside.hits == [], inside.hits


@needs_chromium
def test_a_websocket_to_a_private_address_literal_is_not_opened(private_tmp: Path) -> None:
    with PolicyServer() as web, PolicyServer() as inside:
        url = web.url("/p").replace("127.0.0.1", "localhost")  # the source's own host: localhost, allowed
        web.pages["/p"] = Page(with_script(f"new WebSocket({json.dumps(inside.url('/ws').replace('http:', 'ws:'))});"))
        got = browser.render(url, timeout=15, policy=NetPolicy(url, allow_private=True))
        import time as _time

        _time.sleep(0.5)
    assert "个人信息" in got.data.decode("utf-8") and inside.hits == []


def test_a_cgroup_cap_holds_the_process_where_cgroup_v2_can_be_used() -> None:
    from policydiff.watch import sandbox

    proc = subprocess.Popen(["sleep", "30"])
    try:
        path = sandbox.cgroup_cap(proc.pid, 256 << 20)
        if path is None:
            pytest.skip("no writable cgroup v2 with a memory controller here (RLIMIT_DATA and the watch hold)")
        assert Path(path, "memory.max").read_text().strip() == str(256 << 20)
        assert str(proc.pid) in Path(path, "cgroup.procs").read_text().split()
    finally:
        proc.kill()
        proc.wait()
    sandbox.cgroup_remove(path)
    assert not Path(path).exists()
