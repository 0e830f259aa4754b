"""`policydiff site` on a real archive, checked in headless Chromium.

The archive is built with `policydiff import` from the multi-version folders copied from
../shared/corpus/real into tests/data/corpus (china-railway-12306: four versions, the last a
silent revision; bytedance-jianying: two; see their SOURCE.md), plus a hostile policy written
here. The site must list every policy with its verdict, link every version and report, resolve
every link inside itself, request nothing from another host, fit 1280 and 390 px screens, run its
scripts under its CSP, keep a hostile text inert, and rebuild only what changed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html
from test_report_html import CHROMIUM, assert_not_blank, chromium, needs_chromium, screenshot_dir

from policydiff.archive.versions import Archive
from policydiff.report.site.assets import csp
from policydiff.report.site.build import MANIFEST
from policydiff.watch.site_input import build

CORPUS = Path(__file__).parent / "data" / "corpus"
REAL = ("china-railway-12306", "bytedance-jianying")
SOURCES = """
[[source]]
slug = "china-railway-12306"
name = "12306"
url = "https://www.example.com/12306"
tags = ["出行", "gov"]

[[source]]
slug = "bytedance-jianying"
name = "剪映"
url = "https://www.example.com/jianying"
tags = ["video"]
"""
HOSTILE_OLD = """恶意测试隐私政策<script>document.title='pwned-title'</script>
更新日期：2023年1月1日
一、我们收集的信息
我们收集您的手机号码。<img src=x onerror="document.body.setAttribute('data-pwned','1')">
点击[这里](javascript:alert(1))查看，或 <a href="javascript:alert(2)">链接</a>。
\u202egnp.exe 反向文字测试\u202c
二、重大变更
重大变更包括：我们的业务模式发生重大变化。
"""
HOSTILE_NEW = HOSTILE_OLD.replace("手机号码。", "手机号码和人脸信息，用于身份验证。").replace("2023年1月1日", "2023年6月1日")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policydiff", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("site")
    archive = base / "archive"
    assert run_cli("init", "-a", str(archive)).returncode == 0
    (archive / "sources.toml").write_text(SOURCES, encoding="utf-8")
    for name in REAL:
        proc = run_cli("import", str(CORPUS / name), "-a", str(archive))
        assert proc.returncode == 0, proc.stderr
    store = Archive.open(archive)
    from datetime import datetime, timezone

    store.snapshot("hostile", HOSTILE_OLD.encode("utf-8"), source="<test>", fetched_at=datetime(2023, 1, 2, tzinfo=timezone.utc))
    store.snapshot("hostile", HOSTILE_NEW.encode("utf-8"), source="<test>", fetched_at=datetime(2023, 6, 2, tzinfo=timezone.utc))
    out = base / "site"
    proc = run_cli("site", "-a", str(archive), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "3 policies built" in proc.stdout
    return archive, out


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_index_lists_every_policy_with_its_title_tags_and_verdict(site: tuple[Path, Path]) -> None:
    _archive, out = site
    doc = lxml_html.fromstring((out / "index.html").read_text("utf-8"))
    by_slug = {r.xpath(".//td[1]//span[@class='muted']")[0].text_content(): r for r in doc.xpath("//table[@id='policies']/tbody/tr")}
    assert set(by_slug) == {*REAL, "hostile"}
    jianying = by_slug["bytedance-jianying"]
    assert jianying.get("data-verdict") == "material"
    assert "重大变更" in jianying.text_content() and "video" in jianying.text_content()
    assert "隐私政策" in jianying.xpath(".//td[1]/a")[0].text_content(), "the policy's own title, not its slug"
    railway = by_slug["china-railway-12306"]
    assert railway.xpath(".//td[3]")[0].text_content() == "4"
    assert "出行" in railway.get("data-tags")
    assert by_slug["hostile"].get("data-verdict") in ("material", "changed", "silent")


def test_timeline_links_every_version_report_and_facts_and_marks_the_silent_revision(site: tuple[Path, Path]) -> None:
    _archive, out = site
    folder = out / "p" / "china-railway-12306"
    doc = lxml_html.fromstring((folder / "index.html").read_text("utf-8"))
    hrefs = set(doc.xpath("//a/@href"))
    for n in range(1, 5):
        assert f"v{n}.html" in hrefs and f"facts-v{n}.html" in hrefs
    for a, b in ((1, 2), (2, 3), (3, 4)):
        assert f"r{a}-{b}.html" in hrefs
    change = doc.get_element_by_id("c3-4")
    assert "静默修订" in change.text_content()
    assert "12306" in doc.findtext(".//title")
    # a report carries previous / next change links and the policy's title
    report = lxml_html.fromstring((folder / "r2-3.html").read_text("utf-8"))
    rels = {a.get("rel"): a.get("href") for a in report.xpath("//nav[@class='site-nav']/a[@rel]")}
    assert rels == {"prev": "r1-2.html", "next": "r3-4.html"}
    assert "12306" in report.findtext(".//title")
    # what a version says: human labels, no internal keys
    facts = (folder / "facts-v4.html").read_text("utf-8")
    assert "个人权利及行使方式" in facts and "查阅" in facts
    for key in ("legal_demand", "purpose_type_usage", "[敏感:", "access（"):
        assert key not in facts


def test_every_link_resolves_inside_the_site_and_nothing_is_requested_elsewhere(site: tuple[Path, Path]) -> None:
    _archive, out = site
    for page in pages(out):
        text = page.read_text("utf-8")
        doc = lxml_html.fromstring(text)
        metas = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert metas and metas[0].startswith("default-src 'none'"), f"{page}: no strict CSP"
        assert not doc.xpath("//*[@src]"), f"{page}: loads something"
        assert not doc.xpath("//link[@rel='stylesheet'] | //iframe | //object | //embed")
        for href in doc.xpath("//a/@href"):
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{page}: link off the site {href!r}"
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(out)}: broken link {href!r}"
            assert out.resolve() in target.parents, f"{page}: link outside the site {href!r}"


def test_a_hostile_policy_stays_text(site: tuple[Path, Path]) -> None:
    _archive, out = site
    for page in (out / "p" / "hostile").glob("*.html"):
        text = page.read_text("utf-8")
        assert "<script>document.title" not in text
        assert "<img src=x" not in text
        assert 'href="javascript:' not in text.lower()
        assert "\u202e" not in text, f"{page.name}: a bidi override reaches the page"
    assert "[U+202E]" in (out / "p" / "hostile" / "v1.html").read_text("utf-8")


@needs_chromium
def test_the_scripts_run_under_the_csp_and_the_payload_does_not(site: tuple[Path, Path], tmp_path: Path) -> None:
    _archive, out = site
    dom = chromium(tmp_path, out / "index.html", "--dump-dom").stdout
    doc = lxml_html.fromstring(dom)
    assert doc.get_element_by_id("filters").get("hidden") is None, "the filter script did not run"
    for name in ("v1.html", "r1-2.html", "facts-v2.html", "index.html"):
        dom = chromium(tmp_path, out / "p" / "hostile" / name, "--dump-dom").stdout
        doc = lxml_html.fromstring(dom)
        assert doc.find("body").get("data-pwned") is None, f"{name}: the payload ran"
        assert "pwned-title" not in doc.findtext(".//title")
    timeline = lxml_html.fromstring(chromium(tmp_path, out / "p" / "china-railway-12306" / "index.html", "--dump-dom").stdout)
    assert timeline.get_element_by_id("pair-form").get("hidden") is None
    assert "policydiff diff china-railway-12306" in timeline.get_element_by_id("pair-cmd").text_content()


MEASURE = """<script>
(function () {
  var d = document.documentElement, widest = 0, who = '';
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width && r.right > widest) { widest = r.right; who = el.tagName + '.' + el.className; }
  });
  var p = document.createElement('pre'); p.id = 'measure';
  p.textContent = JSON.stringify({scroll: d.scrollWidth, inner: innerWidth, widest: widest, who: who});
  window.parent.document.body.appendChild(window.parent.document.importNode(p, true));
})();
</script>"""


@needs_chromium
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("name", ["index.html", "search.html", "p/china-railway-12306/index.html", "p/china-railway-12306/facts-v4.html",
                                  "p/china-railway-12306/v2.html", "p/bytedance-jianying/r1-2.html"])
def test_pages_fit_the_screen_and_screenshots_are_written(site: tuple[Path, Path], tmp_path: Path, name: str, width: int,
                                                          height: int) -> None:
    _archive, out = site
    page = out / name
    png = screenshot_dir() / f"site-{name.replace('/', '_').removesuffix('.html')}-{width}.png"
    chromium(tmp_path, page, f"--window-size={width},{height}", "--force-device-scale-factor=1", f"--screenshot={png}")
    assert_not_blank(png, width)
    text = page.read_text("utf-8")
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', "", text).replace("</body>", MEASURE + "</body>")
    frame = tmp_path / "frame.html"
    from html import escape

    frame.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0" width="{width}" height="{height}" '
                     f'srcdoc="{escape(probe)}"></iframe></body></html>', encoding="utf-8")
    dom = chromium(tmp_path, frame, "--window-size=1400,1000", "--dump-dom").stdout
    m = json.loads(lxml_html.fromstring(dom).get_element_by_id("measure").text_content())
    assert m["inner"] == width
    assert m["scroll"] <= m["inner"], f"{name} is wider than the screen: {m}"
    assert m["widest"] <= m["inner"] + 1, f"{name}: an element overflows: {m}"


def test_a_rebuild_touches_only_the_policy_with_a_new_version(site: tuple[Path, Path], tmp_path: Path) -> None:
    archive, out = site
    copy = tmp_path / "site"
    import shutil

    shutil.copytree(out, copy)
    kept = copy / "p" / "china-railway-12306" / "index.html"
    before = kept.stat().st_mtime_ns
    again = build(Archive.open(archive), copy)
    assert again.built == [] and len(again.kept) == 3
    archive2 = tmp_path / "archive"
    shutil.copytree(archive, archive2)
    Archive.open(archive2).snapshot("hostile", (HOSTILE_NEW + "三、新增一节\n我们新增了一项说明。\n").encode("utf-8"), source="<test>")
    result = build(Archive.open(archive2), copy)
    assert result.built == ["hostile"] and sorted(result.kept) == sorted(REAL)
    assert kept.stat().st_mtime_ns == before, "an unchanged policy's pages were written again"
    assert (copy / "p" / "hostile" / "r2-3.html").is_file()
    manifest = json.loads((copy / MANIFEST).read_text("utf-8"))
    assert manifest["policies"]["hostile"]["digest"]["versions"] == 3


def test_bad_options_are_one_line_errors(site: tuple[Path, Path], tmp_path: Path) -> None:
    archive, _out = site
    proc = run_cli("site", "-a", str(archive), "-o", str(tmp_path / "x"), "--base-url", "ftp://x")
    assert proc.returncode == 2 and "--base-url" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("site", "-a", str(archive), "-o", str(blocker))
    assert proc.returncode == 2 and "not a folder" in proc.stderr


def test_csp_names_each_script_by_hash() -> None:
    assert "script-src 'sha256-" in csp(("x",)) and "script-src" not in csp()


def test_a_check_can_end_by_updating_the_site(tmp_path: Path) -> None:
    """`check --site DIR` on a real local server: the first check builds the site; a second one,
    after the policy changed, rebuilds that policy (its feed linked) and the index shows the change."""
    from _servers import Page, PolicyServer

    archive = tmp_path / "archive"
    old = (CORPUS / "bytedance-jianying" / "2020-12-16.txt").read_bytes()
    new = (CORPUS / "bytedance-jianying" / "2022-08-10.txt").read_bytes()
    out = tmp_path / "site"
    with PolicyServer() as web:
        web.pages["/jy"] = Page(old, content_type="text/plain; charset=utf-8")
        archive.mkdir()
        (archive / "sources.toml").write_text(f'[[source]]\nslug = "jy"\nname = "剪映"\nurl = "{web.url("/jy")}"\n'
                                              'allow_private = true\ntags = ["video"]\n', encoding="utf-8")
        first = run_cli("check", "-a", str(archive), "--force", "--site", str(out))
        assert first.returncode == 0, first.stderr
        assert "1 policies built" in first.stdout
        web.pages["/jy"] = Page(new, content_type="text/plain; charset=utf-8")
        second = run_cli("check", "-a", str(archive), "--force", "--site", str(out))
        web.pages["/jy"] = Page(b"gone", status=404)
        failing = run_cli("check", "-a", str(archive), "--force", "--site", str(out))
    assert failing.returncode == 2 and "0 policies built, 1 unchanged" in failing.stdout
    failed_row = lxml_html.fromstring((out / "index.html").read_text("utf-8")).xpath("//tbody/tr")[0]
    assert "抓取失败" in failed_row.text_content() and "404" in failed_row.text_content()
    assert second.returncode == 0, second.stderr
    assert "1 policies built" in second.stdout
    row = lxml_html.fromstring((out / "index.html").read_text("utf-8")).xpath("//tbody/tr")[0]
    assert row.get("data-verdict") == "material" and "video" in row.get("data-tags")
    timeline = (out / "p" / "jy" / "index.html").read_text("utf-8")
    assert 'href="r1-2.html"' in timeline
    assert 'href="../../feeds/jy.atom"' in timeline and (out / "feeds" / "jy.atom").is_file()
    index = (out / "index.html").read_text("utf-8")
    assert 'href="feeds/tag-video.atom"' in index and (out / "feeds" / "tag-video.atom").is_file()


@needs_chromium
def test_the_version_in_force_on_a_date_in_the_browser(site: tuple[Path, Path], tmp_path: Path) -> None:
    """The timeline's date form (opened as index.html?at=DAY) names the version in force and why:
    剪映 version 2 states 生效日期 2022-08-17, version 1 none (its fetch date counts)."""
    _archive, out = site
    page = out / "p" / "bytedance-jianying" / "index.html"

    def answer(day: str) -> str:
        profile = tmp_path / "profile"
        profile.mkdir(exist_ok=True)
        assert CHROMIUM is not None
        proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                               "--dump-dom", page.as_uri() + f"?at={day}"], capture_output=True, text=True, timeout=120)
        return lxml_html.fromstring(proc.stdout).get_element_by_id("at-result").text_content()

    assert answer("2022-08-16").startswith("版本 1") and "抓取日期" in answer("2022-08-16")
    assert answer("2022-08-17").startswith("版本 2 2022-08-17") and "生效日期" in answer("2022-08-17")
    assert answer("2019-01-01") == "该日期之前没有版本"


def test_english_all_pairs_and_a_base_url(site: tuple[Path, Path], tmp_path: Path) -> None:
    archive, _out = site
    out = tmp_path / "en"
    result = build(Archive.open(archive), out, lang="en", all_pairs=True, base_url="https://policies.example.com/archive")
    assert sorted(result.built) == sorted([*REAL, "hostile"])
    index = lxml_html.fromstring((out / "index.html").read_text("utf-8"))
    assert index.get("lang") == "en" and "material change" in index.text_content()
    assert index.xpath("//link[@rel='canonical']/@href") == ["https://policies.example.com/archive/index.html"]
    folder = out / "p" / "china-railway-12306"
    assert (folder / "r1-3.html").is_file() and (folder / "r1-4.html").is_file()
    data = json.loads(lxml_html.fromstring((folder / "index.html").read_text("utf-8")).get_element_by_id("versions-data").text)
    assert data["reports"]["1-4"] == "r1-4.html" and data["reports"]["3-4"] == "r3-4.html"
    assert "Timeline" in (folder / "index.html").read_text("utf-8")


@needs_chromium
def test_search_finds_the_policies_that_collect_a_data_type(site: tuple[Path, Path], tmp_path: Path) -> None:
    _archive, out = site
    entries = lxml_html.fromstring((out / "search.html").read_text("utf-8")).xpath("//ul[@id='hits']/li")
    assert len(entries) == 3
    expected = {li.xpath("a")[0].get("href") for li in entries if "人脸信息" in li.get("data-words")}
    assert "p/china-railway-12306/index.html" in expected
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir()
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}", "--dump-dom",
                           (out / "search.html").as_uri() + "?q=%E4%BA%BA%E8%84%B8%E4%BF%A1%E6%81%AF"],
                          capture_output=True, text=True, timeout=120)
    doc = lxml_html.fromstring(proc.stdout)
    shown = {li.xpath("a")[0].get("href") for li in doc.xpath("//ul[@id='hits']/li") if li.get("hidden") is None}
    assert shown == expected and doc.get_element_by_id("n").text_content() == str(len(expected))


@needs_chromium
def test_print_keeps_the_facts_sentences_and_drops_the_forms(site: tuple[Path, Path], tmp_path: Path) -> None:
    """Printing a facts page shows each item's folded sentence; printing a timeline leaves out its forms."""
    import pdfplumber

    _archive, out = site
    folder = out / "p" / "china-railway-12306"
    pdf = tmp_path / "facts.pdf"
    chromium(tmp_path, folder / "facts-v4.html", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    with pdfplumber.open(pdf) as doc:
        printed = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
    if "个人权利" not in printed:
        pytest.skip("no CJK font installed: the PDF text cannot be read back")
    quote = lxml_html.fromstring((folder / "facts-v4.html").read_text("utf-8")).xpath("//li//details/blockquote")[0].text_content()
    assert "".join(quote.split())[:20] in printed, "a folded sentence must print"
    pdf = tmp_path / "timeline.pdf"
    chromium(tmp_path, folder / "index.html", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    with pdfplumber.open(pdf) as doc:
        printed = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
    assert "版本时间线" in printed and "比较任意两个版本" not in printed


@needs_chromium
def test_the_index_filters_by_tag_and_verdict_in_the_browser(site: tuple[Path, Path], tmp_path: Path) -> None:
    _archive, out = site
    assert CHROMIUM is not None

    def shown(query: str) -> set[str]:
        profile = tmp_path / "profile"
        profile.mkdir(exist_ok=True)
        proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}", "--dump-dom",
                               (out / "index.html").as_uri() + query], capture_output=True, text=True, timeout=120)
        rows = lxml_html.fromstring(proc.stdout).xpath("//table[@id='policies']/tbody/tr")
        return {r.xpath(".//td[1]//span[@class='muted']")[0].text_content() for r in rows if r.get("hidden") is None}

    assert shown("") == {*REAL, "hostile"}
    assert shown("?tag=video") == {"bytedance-jianying"}
    assert shown("?tag=%E5%87%BA%E8%A1%8C") == {"china-railway-12306"}  # 出行
    doc = lxml_html.fromstring((out / "index.html").read_text("utf-8"))
    material = {r.xpath(".//td[1]//span[@class='muted']")[0].text_content()
                for r in doc.xpath("//table[@id='policies']/tbody/tr") if r.get("data-verdict") == "material"}
    assert shown("?verdict=material") == material and "bytedance-jianying" in material


def test_a_folder_of_other_files_is_never_written_over(site: tuple[Path, Path], tmp_path: Path) -> None:
    """`-o ~` by mistake: a folder that holds files but no site of ours is refused, untouched."""
    archive, _out = site
    home = tmp_path / "home"
    home.mkdir()
    (home / "index.html").write_text("mine", encoding="utf-8")
    proc = run_cli("site", "-a", str(archive), "-o", str(home))
    assert proc.returncode == 2 and "no website of policydiff" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in home.iterdir()) == ["index.html"]
    assert (home / "index.html").read_text(encoding="utf-8") == "mine"
