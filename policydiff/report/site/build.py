"""Build the website of an archive, rebuilding only the policies whose versions changed.

``build_site(policies, out)`` writes ``out/index.html`` (every policy), ``out/search.html``,
``out/feeds/`` (copies of the archive's Atom feeds) and one folder ``out/p/<slug>/`` per policy:
``index.html`` (the timeline), ``v<N>.html`` (a version's text), ``facts-v<N>.html`` (what it
says), ``r<A>-<B>.html`` (the full report of a change, ``report.html``'s page with a navigation
bar). ``out/.policydiff-site.json`` (the manifest) keeps each policy's fingerprint and digest: a
policy whose fingerprint is unchanged is not read, compared or written again; a removed one's
folder goes. A policy's folder is written beside the old one and swapped in, so a failed build
leaves the previous pages whole.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from policydiff import regex_cache
from policydiff.compare.facts import extract
from policydiff.compare.pipeline import compare
from policydiff.errors import PolicyDiffError
from policydiff.fsutil import atomic_write_text
from policydiff.lexicon.site_labels import GENERIC_TITLE, SENSITIVE_KIND_LABELS, pick2
from policydiff.model import Comparison, RawText
from policydiff.report.facts import summarize
from policydiff.report.html import render_html
from policydiff.report.rows import disclosure_line, no_change, policy_title
from policydiff.report.site import pages
from policydiff.report.site.model import ChangeDigest, Digest, SitePolicy, SiteVersion
from policydiff.report.summary import summary_text
from policydiff.version import __version__

MANIFEST = ".policydiff-site.json"
MIN_PARALLEL = 4  # policies to rebuild below which forking workers costs more than it saves
NAV_CSS = (".site-nav{font-family:system-ui,sans-serif;background:#f3f6fa;border-bottom:1px solid #dde;padding:.5rem 1rem;"
           "display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}@media print{.site-nav{display:none}}")


@dataclass
class BuildResult:
    """What a build did: the policies rebuilt, kept and removed, and the site's size."""

    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0

    def summary(self) -> str:
        return (f"site: {len(self.built)} policies built, {len(self.kept)} unchanged, {len(self.removed)} removed; "
                f"{self.files} files, {self.bytes / 1e6:.1f} MB")


# Control characters and bidi overrides a page would obey (or hide): shown as their code point.
_CONTROLS = regex_cache.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(text: str) -> str:
    """``text`` with each control character and bidi override written out, so no page obeys one.

    >>> visible_controls("a\u202eb")
    'a[U+202E]b'
    """
    return _CONTROLS.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)


def _raw(policy: SitePolicy, v: SiteVersion, text: str) -> RawText:
    return RawText(text=visible_controls(text), source=f"{policy.slug}@{v.fetched[:10]}#{v.index}", encoding="utf-8", media_type="text/plain")


def verdict_key(result: Comparison, new: SiteVersion) -> str:
    """One word for a change: technical, material, silent, changed or none."""
    if new.technical:
        return "technical"
    if no_change(result):
        return "none"
    if result.verdict.material:
        return "material"
    if result.verdict.silent_revision:
        return "silent"
    return "changed"


def _summary_lines(result: Comparison, lang: str) -> list[str]:
    return [text for style, bullet, text in summary_text(result, lang) if style in ("cat", "fact")]


def _search_words(title: str, summary: dict[str, Any], changes: list[ChangeDigest], lang: str) -> str:
    words = [title]
    for name in ("data_types", "recipients", "transfers", "sdks"):
        for item in summary.get(name) or []:
            words.append(str(item.get("value", "")))
            if item.get("sensitive"):
                words.append(pick2(SENSITIVE_KIND_LABELS, item["sensitive"], lang))
    for c in changes[-6:]:
        words.append(c.date)
        words.extend(c.summary[:8])
    return " ".join(dict.fromkeys(w for w in words if w))[:4000]




def display_title(title: str, name: str, slug: str) -> str:
    """The policy's own title; when it names no one (plain 隐私政策) the sources file's name, else
    the slug, goes before it, so an index of many policies can tell them apart.

    >>> display_title("“剪映”隐私政策", "", "jy"), display_title("隐私政策", "12306", "x"), display_title("隐私政策", "", "cr")
    ('“剪映”隐私政策', '12306 隐私政策', 'cr 隐私政策')
    """
    if not title or "/" in title or "\\" in title or title.startswith(slug + "@"):
        return name or slug
    if GENERIC_TITLE.sub("", title):
        return title
    who = name or slug
    return who if title in who else f"{who} {title}"


def _site_report(result: Comparison, title: str, nav: str, lang: str) -> str:
    """``report.html``'s page of a change, under the site's name of the policy, with the navigation bar."""
    page = render_html(result, lang=lang)
    own = escape(policy_title(result))
    if own != escape(title):
        page = page.replace(f"<title>{own}", f"<title>{escape(title)}", 1)
        page = page.replace(f'<span class="name">{own}</span>', f'<span class="name">{escape(title)}</span>', 1)
    return page.replace("</head>", f"<style>{NAV_CSS}</style></head>", 1).replace("<body>", "<body>" + nav, 1)


def build_policy(policy: SitePolicy, texts: list[str], folder: Path, lang: str, all_pairs: bool,
                 canonical: str | None) -> Digest:
    """Write one policy's pages into ``folder`` (which exists and is empty) from its versions'
    ``texts`` and say what was learnt."""
    versions = policy.loaded()
    raws = [_raw(policy, v, text) for v, text in zip(versions, texts, strict=True)]
    results: dict[tuple[int, int], Comparison] = {}
    for i in range(1, len(versions)):
        results[(i - 1, i)] = compare(raws[i - 1], raws[i])
    if all_pairs:
        for j in range(len(versions)):
            for i in range(j - 1):
                results[(i, j)] = compare(raws[i], raws[j])
    newest = results.get((len(versions) - 2, len(versions) - 1)) or compare(raws[-1], raws[-1])
    title = display_title(policy_title(newest), policy.name, policy.slug)
    changes: list[ChangeDigest] = []
    for i in range(1, len(versions)):
        r, new = results[(i - 1, i)], versions[i]
        changes.append(ChangeDigest(old=versions[i - 1].index, new=new.index, verdict=verdict_key(r, new),
                                    silent=r.verdict.silent_revision, summary=_summary_lines(r, lang)[:12],
                                    disclosure=disclosure_line(r, lang), report=pages.report_file(versions[i - 1], new),
                                    date=pages.stated_date(new)))
    # the reports, with previous / next change links (a technical re-recording is no change to step to)
    steps = [c for c in changes if c.verdict not in ("technical", "none")]
    for c in changes:
        k = steps.index(c) if c in steps else -1
        prev = steps[k - 1] if k > 0 else None
        nxt = steps[k + 1] if 0 <= k < len(steps) - 1 else None
        i = next(n for n, v in enumerate(versions) if v.index == c.new)
        nav = pages.report_nav(policy, c, prev, nxt, lang)
        (folder / c.report).write_text(_site_report(results[(i - 1, i)], title, nav, lang), encoding="utf-8")
    for (i, j), r in results.items():
        if j - i > 1:
            c = ChangeDigest(old=versions[i].index, new=versions[j].index, verdict=verdict_key(r, versions[j]),
                             silent=r.verdict.silent_revision, summary=[], disclosure="",
                             report=pages.report_file(versions[i], versions[j]), date=pages.stated_date(versions[j]))
            (folder / c.report).write_text(_site_report(r, title, pages.report_nav(policy, c, None, None, lang), lang),
                                           encoding="utf-8")
    # each version: its text and what it says
    summary: dict[str, Any] = {}
    for n, (v, raw) in enumerate(zip(versions, raws, strict=True)):
        tree = results[(n - 1, n)].new if n > 0 else (results[(0, 1)].old if len(versions) > 1 else newest.new)
        summary = summarize(extract(tree))
        (folder / pages.version_file(v)).write_text(pages.version_page(policy, title, v, raw.text, lang), encoding="utf-8")
        (folder / pages.facts_file(v)).write_text(pages.facts_page(policy, title, v, summary, lang), encoding="utf-8")
    real = [c for c in changes if c.verdict not in ("technical", "none")]
    digest = Digest(slug=policy.slug, title=title, versions=len(versions), changes=changes,
                    search=_search_words(title, summary, changes, lang),
                    last_change=real[-1].date if real else None, last_verdict=real[-1].verdict if real else ("single" if len(versions) == 1 else "none"))
    extra = {f"{versions[i].index}-{versions[j].index}": pages.report_file(versions[i], versions[j])
             for (i, j) in results if j - i > 1}
    feed = pages.feed_href(policy.slug) if policy.feed else None
    timeline = pages.timeline_page(policy, digest, lang, feed, canonical, extra)
    (folder / "index.html").write_text(timeline, encoding="utf-8")
    return digest


def _build_one(policy: SitePolicy, out: Path, lang: str, all_pairs: bool, base: str | None) -> Digest:
    """Read one policy's texts, build its folder beside the old one and swap it in (in a worker or
    in this process)."""
    texts = [policy.read_text(v) for v in policy.loaded()]
    if not texts:
        raise PolicyDiffError(f"{policy.slug}: the archive holds no version of it")
    folder = out / pages.policy_dir(policy.slug)
    fresh = folder.with_name("." + folder.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir()
    canonical = f"{base}{pages.policy_dir(policy.slug)}/index.html" if base else None
    digest = build_policy(policy, texts, fresh, lang, all_pairs, canonical)
    _swap(folder, fresh)
    return digest


def _build_all(todo: list[SitePolicy], out: Path, lang: str, all_pairs: bool, base: str | None) -> dict[str, Digest]:
    """Build the policies in ``todo``, on every core when there are enough of them (each worker
    reads the texts through the policy's own reader), a bounded number in flight."""
    cores = os.cpu_count() or 1
    if len(todo) < MIN_PARALLEL or cores < 2:
        return {p.slug: _build_one(p, out, lang, all_pairs, base) for p in todo}
    done: dict[str, Digest] = {}
    # fork: the workers inherit the loaded tokenizer dictionary and lexicon (spawn would re-import them)
    with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: set[Future[Digest]] = set()
        for policy in todo:
            pending.add(pool.submit(_build_one, policy, out, lang, all_pairs, base))
            if len(pending) >= 2 * cores:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                done.update((d.slug, d) for d in (f.result() for f in finished))
        for f in pending:
            d = f.result()
            done[d.slug] = d
    return done


def _load_manifest(out: Path, options: str) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("options") != options:
        return {}
    return dict(data.get("policies") or {})


def _swap(folder: Path, fresh: Path) -> None:
    """Put ``fresh`` where ``folder`` is, the old pages removed only once the new ones are there."""
    old = folder.with_name("." + folder.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if folder.exists():
        os.replace(folder, old)
    os.replace(fresh, folder)
    if old.exists():
        shutil.rmtree(old)


def _copy_feeds(out: Path, policies: list[SitePolicy], tag_feeds: dict[str, str]) -> dict[str, str]:
    """Copy the archive's feeds into ``out/feeds``; the tag feeds' links relative to the root."""
    feeds = out / "feeds"
    wanted = [p.feed for p in policies if p.feed] + list(tag_feeds.values())
    if wanted:
        feeds.mkdir(exist_ok=True)
    for p in policies:
        if p.feed and Path(p.feed).is_file():
            shutil.copyfile(p.feed, feeds / f"{p.slug}.atom")
    links = {}
    for tag, path in tag_feeds.items():
        if Path(path).is_file():
            shutil.copyfile(path, feeds / Path(path).name)
            links[tag] = f"feeds/{Path(path).name}"
    return links


def _size(out: Path) -> tuple[int, int]:
    files = total = 0
    for root, _dirs, names in os.walk(out):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(root, name))
    return files, total


def build_site(policies: Iterable[SitePolicy], out: str | Path, *, lang: str = "zh", base_url: str | None = None,
               all_pairs: bool = False, tag_feeds: dict[str, str] | None = None, force: bool = False) -> BuildResult:
    """Build (or bring up to date) the website in ``out`` and say what was done."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise PolicyDiffError(f"{out} is a file, not a folder for the site")
    if out.is_dir() and not (out / MANIFEST).exists() and any(out.iterdir()):
        # the site replaces index.html, search.html, assets/ and p/: never in a folder of other files
        raise PolicyDiffError(f"{out} holds files but no website of policydiff ({MANIFEST}); "
                              "give an empty or new folder for the site")
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise PolicyDiffError(f"--base-url takes an http(s) URL, not {base_url!r}")
    base = (base_url.rstrip("/") + "/") if base_url else None
    policies = list(policies)
    options = json.dumps({"lang": lang, "base_url": base, "all_pairs": all_pairs, "version": __version__})
    (out / "p").mkdir(parents=True, exist_ok=True)
    known = {} if force else _load_manifest(out, options)
    result = BuildResult()
    entries: dict[str, Any] = {}
    rows: list[tuple[SitePolicy, Digest]] = []
    digests: dict[str, Digest] = {}
    todo: list[SitePolicy] = []
    fingerprints = {p.slug: p.fingerprint(options) for p in policies}
    for policy in policies:
        have = known.get(policy.slug)
        if have and have.get("fingerprint") == fingerprints[policy.slug] and (out / pages.policy_dir(policy.slug) / "index.html").is_file():
            digests[policy.slug] = Digest.from_json(have["digest"])
            result.kept.append(policy.slug)
        else:
            todo.append(policy)
    digests.update(_build_all(todo, out, lang, all_pairs, base))
    result.built = [p.slug for p in todo]
    for policy in policies:
        if policy.slug in digests:
            entries[policy.slug] = {"fingerprint": fingerprints[policy.slug], "digest": digests[policy.slug].to_json()}
            rows.append((policy, digests[policy.slug]))
    for folder in (out / "p").iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in entries:
            shutil.rmtree(folder)
            result.removed.append(folder.name)
    links = _copy_feeds(out, policies, tag_feeds or {})
    atomic_write_text(out / "index.html", pages.index_page(rows, lang, links, f"{base}index.html" if base else None))
    atomic_write_text(out / "search.html", pages.search_page(rows, lang, f"{base}search.html" if base else None))
    atomic_write_text(out / MANIFEST, json.dumps({"options": options, "policies": entries}, ensure_ascii=False))
    result.files, result.bytes = _size(out)
    return result
