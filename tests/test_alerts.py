"""Alerts: content in the policy's own words, routing, splitting, and the real sinks (SMTP, webhook, Atom, log)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from _servers import SMTPSink, WebhookReceiver, free_port

from policydiff.compare.pipeline import compare
from policydiff.model import RawText
from policydiff.watch import alerts, config_parse
from policydiff.watch.sinks import apprise as apprise_sink
from policydiff.watch.sinks import digest as digest_sink
from policydiff.watch.sinks import feed as feed_sink
from policydiff.watch.sinks import log as log_sink

ATOM = "{http://www.w3.org/2005/Atom}"


def demo_texts() -> tuple[str, str]:
    base = resources.files("policydiff") / "data" / "demo"
    return (base / "privacy-v1.txt").read_text(encoding="utf-8"), (base / "privacy-v2.txt").read_text(encoding="utf-8")


def material_alert(slug: str = "demo", tags: list[str] | None = None) -> alerts.ChangeAlert:
    old, new = demo_texts()
    result = compare(RawText(old, "v1"), RawText(new, "v2"))
    return alerts.change_alert(
        slug=slug, name="示例小程序隐私政策", location="https://www.example.com/privacy", tags=tags or [],
        result=result,
        old=alerts.VersionRef(1, "a" * 40, "2024-05-01T00:00:00+00:00"),
        new=alerts.VersionRef(2, "b" * 40, "2024-06-01T00:00:00+00:00"),
        report_md="/tmp/r/demo.md", report_html="/tmp/r/demo.html",
    )


def minor_alert(slug: str = "minor") -> alerts.ChangeAlert:
    old, _ = demo_texts()
    new = old.replace("我们努力为用户的信息安全提供保障", "我们努力为全体用户的信息安全提供保障", 1)
    assert new != old
    result = compare(RawText(old, "v1"), RawText(new, "v2"))
    return alerts.change_alert(
        slug=slug, name="Minor", location="/srv/minor.txt", tags=[], result=result,
        old=alerts.VersionRef(1, "c" * 40, "2024-05-01T00:00:00+00:00"),
        new=alerts.VersionRef(2, "d" * 40, "2024-06-01T00:00:00+00:00"),
    )


def failing_alert(slug: str = "broken") -> alerts.FailureAlert:
    return alerts.FailureAlert(slug, "Broken", "http://127.0.0.1:9/p", [], "failing", "HTTP 404", 2, "2024-06-01T00:00:00+00:00")


def test_change_alert_names_categories_in_policy_words_with_evidence_and_report() -> None:
    a = material_alert()
    assert a.material
    (hit,) = a.categories
    assert hit.key == "contact" and hit.wording == "我们的联系方式"
    assert any("021-66093300" in e for e in hit.evidence)
    md = a.markdown()
    for needed in ("重大变更", "示例小程序隐私政策", "（demo）", "我们的联系方式", "021-66093300", "#1", "#2",
                   "2024-05-01", "2024-06-01", "七、如何联系我们"):
        assert needed in md, needed
    assert "/tmp/r/demo" not in md  # no report_base_url: no link a mail reader could not open
    # the summary says what changed, once, in Chinese: the old number replaced by the new one
    assert "变更联系电话：021-56781234 → 021-66093300（七、如何联系我们）" in md
    assert not re.search(r"[a-z]_[a-z]|contact", md), "no internal key in an alert"
    # the demo's stated dates did not move: a silent revision, said so
    assert a.silent_revision and "静默修订" in md


def test_change_alert_in_english_with_an_absolute_report_link() -> None:
    a = material_alert()
    old, new = demo_texts()
    result = compare(RawText(old, "v1"), RawText(new, "v2"))
    url = alerts.report_link("https://policies.example.com/reports/", "/srv/archive/reports/demo/2024-06-01_v2.html", "/srv/archive/reports")
    assert url == "https://policies.example.com/reports/demo/2024-06-01_v2.html"
    a = alerts.change_alert(slug="demo", name="Demo", location="https://www.example.com/privacy", tags=[], result=result,
                            old=alerts.VersionRef(1, None, "2024-05-01T00:00:00+00:00"),
                            new=alerts.VersionRef(2, None, "2024-06-01T00:00:00+00:00"),
                            report_html="/srv/archive/reports/demo/2024-06-01_v2.html", lang="en", report_url=url)
    md = a.markdown()
    assert "MATERIAL CHANGE" in a.title and "MATERIAL CHANGE" in md
    assert "Changed telephone numbers: 021-56781234 → 021-66093300" in md
    assert "Silent revision" in md and url in md
    assert "contact and complaints" in md and not re.search(r"contact(?! and complaints)", md)


def test_non_material_alert_quotes_the_inserted_words() -> None:
    md = minor_alert().markdown()
    assert "有变更，不构成重大变更" in md and "新增文字：「全体」" in md
    assert "（二）个人信息的保护措施" in md


def test_material_changes_come_first() -> None:
    items: list[alerts.Alert] = [failing_alert(), minor_alert(), material_alert()]
    assert [a.slug for a in alerts.ordered(items)] == ["demo", "minor", "broken"]
    digest = digest_sink.digest_markdown(items)
    assert digest.index("（demo）") < digest.index("（minor）") < digest.index("(broken)")
    assert "1 material change(s), 1 other change(s), 1 source status alert(s)" in digest


def test_split_message_numbers_parts_within_limit_and_loses_nothing() -> None:
    body = "\n".join(f"第{i}行：我们会向第三方提供您的个人信息。" * 3 for i in range(150))
    parts = apprise_sink.split_message(body, 4096, max_parts=50)
    assert len(parts) > 1
    for i, part in enumerate(parts, 1):
        assert len(part.encode("utf-8")) <= 4096
        assert part.startswith(f"(part {i}/{len(parts)})")
    joined = "\n".join(p.split("\n\n", 1)[1] for p in parts)
    assert joined == body


def test_split_message_cuts_an_overlong_line_without_losing_characters() -> None:
    body = "长" * 5000
    parts = apprise_sink.split_message(body, 1000, max_parts=50)
    assert all(len(p.encode()) <= 1000 for p in parts)
    assert "".join(p.split("\n\n", 1)[1] for p in parts) == body


def test_split_message_past_max_parts_points_to_the_report() -> None:
    body = "\n".join("x" * 100 for _ in range(100))
    parts = apprise_sink.split_message(body, 300, report="/srv/archive/reports/a/2024.html", max_parts=4)
    assert len(parts) == 4
    assert "more part(s) not sent" in parts[-1] and "/srv/archive/reports/a/2024.html" in parts[-1]


def test_short_message_is_one_part() -> None:
    assert apprise_sink.split_message("short", 4096) == ["short"]
    assert apprise_sink.split_message("x" * 100000, None) == ["x" * 100000]


def test_service_limits() -> None:
    assert apprise_sink.service_limit("mailtos://smtp.example.com?to=a@b.example") is None
    wecom = apprise_sink.service_limit("wecombot://somekey")
    assert wecom is not None and wecom <= 4096
    ding = apprise_sink.service_limit("dingtalk://token/")
    assert ding is not None and ding <= 20000


def test_atom_feed_is_valid_newest_first_and_bounded(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    first = material_alert("first")
    first.time = "2024-06-01T00:00:00+00:00"
    feed_sink.write_feed(feed, [first], max_entries=3)
    later: list[alerts.Alert] = [material_alert(f"s{i}") for i in range(3)]
    for a in later:
        a.time = "2024-06-02T00:00:00+00:00"
    later.append(failing_alert())
    feed_sink.write_feed(feed, later, max_entries=3)
    root = ET.parse(feed).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # bounded: the oldest ("first") fell off
    titles = [e.findtext(f"{ATOM}title") or "" for e in entries]
    assert all("first" not in t for t in titles)
    for e in entries:
        for required in ("id", "title", "updated", "summary"):
            assert e.find(f"{ATOM}{required}") is not None
    assert "重大变更" in titles[0]
    assert entries[0].find(f"{ATOM}link").get("href", "").startswith("file://")  # type: ignore[union-attr]


def test_alert_log_appends_json_lines(tmp_path: Path) -> None:
    log = tmp_path / "alerts.jsonl"
    log_sink.append_log(log, log_sink.alert_records([material_alert()], run="r1"))
    log_sink.append_log(log, log_sink.alert_records([failing_alert()], run="r2"))
    records = log_sink.read_log(log)
    assert [r["event"] for r in records] == ["change", "failing"]
    assert records[0]["material"] is True and records[0]["categories"][0]["wording"] == "我们的联系方式"


SOURCES = """\
[defaults]
digest = "change"

[[source]]
slug = "demo"
url = "https://www.example.com/privacy"
alerts = ["all"]

[[source]]
slug = "minor"
path = "minor.txt"
tags = ["shop"]

[[source]]
slug = "broken"
path = "broken.txt"
alerts = ["all"]

[alerts.all]
urls = ["json://127.0.0.1:{hook}/all"]

[alerts.material]
urls = ["json://127.0.0.1:{hook}/material"]
only_material = true
tags = ["shop"]
failures = false
"""


def test_routing_per_source_per_tag_and_only_material() -> None:
    with WebhookReceiver() as hook:
        cfg = config_parse.loads(SOURCES.replace("{hook}", str(hook.port)))
        results = apprise_sink.deliver(cfg, [material_alert(), minor_alert(), failing_alert()])
        assert all(d.ok for d in results), results
        by_path: dict[str, list[str]] = {}
        for path, body in hook.posts:
            by_path.setdefault(path, []).append(body.decode("utf-8"))
    # "all" gets demo and broken (one alert per change); "minor" is routed only by tag to "material",
    # which wants material changes only, so the minor change goes nowhere
    assert len(by_path["/all"]) == 2
    assert any("021-66093300" in b for b in by_path["/all"]) and any("Source failing" in b for b in by_path["/all"])
    assert "/material" not in by_path


def test_digest_mode_sends_one_message_per_route() -> None:
    with WebhookReceiver() as hook:
        cfg = config_parse.loads(SOURCES.replace("{hook}", str(hook.port)).replace('digest = "change"', 'digest = "run"'))
        results = apprise_sink.deliver(cfg, [material_alert(), failing_alert()])
        assert all(d.ok for d in results)
        assert len(hook.posts) == 1
        (body,) = hook.json_bodies()
    assert "MATERIAL" in body["title"] and "021-66093300" in body["message"] and "Source failing" in body["message"]
    assert body["message"].index("021-66093300") < body["message"].index("Source failing")


def test_long_message_reaches_a_webhook_in_numbered_parts() -> None:
    a = material_alert()
    a.changed_sections = [f"第{i}节 我们如何共享、转让、公开披露您的个人信息 (modified)" for i in range(12)]
    a.summary_items = [["fact", "证据" * 8000]]
    with WebhookReceiver() as hook:
        sent, error = apprise_sink.send(f"json://127.0.0.1:{hook.port}/x", [apprise_sink.Message(a.title, a.text(), True, a.report_html)])
        bodies = hook.json_bodies()
    assert error == ""
    assert sent == len(bodies) > 1
    assert all(b["message"].startswith(f"(part {i}/{len(bodies)})") for i, b in enumerate(bodies, 1))
    assert sum(b["message"].count("证") for b in bodies) == sum(b["message"].count("据") for b in bodies) == 8000


def test_email_reaches_a_real_smtp_server() -> None:
    with SMTPSink() as smtp:
        sent, error = apprise_sink.send(smtp.url(), [apprise_sink.Message(material_alert().title, material_alert().markdown(), True)])
        texts = smtp.texts()
    assert (sent, error) == (1, "")
    assert len(texts) == 1 and "021-66093300" in texts[0] and "示例小程序隐私政策" in texts[0]


def test_unreachable_smtp_is_reported_not_raised() -> None:
    cfg = config_parse.loads(
        f'[[source]]\nslug = "demo"\nurl = "https://www.example.com/p"\nalerts = ["mail"]\n\n'
        f'[alerts.mail]\nurls = ["mailto://127.0.0.1:{free_port()}?from=a@example.com&to=b@example.com"]\n'
    )
    (d,) = apprise_sink.deliver(cfg, [material_alert()])
    assert not d.ok and d.error and d.route == "mail" and d.url.startswith("mailto://127.0.0.1")


def test_missing_secret_is_a_delivery_error_naming_the_variable() -> None:
    cfg = config_parse.loads(
        '[[source]]\nslug = "demo"\nurl = "https://www.example.com/p"\nalerts = ["bot"]\n\n'
        '[alerts.bot]\nurls = ["wecombot://${POLICYDIFF_TEST_UNSET_KEY}"]\n'
    )
    (d,) = apprise_sink.deliver(cfg, [material_alert()], environ={})
    assert not d.ok and "POLICYDIFF_TEST_UNSET_KEY" in d.error


@pytest.mark.parametrize("state", ["failing", "recovered"])
def test_failure_alert_wording(state: str) -> None:
    a = failing_alert()
    a.state = state  # type: ignore[assignment]
    assert ("failing" if state == "failing" else "recovered") in a.markdown()
