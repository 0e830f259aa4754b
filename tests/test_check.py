"""`policydiff check` end to end against real local servers: HTTP policy pages, SMTP (aiosmtpd), a webhook.

Also: failures (404, timeout, captcha, shrunk text, unreachable SMTP) alert once and record
nothing bad; malformed sources.toml; the lock; shards; dry runs; the demo.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from _servers import Page, PolicyServer, SMTPSink, WebhookReceiver, free_port
from conftest import policy_v1, policy_v2

from policydiff.errors import LockedError
from policydiff.watch import alerts, config, config_parse, outcome, select
from policydiff.watch import run as check
from policydiff.watch.sinks import log as log_sink

ATOM = "{http://www.w3.org/2005/Atom}"


def html(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset='utf-8'><title>隐私政策</title></head><body><div class='policy'>{body}</div></body></html>".encode()


def write_sources(archive: Path, body: str) -> config.Config:
    """The sources file in ``archive``; its path sources live beside the archive (the root allows it)."""
    archive.mkdir(parents=True, exist_ok=True)
    root = f'path_root = "{archive.parent}"\n'
    body = body.replace("[defaults]\n", "[defaults]\n" + root, 1) if "[defaults]\n" in body else "[defaults]\n" + root + body
    (archive / "sources.toml").write_text(body, encoding="utf-8")
    return config_parse.load(archive / "sources.toml")


def versions(archive_dir: Path, slug: str) -> list[object]:
    from policydiff.archive import versions as archive_mod

    return list(archive_mod.Archive.open(archive_dir).versions(slug))


def run(archive_dir: Path, cfg: config.Config, **kw: object) -> outcome.RunResult:
    opts = outcome.Options(force=True, environ={"HOOK_TOKEN": "t0ken"}, **kw)  # type: ignore[arg-type]
    return check.run(archive_dir, cfg, opts)


# -- the end-to-end run -----------------------------------------------------------------------------


def test_material_change_is_recorded_and_alerted_by_email_webhook_and_feed(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    with PolicyServer() as web, SMTPSink() as smtp, WebhookReceiver() as hook:
        web.pages["/privacy"] = Page(html(policy_v1()))
        cfg = write_sources(
            archive_dir,
            f"""
[defaults]
alerts = ["compliance"]
digest = "change"

[[source]]
slug = "kehutong"
name = "客户通隐私政策"
url = "{web.url('/privacy')}"
allow_private = true  # the test server is on 127.0.0.1
selector = "div.policy"
tags = ["saas"]

[alerts.compliance]
urls = ["{smtp.url()}", "json://127.0.0.1:{hook.port}/hook?token=${{HOOK_TOKEN}}"]
""",
        )
        first = run(archive_dir, cfg)
        assert first.exit_code == 0, first.outcomes
        assert [o.status for o in first.outcomes] == ["first"]
        assert first.alerts == [] and smtp.messages == [] and hook.posts == []
        assert len(versions(archive_dir, "kehutong")) == 1

        web.pages["/privacy"] = Page(html(policy_v2()))
        second = run(archive_dir, cfg, fail_on="material")
        mails = smtp.texts()
        posts = hook.json_bodies()

    assert [o.status for o in second.outcomes] == ["changed"]
    assert len(versions(archive_dir, "kehutong")) == 2
    (alert,) = second.alerts
    assert isinstance(alert, alerts.ChangeAlert)
    assert alert.material and [c.key for c in alert.categories] == ["recipients"]
    assert second.exit_code == outcome.EXIT_FAIL_ON  # --fail-on material
    assert all(d.ok for d in second.deliveries), second.deliveries

    # the email and the webhook both carry the policy, the verdict, the evidence and the report path
    assert len(mails) == 1 and len(posts) == 1
    for text in (mails[0], posts[0]["title"] + posts[0]["message"]):
        assert "客户通隐私政策" in text and "kehutong" in text
        assert "北京数据智能科技有限公司" in text
        assert "重大变更" in text
    assert "reports/kehutong/" not in posts[0]["message"]  # no report_base_url: no link, rather than a local path
    assert alert.report_html and Path(alert.report_html).exists() and Path(alert.report_md or "").exists()
    assert "北京数据智能科技有限公司" in Path(alert.report_md or "").read_text(encoding="utf-8")

    # a valid Atom feed with the entry
    root = ET.parse(archive_dir / "feed.atom").getroot()
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    (entry,) = root.findall(f"{ATOM}entry")
    assert "客户通隐私政策" in (entry.findtext(f"{ATOM}title") or "")
    assert "北京数据智能科技有限公司" in (entry.findtext(f"{ATOM}summary") or "")
    assert entry.find(f"{ATOM}category[@term='material']") is not None

    # the JSON-lines log and the digest
    events = [r["event"] for r in log_sink.read_log(archive_dir / "alerts.jsonl")]
    assert events == ["change"]
    digest = (archive_dir / "digest.md").read_text(encoding="utf-8")
    assert "北京数据智能科技有限公司" in digest and "checked 1" in digest


def test_unchanged_source_takes_the_fast_path_and_sends_nothing(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    with PolicyServer() as web, WebhookReceiver() as hook:
        web.pages["/p"] = Page(policy_v1().encode("utf-8"), content_type="text/plain; charset=utf-8")
        cfg = write_sources(archive_dir, f"""
[[source]]
slug = "p"
url = "{web.url('/p')}"
allow_private = true  # the test server is on 127.0.0.1
alerts = ["hook"]

[alerts.hook]
urls = ["json://127.0.0.1:{hook.port}/x"]
""")
        run(archive_dir, cfg)
        again = run(archive_dir, cfg)
        posts = hook.posts
    assert [o.status for o in again.outcomes] == ["unchanged"]
    assert again.exit_code == 0 and again.alerts == [] and posts == []
    assert len(versions(archive_dir, "p")) == 1


def test_interval_decides_which_sources_are_due(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    (tmp_path / "a.txt").write_text(policy_v1(), encoding="utf-8")
    cfg = write_sources(archive_dir, f'[[source]]\nslug = "a"\npath = "{tmp_path / "a.txt"}"\ninterval = "1h"\n')
    t0 = 1_700_000_000.0
    first = check.run(archive_dir, cfg, outcome.Options(), now=t0)
    soon = check.run(archive_dir, cfg, outcome.Options(), now=t0 + 600)
    later = check.run(archive_dir, cfg, outcome.Options(), now=t0 + 3600)
    assert len(first.outcomes) == 1 and soon.outcomes == [] and soon.skipped == 1 and len(later.outcomes) == 1


# -- failures -----------------------------------------------------------------------------------------


def _failing_setup(tmp_path: Path, web: PolicyServer, hook: WebhookReceiver, extra: str = "") -> tuple[Path, config.Config]:
    archive_dir = tmp_path / "archive"
    cfg = write_sources(archive_dir, f"""
[defaults]
failure_threshold = 2
retries = 0
alerts = ["ops"]
{extra}

[[source]]
slug = "flaky"
name = "Flaky"
url = "{web.url('/policy')}"
allow_private = true  # the test server is on 127.0.0.1

[alerts.ops]
urls = ["json://127.0.0.1:{hook.port}/ops"]
""")
    return archive_dir, cfg


def _titles(hook: WebhookReceiver) -> list[str]:
    return [b["title"] for b in hook.json_bodies()]


def test_404_alerts_once_when_failing_and_once_on_recovery(tmp_path: Path) -> None:
    with PolicyServer() as web, WebhookReceiver() as hook:
        archive_dir, cfg = _failing_setup(tmp_path, web, hook)
        web.pages["/policy"] = Page(html(policy_v1()))
        assert run(archive_dir, cfg).exit_code == 0
        del web.pages["/policy"]  # now 404
        results = [run(archive_dir, cfg) for _ in range(3)]
        after_failures = _titles(hook)
        web.pages["/policy"] = Page(html(policy_v1()))
        recovered = [run(archive_dir, cfg) for _ in range(2)]
        after_recovery = _titles(hook)
    assert [r.exit_code for r in results] == [2, 2, 2]
    assert all("404" in r.outcomes[0].error for r in results)
    # threshold 2: nothing after the first failure, one alert at the second, none at the third
    assert [len(r.alerts) for r in results] == [0, 1, 0]
    assert len(after_failures) == 1 and "来源抓取失败" in after_failures[0]  # in the sources file's lang (zh)
    assert [r.exit_code for r in recovered] == [0, 0]
    assert len(after_recovery) == 2 and "来源已恢复" in after_recovery[1]
    assert len(versions(archive_dir, "flaky")) == 1
    events = [r["event"] for r in log_sink.read_log(archive_dir / "alerts.jsonl")]
    assert events == ["failing", "recovered"]


def test_timeout_is_a_failure_and_records_nothing(tmp_path: Path) -> None:
    with PolicyServer() as web, WebhookReceiver() as hook:
        archive_dir, cfg = _failing_setup(tmp_path, web, hook)
        cfg.sources[0].timeout = 0.3
        web.pages["/policy"] = Page(html(policy_v1()), delay=2.0)
        result = run(archive_dir, cfg)
    assert result.exit_code == 2
    assert "timed out" in result.outcomes[0].error
    assert versions(archive_dir, "flaky") == []


def test_captcha_page_is_refused_and_never_recorded(tmp_path: Path) -> None:
    captcha = "<html><body><h1>请完成安全验证</h1><p>请拖动滑块完成验证</p></body></html>".encode()
    with PolicyServer() as web, WebhookReceiver() as hook:
        archive_dir, cfg = _failing_setup(tmp_path, web, hook, extra="")
        web.pages["/policy"] = Page(html(policy_v1()))
        run(archive_dir, cfg)
        web.pages["/policy"] = Page(captcha)
        results = [run(archive_dir, cfg) for _ in range(3)]
        titles = _titles(hook)
    assert all(r.exit_code == 2 for r in results)
    assert "captcha" in results[0].outcomes[0].error or "验证" in results[0].outcomes[0].error
    assert len(versions(archive_dir, "flaky")) == 1
    assert len(titles) == 1 and "来源抓取失败" in titles[0]


def test_shrunk_text_is_refused(tmp_path: Path) -> None:
    with PolicyServer() as web, WebhookReceiver() as hook:
        archive_dir, cfg = _failing_setup(tmp_path, web, hook)
        web.pages["/policy"] = Page(html(policy_v1()))
        run(archive_dir, cfg)
        web.pages["/policy"] = Page(html(policy_v1()[: len(policy_v1()) // 3]))
        result = run(archive_dir, cfg)
    assert result.exit_code == 2 and "shr" in result.outcomes[0].error
    assert len(versions(archive_dir, "flaky")) == 1


def test_unreachable_smtp_reports_records_anyway_and_logs_the_failure(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    policy = tmp_path / "policy.txt"
    policy.write_text(policy_v1(), encoding="utf-8")
    cfg = write_sources(archive_dir, f"""
[[source]]
slug = "mailed"
path = "{policy}"
alerts = ["mail"]

[alerts.mail]
urls = ["mailto://127.0.0.1:{free_port()}?from=policydiff@example.com&to=privacy@example.com"]
""")
    run(archive_dir, cfg)
    policy.write_text(policy_v2(), encoding="utf-8")
    result = run(archive_dir, cfg)
    err = io.StringIO()
    check.print_outcome_errors(result, err)
    assert result.exit_code == 2
    assert "alert route mail" in err.getvalue() and "failed" in err.getvalue()
    assert len(versions(archive_dir, "mailed")) == 2  # recorded anyway
    log = log_sink.read_log(archive_dir / "alerts.jsonl")
    assert [r["event"] for r in log] == ["change", "delivery"]
    assert log[1]["ok"] is False and log[1]["route"] == "mail" and log[1]["error"]
    # the next run does not pretend the version is new again
    assert [o.status for o in run(archive_dir, cfg).outcomes] == ["unchanged"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "policydiff.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_malformed_sources_file_names_line_and_key(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    archive_dir.mkdir()
    (archive_dir / "sources.toml").write_text('[[source]]\nslug = "a"\nurl = "https://x.example"\n\n[[source\n', encoding="utf-8")
    syntax = _cli("check", "--archive", str(archive_dir), cwd=tmp_path)
    (archive_dir / "sources.toml").write_text('[[source]]\nslug = "a"\nurl = "https://x.example"\nintrval = "1d"\n', encoding="utf-8")
    semantic = _cli("check", "--archive", str(archive_dir), cwd=tmp_path)
    assert syntax.returncode == 2 and "line 5" in syntax.stderr and "syntax" in syntax.stderr
    assert semantic.returncode == 2 and "'intrval'" in semantic.stderr and "line 4" in semantic.stderr


# -- lock, shards, dry run, demo ----------------------------------------------------------------------


def test_second_concurrent_run_exits_3_at_once(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    (tmp_path / "a.txt").write_text(policy_v1(), encoding="utf-8")
    cfg = write_sources(archive_dir, f'[[source]]\nslug = "a"\npath = "{tmp_path / "a.txt"}"\n')
    with check.run_lock(archive_dir, wait=False):
        with pytest.raises(LockedError):
            check.run(archive_dir, cfg, outcome.Options())
        proc = _cli("check", "--archive", str(archive_dir), cwd=tmp_path)
    assert proc.returncode == 3 and "--wait" in proc.stderr
    assert _cli("check", "--archive", str(archive_dir), "--quiet", cwd=tmp_path).returncode == 0


def test_every_source_is_in_exactly_one_shard() -> None:
    slugs = [f"app-{i}" for i in range(300)]
    sources = [config.Source(slug=s, name=s, url="https://x.example/" + s) for s in slugs]
    n = 4
    shards = [select.select(sources, shard=(k, n)) for k in range(1, n + 1)]
    seen = [s.slug for shard in shards for s in shard]
    assert sorted(seen) == sorted(slugs)  # each exactly once
    assert all(shard for shard in shards)
    assert [s.slug for s in select.select(sources, shard=(2, n))] == [s.slug for s in shards[1]]  # deterministic
    assert select.shard_of("app-7", 4) == select.shard_of("app-7", 4)


def test_bad_shard_spec() -> None:
    with pytest.raises(config.ConfigError):
        select.parse_shard("5/4")
    with pytest.raises(config.ConfigError):
        select.parse_shard("a/b")


def test_dry_run_records_and_sends_nothing(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    policy = tmp_path / "policy.txt"
    policy.write_text(policy_v1(), encoding="utf-8")
    with WebhookReceiver() as hook:
        cfg = write_sources(archive_dir, f"""
[[source]]
slug = "d"
path = "{policy}"
alerts = ["hook"]

[alerts.hook]
urls = ["json://127.0.0.1:{hook.port}/x"]
""")
        run(archive_dir, cfg)
        state_before = (archive_dir / "state" / "checks.json").read_bytes()
        policy.write_text(policy_v2(), encoding="utf-8")
        dry = run(archive_dir, cfg, dry_run=True)
        posts = hook.posts
    assert [o.status for o in dry.outcomes] == ["changed"] and dry.alerts and dry.alerts[0].material
    assert posts == [] and len(versions(archive_dir, "d")) == 1
    assert (archive_dir / "state" / "checks.json").read_bytes() == state_before
    assert not (archive_dir / "feed.atom").exists()


def test_only_and_tags_select_sources(tmp_path: Path) -> None:
    sources = [
        config.Source(slug="a", name="a", url="https://x.example/a", tags=["shop"]),
        config.Source(slug="b", name="b", url="https://x.example/b", tags=["bank"]),
    ]
    assert [s.slug for s in select.select(sources, only=["b"])] == ["b"]
    assert [s.slug for s in select.select(sources, tags=["shop"])] == ["a"]
    with pytest.raises(config.ConfigError, match="'zz'"):
        select.select(sources, only=["zz"])


def test_demo_prints_a_material_alert_without_network(tmp_path: Path) -> None:
    proc = _cli("demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "重大变更" in out and "021-66093300" in out and "我们的联系方式" in out


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the compares run beside the run on a second core")
def test_changed_sources_are_compared_while_a_slow_source_is_still_being_fetched(tmp_path: Path) -> None:
    """A run of URLs compares each changed source as soon as its version is recorded: the compare
    host is forked before the fetches (``compare_jobs.Compares.start_early``), so a server that
    holds its answer does not hold back the reports of the others."""
    import threading
    import time

    archive_dir = tmp_path / "archive"
    held = threading.Event()
    slugs = ["a", "b", "c", "slow"]
    with PolicyServer() as web:
        for slug in slugs:
            web.pages[f"/{slug}"] = Page(html(policy_v1()))
        write_sources(archive_dir, "[defaults]\ntimeout = 120\n\n" + "".join(  # the held fetch fails no source
            f'[[source]]\nslug = "{slug}"\nurl = "{web.url("/" + slug)}"\nallow_private = true\nselector = "div.policy"\n\n'
            for slug in slugs))
        first = _cli("check", "--archive", str(archive_dir), "--force", cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        for slug in slugs[:3]:
            web.pages[f"/{slug}"] = Page(html(policy_v2()))
        web.pages["/slow"] = Page(html(policy_v1()), gate=held)
        proc = subprocess.Popen([sys.executable, "-m", "policydiff.cli", "check", "--archive", str(archive_dir), "--force"],
                                cwd=tmp_path, env=dict(os.environ, PYTHONIOENCODING="utf-8"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            reports = archive_dir / "reports"
            deadline = time.monotonic() + 45  # the server holds its answer up to 60 s
            while time.monotonic() < deadline and proc.poll() is None and len(list(reports.glob("*/*.md"))) < 3:
                time.sleep(0.05)
            written_while_held = sorted(p.parent.name for p in reports.glob("*/*.md"))
        finally:
            held.set()  # now the slow server answers
            out, err = proc.communicate(timeout=120)
    assert written_while_held == ["a", "b", "c"], err
    assert proc.returncode == 0, err
    assert "changed 3 (material 3)" in out and "unchanged 1" in out
