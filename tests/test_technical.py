"""A version recorded because the text extraction changed, not the policy: a technical re-recording.

The same source bytes (a real seed policy as an HTML page, tests/archive_helpers.as_html) recorded
first with a CSS selector and then without one give a different text; that version is marked in
its commit, in versions.json and meta.json, in `policydiff log`, on the website, and never alerts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archive_helpers import as_html, seed_text
from lxml import html as lxml_html

from policydiff.archive.versions import Archive
from policydiff.watch.config_parse import loads
from policydiff.watch.run import alert_for_version
from policydiff.watch.site_input import build


def page() -> bytes:
    """The policy and, in the same wrapper, an appendix a wider selector also takes."""
    policy = as_html(seed_text("001")).decode("utf-8")
    body = policy[policy.index("<div id='policy'"):policy.index("<aside>")]
    appendix = "<div id='appendix'><h2>附录：第三方SDK清单</h2><p>友盟统计SDK：用于统计分析，收集设备信息。</p></div>"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><main id='wrap'>{body}{appendix}</main></body></html>".encode()


def record_twice(tmp_path: Path) -> Archive:
    store = Archive.init(tmp_path / "a")
    first = store.snapshot("kaola", page(), source="https://example.com/p", selector="#policy")
    second = store.snapshot("kaola", page(), source="https://example.com/p", selector="#wrap")  # a wider selector
    assert first.recorded and second.recorded
    return store


def test_same_bytes_new_text_is_a_technical_re_recording(tmp_path: Path) -> None:
    store = record_twice(tmp_path)
    v1, v2 = store.versions("kaola")
    assert "technical" not in v1.meta
    assert v2.meta["technical"] == "selector" and store.meta(v2)["technical"] == "selector"
    message = subprocess.run(["git", "--git-dir", str(store.git_dir), "log", "-1", "--format=%B", v2.commit],
                             capture_output=True, text=True, check=True).stdout
    assert "(technical re-recording)" in message and "Technical: selector" in message
    log = subprocess.run([sys.executable, "-m", "policydiff", "log", "kaola", "-a", str(store.path)],
                         capture_output=True, text=True, timeout=120).stdout.splitlines()
    assert log[0].split("\t")[-1] == "note"
    assert log[1].split("\t")[-1] == "" and "technical re-recording (selector changed)" in log[2]


def test_a_changed_source_is_not_technical(tmp_path: Path) -> None:
    store = Archive.init(tmp_path / "a")
    text = seed_text("001")
    store.snapshot("kaola", as_html(text), source="x")
    store.snapshot("kaola", as_html(text.replace("杭州市余杭区文一西路969号", "北京市朝阳区某路1号")), source="x")
    assert "technical" not in store.versions("kaola")[-1].meta


def test_a_technical_re_recording_never_alerts(tmp_path: Path) -> None:
    store = record_twice(tmp_path)
    config = loads('[[source]]\nslug = "kaola"\nname = "考拉"\nurl = "https://example.com/p"\n')
    v1, v2 = store.versions("kaola")
    assert alert_for_version(store, store.path, config, config.source("kaola"), v1, v2) is None


def test_the_site_marks_it_and_does_not_count_it_as_a_change(tmp_path: Path) -> None:
    store = record_twice(tmp_path)
    out = tmp_path / "site"
    build(store, out)
    timeline = lxml_html.fromstring((out / "p" / "kaola" / "index.html").read_text("utf-8"))
    change = timeline.get_element_by_id("c1-2")
    assert "技术性重新记录" in change.text_content() and "并非政策变更" in change.text_content()
    row = lxml_html.fromstring((out / "index.html").read_text("utf-8")).xpath("//tbody/tr")[0]
    assert row.get("data-verdict") == "none" and "无政策变更" in row.text_content()


def test_a_reextracted_text_is_noted_on_the_site(tmp_path: Path) -> None:
    """`reextract` rebuilds the newest text from the stored source (no new version, no alert); the
    timeline says so beside that version. The stale text is planted with the archive's own git
    writer, as an archive recorded by an older extractor would hold it."""
    from datetime import datetime, timezone

    store = Archive.init(tmp_path / "a")
    store.snapshot("kaola", as_html(seed_text("001")), source="https://example.com/p.html", media_type="text/html")
    tip = store.tip()
    folder = store.policy_keys()["kaola"]
    files = {name: store.store.blob(sha) or b"" for _mode, name, sha in store.store.tree_entries(folder)}
    files["policy.txt"] = files["policy.txt"] + "旧版提取器留下的一行页面文字。\n".encode()
    assert store.store.cas(tip, store.store.commit_folder(tip, "kaola", files, "stale text\n", datetime.now(timezone.utc)), None)
    assert store.reextract() == 1
    out = tmp_path / "site"
    build(store, out)
    timeline = (out / "p" / "kaola" / "index.html").read_text("utf-8")
    assert "按新版提取方式重新提取文本" in timeline
    assert len(store.versions("kaola")) == 1
