"""Alerts rendered per channel: plain text for webhooks and the terminal, HTML for e-mail and the
feed, Markdown only where it is rendered; a subject with the policy's title, the verdict and
静默修订; absolute links or none. Real SMTP and webhook servers (tests/_servers.py), the bundled
demo policy (policydiff/data/demo), and headless Chromium screenshots of the mail and the feed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from email.message import EmailMessage
from importlib import resources
from pathlib import Path

import pytest
from _servers import SMTPSink, WebhookReceiver

from policydiff.watch import config_parse, outcome
from policydiff.watch import run as check

ATOM = "{http://www.w3.org/2005/Atom}"
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
BASE = "https://policies.example.com/reports/"


def demo(version: int) -> str:
    return (resources.files("policydiff") / "data" / "demo" / f"privacy-v{version}.txt").read_text(encoding="utf-8")


def run_material_change(tmp_path: Path, *, lang: str = "zh", base_url: str | None = BASE) -> tuple[outcome.RunResult, list[EmailMessage], list[dict], Path]:
    """Record the demo policy, change it, check again: the alert's mail, webhook posts and archive."""
    archive_dir = tmp_path / "archive"
    (archive_dir / "inbox").mkdir(parents=True)
    policy = archive_dir / "inbox" / "demo.txt"
    policy.write_text(demo(1), encoding="utf-8")
    base = f'report_base_url = "{base_url}"\n' if base_url else ""
    with SMTPSink() as smtp, WebhookReceiver() as hook:
        (archive_dir / "sources.toml").write_text(
            f'[defaults]\nalerts = ["team"]\ndigest = "change"\nlang = "{lang}"\n{base}\n'
            f'[[source]]\nslug = "demo-app"\npath = "inbox/demo.txt"\n\n'
            f'[alerts.team]\nurls = ["{smtp.url()}", "json://127.0.0.1:{hook.port}/hook"]\n', encoding="utf-8")
        cfg = config_parse.load(archive_dir / "sources.toml")
        check.run(archive_dir, cfg, outcome.Options(force=True))
        policy.write_text(demo(2), encoding="utf-8")
        result = check.run(archive_dir, cfg, outcome.Options(force=True))
        mails = list(smtp.messages)
        posts = hook.json_bodies()
    return result, mails, posts, archive_dir


def mail_parts(msg: EmailMessage) -> tuple[str, dict[str, str]]:
    parts = {p.get_content_type(): p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"}
    return str(msg["subject"]), parts


def test_each_channel_gets_its_own_format_and_the_subject_names_title_verdict_and_silent_revision(tmp_path: Path) -> None:
    result, mails, posts, archive_dir = run_material_change(tmp_path)
    assert all(d.ok for d in result.deliveries), result.deliveries
    (mail,) = mails
    subject, parts = mail_parts(mail)
    # the sources file gives no name: the policy's own title, not "demo-app（demo-app）"
    assert subject == "[policydiff] 重大变更（静默修订）：隐私政策（demo-app）"
    html_body = parts["text/html"]
    assert "<ul>" in html_body and "<li>变更联系电话：021-56781234 → 021-66093300" in html_body
    assert f'<a href="{BASE}demo-app/' in html_body
    assert "- 变更" not in html_body and "**" not in html_body and "\\#" not in html_body

    (post,) = posts
    text = post["message"]
    assert post["title"] == subject
    assert "旧版本：#1 " in text and "\\" not in text and "**" not in text and "###" not in text
    assert "  • 变更联系电话：021-56781234 → 021-66093300" in text
    assert f"完整报告：{BASE}demo-app/" in text
    assert "所涉 1 类重大变更中 0 类已在更新说明中告知" in text  # one count, of the kinds listed above it

    entry = ET.parse(archive_dir / "feed.atom").getroot().find(f"{ATOM}entry")
    assert entry is not None
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None and summary.get("type") == "html"
    assert "<ul>" in (summary.text or "") and "###" not in (summary.text or "")


def test_without_a_base_url_there_is_no_link_and_english_reads_unescaped(tmp_path: Path) -> None:
    result, mails, posts, _ = run_material_change(tmp_path, lang="en", base_url=None)
    subject, parts = mail_parts(mails[0])
    assert subject.startswith("[policydiff] MATERIAL CHANGE (silent revision): ")
    text = posts[0]["message"]
    for noise in ("&#x27;", "&amp;", "\\", "**", "reports/", "Full report"):
        assert noise not in text, noise
    assert "href=" not in parts["text/html"].split("<body>", 1)[1]


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args, page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def assert_drawn(png: Path) -> None:
    from PIL import Image

    assert png.exists() and png.stat().st_size > 5_000, f"no screenshot at {png}"
    with Image.open(png) as img:
        rgb = img.convert("RGB")
        colours = rgb.getcolors(rgb.width * rgb.height) or []
    inked = sum(n for n, c in colours if sum(c) < 600)
    assert inked > rgb.width * rgb.height * 0.01, "the screenshot is (nearly) blank"


@needs_chromium
def test_the_html_mail_and_the_feed_entry_render_as_lists_and_links_in_chromium(tmp_path: Path) -> None:
    from lxml import html as lxml_html

    _, mails, _, archive_dir = run_material_change(tmp_path)
    _, parts = mail_parts(mails[0])
    mail_page = tmp_path / "mail.html"
    mail_page.write_text(parts["text/html"], encoding="utf-8")
    entry = ET.parse(archive_dir / "feed.atom").getroot().find(f"{ATOM}entry")
    assert entry is not None
    feed_page = tmp_path / "feed-entry.html"
    feed_page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                         + (entry.findtext(f"{ATOM}summary") or "") + "</body></html>", encoding="utf-8")
    for page in (mail_page, feed_page):
        doc = lxml_html.fromstring(chromium(tmp_path, page, "--dump-dom").stdout)
        items = [li.text_content() for li in doc.iter("li")]
        assert any(i.startswith("变更联系电话：021-56781234 → 021-66093300") for i in items), items
        links = [a.get("href") for a in doc.iter("a")]
        assert any(h and h.startswith(BASE + "demo-app/") for h in links), links
        assert "\\#" not in doc.text_content() and "**" not in doc.text_content()
        png = tmp_path / f"{page.stem}.png"
        chromium(tmp_path, page, f"--screenshot={png}", "--window-size=800,900")
        assert_drawn(png)
