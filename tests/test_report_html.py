"""The HTML report in a real browser: headless Chromium renders real compares of eval cases.

The DOM after rendering must show the changed sections, category badges, evidence marks and
the redline; screenshots at desktop and phone width must not be blank; a hostile policy
(``<script>``, ``<img onerror>``) must stay text — even with the CSP removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import POLICYDIFF
from lxml import html as lxml_html

from policydiff import report
from policydiff.compare import pipeline as compare_mod
from policydiff.model import Comparison, RawText
from policydiff.report import html as report_html
from policydiff.report import rows as report_rows_mod

CASES = Path(__file__).parent / "data" / "cases"
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def compare_case(name: str) -> Comparison:
    folder = CASES / name
    old = RawText((folder / "old.txt").read_text("utf-8"), f"{name}/old.txt")
    new = RawText((folder / "new.txt").read_text("utf-8"), f"{name}/new.txt")
    return compare_mod.compare(old, new)


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local file with no network, no profile, no background services."""
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
        page.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def dump_dom(tmp_path: Path, page: Path) -> str:
    """The DOM after load, as Chromium serialises it (scripts, had any run, would show their effects)."""
    return chromium(tmp_path, page, "--dump-dom").stdout


def write_report(tmp_path: Path, result: Comparison, name: str = "report.html") -> Path:
    page = tmp_path / name
    page.write_text(report.render(result, "html"), encoding="utf-8")
    return page


def assert_not_blank(png: Path, width: int) -> None:
    from PIL import Image

    assert png.exists() and png.stat().st_size > 10_000, f"no screenshot at {png}"
    with Image.open(png) as img:
        rgb = img.convert("RGB")
        assert rgb.width == width
        colours = rgb.getcolors(rgb.width * rgb.height) or []
    total = rgb.width * rgb.height
    inked = sum(n for n, c in colours if sum(c) < 600)  # not white
    assert inked > total * 0.02, "the screenshot is (nearly) blank"
    assert len(colours) > 50, "the screenshot has almost no colours: nothing was drawn"


# -- structure in the browser ---------------------------------------------------------------


@needs_chromium
def test_report_renders_in_chromium_with_sections_badges_marks_and_redline(tmp_path: Path) -> None:
    result = compare_case("000-live-verification-section-inserted")
    assert result.verdict.material, "the seed case must be material for this test to mean anything"
    page = write_report(tmp_path, result)
    doc = lxml_html.fromstring(dump_dom(tmp_path, page))

    # header: both sources, the verdict and each triggered category in the policy's own words
    header = doc.get_element_by_id("top")
    text = header.text_content()
    assert "000-live-verification-section-inserted/old.txt" in text
    assert "000-live-verification-section-inserted/new.txt" in text
    assert "重大变更" in header.cssselect(".verdict.material .v-head")[0].text_content()
    wordings = [q.text_content() for q in header.cssselect(".cats q.wording")]
    assert "个人信息共享、转让或公开披露的主要对象发生变化" in wordings
    assert any("处理的个人信息类型" in w for w in wordings)

    # one section per changed pair, material first, every list entry links to its section
    rows, renumbered, unchanged = report_rows_mod.report_rows(result)
    sections = doc.cssselect("section.change")
    assert [s.get("id") for s in sections] == [r.anchor for r in rows]
    assert "material" in sections[0].get("class", "")
    links = [a.get("href") for a in doc.cssselect("nav ol.toc a")]
    assert links == [f"#{r.anchor}" for r in rows]
    assert all(doc.get_element_by_id(h[1:]) is not None for h in links)

    material = sections[0]
    badges = " ".join(b.text_content() for b in material.cssselect(".badge.cat"))
    assert "recipients" in badges and "purpose_type_usage" in badges
    # the heading as printed in the new version, and its inserted text in <ins>
    assert "2.5.1当您在直播间参与抽奖" in material.cssselect("h3")[0].text_content()
    inserted = "".join(i.text_content() for i in material.cssselect(".redline ins"))
    assert "如您拒绝提供，将无法参与上述活动" in inserted
    # evidence: the findings' triggers are marked inside the inserted words
    marked = [m.text_content() for m in material.cssselect(".redline ins mark.trigger")]
    triggers = {f.trigger for f in rows[0].findings if f.side == "new" and f.trigger and f.trigger in inserted}
    assert triggers, "the classifier's triggers lie in the inserted words"
    for trigger in triggers:
        assert any(trigger in m for m in marked), (trigger, marked)
    assert any("北京数安认证技术有限公司" in m for m in marked)
    assert all(len(m) < 40 for m in marked), "marks are the evidence words, not the whole section"
    assert material.cssselect(".findings .expl"), "each finding's explanation is shown"

    # renumbered-only sections listed apart, unchanged ones collapsed but present with their text
    renum = doc.get_element_by_id("renumbered").text_content()
    assert "2.5" in renum and "2.6帮助您完成支付" in renum
    assert len(renumbered) == len(doc.cssselect("#renumbered tbody tr"))
    folded = doc.cssselect("details.unchanged details.sec")
    assert len(folded) == len(unchanged)
    assert not doc.get_element_by_id("unchanged").get("open")
    some = next(p.new for p in unchanged if p.new is not None and len(p.new.text) > 20)
    assert some.text[:20] in doc.get_element_by_id("unchanged").text_content()


@needs_chromium
def test_deletions_and_silent_revision_show(tmp_path: Path) -> None:
    result = compare_case("003-copy-right-section-removed")
    assert result.verdict.silent_revision and result.verdict.material
    doc = lxml_html.fromstring(dump_dom(tmp_path, write_report(tmp_path, result)))
    assert "静默修订" in doc.cssselect("header .warn")[0].text_content()
    section = doc.cssselect("section.change.material")[0]
    deleted = "".join(d.text_content() for d in section.cssselect(".redline del"))
    assert deleted and deleted.replace("\n", "") in "".join(result.changes[0].deleted).replace("\n", "")
    assert section.cssselect(".redline del mark"), "the removed right is marked as evidence"
    assert "rights" in section.cssselect(".badge.cat")[0].text_content()
    # dates of both versions in the header
    assert doc.cssselect("table.versions")[0].text_content().count("2021-10-19") == 2


@needs_chromium
@pytest.mark.parametrize("width,height", [(1280, 1600), (390, 1600)])
def test_screenshot_desktop_and_phone(tmp_path: Path, width: int, height: int) -> None:
    page = write_report(tmp_path, compare_case("000-live-verification-section-inserted"))
    png = tmp_path / f"report-{width}.png"
    chromium(tmp_path, page, f"--window-size={width},{height}", "--force-device-scale-factor=1", f"--screenshot={png}")
    assert_not_blank(png, width)
    keep = os.environ.get("POLICYDIFF_KEEP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)


@needs_chromium
def test_print_shows_collapsed_content(tmp_path: Path) -> None:
    """Printing expands the unchanged sections and the shortened context (print CSS)."""
    import pdfplumber

    result = compare_case("001-neutral-rewording")
    page = write_report(tmp_path, result)
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    with pdfplumber.open(pdf) as doc:
        printed = "".join((p.extract_text() or "") for p in doc.pages)
    printed = "".join(printed.split())
    if "变更" not in printed:
        pytest.skip("no CJK font installed: the PDF text cannot be read back")
    _, _, unchanged = report_rows_mod.report_rows(result)
    last = next(p.new for p in reversed(unchanged) if p.new is not None and len(p.new.text) > 30)
    assert "".join(last.text.split())[:25] in printed, "collapsed unchanged sections must print"
    long_runs = [e.text for c in result.changes for e in c.edits if e.op == "equal" and len(e.text) > 300]
    assert long_runs, "the case needs a shortened unchanged run"
    middle = "".join(long_runs[0].split())
    assert middle[len(middle) // 2 : len(middle) // 2 + 20] in printed, "shortened context must print in full"


# -- escaping --------------------------------------------------------------------------------

PAYLOAD_SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"document.title='pwned'\">"


def hostile_pair(tmp_path: Path) -> tuple[RawText, RawText]:
    """A seed pair with script and onerror payloads inserted into a section and a heading."""
    old_text = (CASES / "000-share-ad-service-providers" / "old.txt").read_text("utf-8")
    anchor = "我们会将您的快手小店账号用户名"
    assert anchor in old_text
    new_text = old_text.replace(anchor, f"{PAYLOAD_SCRIPT}{anchor}{PAYLOAD_IMG}", 1)
    heading = "2.7客服及争议处理"
    assert heading in new_text
    new_text = new_text.replace(heading, f"{heading}<b onmouseover=alert(1)>\"'&amp;</b>", 1)
    return RawText(old_text, "hostile/old.txt"), RawText(new_text, "hostile/<script>alert(1)</script>new.txt")


@needs_chromium
def test_hostile_policy_text_cannot_run_code(tmp_path: Path) -> None:
    old, new = hostile_pair(tmp_path)
    result = compare_mod.compare(old, new)
    assert result.changes, "the payload must show as a change"
    text = report_html.render_html(result)
    assert "<script" not in text.lower() and "<img" not in text.lower()
    assert "&lt;script&gt;window.__pwned=1" in text

    # Escaping alone must hold: load the page with its Content-Security-Policy removed.
    no_csp = text.replace(f'<meta http-equiv="Content-Security-Policy" content="{report_html.CSP}">', "")
    assert no_csp != text
    for name, page_text in (("with-csp.html", text), ("without-csp.html", no_csp)):
        page = tmp_path / name
        page.write_text(page_text, encoding="utf-8")
        dom = dump_dom(tmp_path, page)
        doc = lxml_html.fromstring(dom)
        assert doc.findtext(".//title").startswith("policydiff"), f"{name}: a payload changed the title"
        assert not doc.cssselect("script") and not doc.cssselect("img") and not doc.cssselect("[onerror]")
        assert not doc.cssselect("[onmouseover]")
        ins = "".join(i.text_content() for i in doc.cssselect(".redline ins"))
        assert "<script>window.__pwned=1" in ins and "onerror=" in ins, "the payload shows as text"


@needs_chromium
def test_harness_detects_a_payload_that_runs(tmp_path: Path) -> None:
    """Control: the same payload unescaped does change the title, so the test above can fail."""
    page = tmp_path / "raw.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>policydiff</title></head><body>{PAYLOAD_IMG}</body></html>", "utf-8")
    doc = lxml_html.fromstring(dump_dom(tmp_path, page))
    assert doc.findtext(".//title") == "pwned"


# -- without a browser -----------------------------------------------------------------------


def test_html_is_self_contained() -> None:
    text = report_html.render_html(compare_case("000-live-verification-section-inserted"))
    lower = text.lower()
    # policy text may quote URLs; the page itself must not load anything
    for ref in (" src=", "href=\"http", "url(", "@import", "<link", "<script", "<iframe", "<object"):
        assert ref not in lower, ref
    assert "default-src 'none'" in text and '<meta charset="utf-8">' in text
    assert '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"'.replace(", ", ",") in text
    assert "@media print" in text and "@media (max-width" in text


def test_disclosure_extra_is_shown_only_when_present() -> None:
    result = compare_case("000-share-ad-service-providers")
    disclosure = result.disclosure
    assert disclosure is not None  # the compare pipeline attaches the disclosure check
    text = report_html.render_html(result)
    assert 'id="disclosure"' in text and 'href="#disclosure"' in text
    assert report_html.esc(disclosure.summary) in text
    result.disclosure = None
    text = report_html.render_html(result)
    assert 'id="disclosure"' not in text and 'href="#disclosure"' not in text


def test_cli_writes_html(tmp_path: Path) -> None:
    folder = CASES / "000-share-ad-service-providers"
    out = tmp_path / "report.html"
    proc = subprocess.run(
        [POLICYDIFF, "compare", str(folder / "old.txt"), str(folder / "new.txt"), "--format", "html", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>") and "广告服务商" in text and "<ins>" in text
