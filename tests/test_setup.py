"""Setting up a watcher as a new user would, with real processes: `init` and `sources add/test/list/remove`
keeping the file's comments, `notify --test` against a real SMTP server and a webhook receiver, Apprise
URLs checked at load, per-policy and per-tag Atom feeds with report links, and the CLI's usage errors.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from _servers import Page, PolicyServer, SMTPSink, WebhookReceiver, free_port
from conftest import NEW_RECIPIENT, SHARING_ANCHOR, policy_v1

from policydiff.errors import ConfigError
from policydiff.watch import config_parse, outcome
from policydiff.watch import run as check

ATOM = "{http://www.w3.org/2005/Atom}"


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=120)


def html(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset='utf-8'><title>客户通隐私政策</title></head><body>{body}</body></html>".encode()


# -- init and sources ---------------------------------------------------------------------------------


def test_sources_add_test_list_remove_round_trip_keeps_comments(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/privacy"] = Page(html(policy_v1()))
        init = cli("init", cwd=tmp_path)
        sources = tmp_path / "archive" / "sources.toml"
        assert init.returncode == 0 and sources.exists() and "sources file written" in init.stdout
        original = sources.read_text(encoding="utf-8")
        assert "# policydiff sources" in original
        # a comment of the user's own, and a hand-written source with its comment
        sources.write_text(original + '\n# the shop: checked hourly\n[[source]]\nslug = "shop"  # keep me\n'
                           'path = "shop.txt"\ninterval = "1h"\n', encoding="utf-8")
        (tmp_path / "archive" / "shop.txt").write_text(policy_v1(), encoding="utf-8")
        before = sources.read_text(encoding="utf-8")

        added = cli("sources", "add", "kehutong", web.url("/privacy"), "--allow-private", "--tags", "im,ecommerce", "--name", "客户通", cwd=tmp_path)
        assert added.returncode == 0, added.stderr
        after_add = sources.read_text(encoding="utf-8")
        assert after_add.startswith(before)  # nothing above was touched
        assert 'slug = "kehutong"' in after_add and 'tags = ["im", "ecommerce"]' in after_add

        tested = cli("sources", "test", "kehutong", cwd=tmp_path)
        listed = cli("sources", "list", cwd=tmp_path)
        dup = cli("sources", "add", "kehutong", web.url("/privacy"), "--allow-private", cwd=tmp_path)

    assert tested.returncode == 0, tested.stderr
    assert "title:   客户通隐私政策" in tested.stdout
    assert "dates:   updated 2021-10-19, effective 2021-10-25" in tested.stdout
    assert "重大变更 list" in tested.stdout and "nothing was recorded" in tested.stdout
    assert not list((tmp_path / "archive").glob("reports")) and "kehutong" not in cli("list", cwd=tmp_path).stdout
    assert listed.stdout.splitlines()[0].split("\t")[:2] == ["slug", "url"]
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()[1:]] == ["shop", "kehutong"]
    assert dup.returncode == 64 and "exists already" in dup.stderr and len(dup.stderr.splitlines()) == 1

    removed = cli("sources", "remove", "kehutong", cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert sources.read_text(encoding="utf-8") == before  # byte for byte: comments and layout kept
    removed_shop = cli("sources", "remove", "shop", cwd=tmp_path)
    assert removed_shop.returncode == 0
    left = sources.read_text(encoding="utf-8")
    assert "keep me" not in left and "the shop" not in left and left.rstrip() == original.rstrip()
    assert cli("sources", "remove", "shop", cwd=tmp_path).returncode == 64


def test_sources_test_shows_the_policys_own_material_change_list_and_refusals(tmp_path: Path) -> None:
    with PolicyServer() as web:
        web.pages["/privacy"] = Page(policy_v1().encode(), content_type="text/plain; charset=utf-8")
        web.pages["/captcha"] = Page("<html><body><p>请输入验证码</p><p>访问过于频繁，请完成安全验证</p></body></html>".encode())
        cli("sources", "add", "kehutong", web.url("/privacy"), "--allow-private", cwd=tmp_path)
        cli("sources", "add", "wall", web.url("/captcha"), "--allow-private", cwd=tmp_path)
        ok = cli("sources", "test", "kehutong", "--full", cwd=tmp_path)
        wall = cli("sources", "test", "wall", cwd=tmp_path)
    from policydiff.compare.categories import policy_categories
    from policydiff.compare.pipeline import read_tree
    from policydiff.model import RawText

    cats = policy_categories(read_tree(RawText(policy_v1(), "v1")))
    assert cats.source == "policy" and "重大变更 list (the policy's own list):" in ok.stdout
    for c in cats.categories:
        assert f"  - {c.key}: {c.wording}" in ok.stdout
    assert NEW_RECIPIENT not in ok.stdout and "（一）共享" in ok.stdout  # --full: the whole text
    assert wall.returncode == 2 and "REFUSED" in wall.stdout


def test_missing_sources_file_points_at_init_and_sources_add(tmp_path: Path) -> None:
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 2 and "policydiff init" in proc.stderr and "sources add" in proc.stderr
    assert "README" not in proc.stderr


# -- notifications --------------------------------------------------------------------------------------


def test_notify_test_reaches_smtp_and_webhook_and_reports_each_result(tmp_path: Path) -> None:
    dead = free_port()
    with SMTPSink() as smtp, WebhookReceiver() as hook:
        (tmp_path / "archive").mkdir()
        (tmp_path / "archive" / "sources.toml").write_text(f"""
[alerts.compliance]
urls = ["{smtp.url()}", "json://127.0.0.1:{hook.port}/hook?token=${{HOOK_TOKEN}}"]

[alerts.ops]
urls = ["json://127.0.0.1:{dead}/nobody"]
""", encoding="utf-8")
        every = cli("notify", "--test", cwd=tmp_path, env={"HOOK_TOKEN": "t0ken"})
        one = cli("notify", "--test", "compliance", cwd=tmp_path, env={"HOOK_TOKEN": "t0ken"})
        unknown = cli("notify", "--test", "nosuch", cwd=tmp_path)
        mails, posts = smtp.texts(), hook.posts
    rows = [line.split("\t") for line in every.stdout.splitlines() if "\t" in line]
    assert [(r[0], r[2] == "ok") for r in rows] == [("compliance", True), ("compliance", True), ("ops", False)]
    assert every.returncode == 2 and "2 of 3" in every.stderr
    assert one.returncode == 0 and "2 of 2" in one.stdout
    assert len(mails) == 2 and all("测试通知" in m for m in mails)  # [defaults] lang is zh by default
    assert len(posts) == 2 and posts[0][0].startswith("/hook")
    assert unknown.returncode == 64 and "nosuch" in unknown.stderr


def test_bad_apprise_url_is_a_config_error_with_its_line() -> None:
    text = '[alerts.team]\nurls = [\n  "json://127.0.0.1:9/ok",\n  "foo://bar",\n]\n'
    with pytest.raises(ConfigError, match=r"line 4.*not a valid Apprise URL.*no service 'foo'"):
        config_parse.loads(text)
    with pytest.raises(ConfigError, match="line 2"):
        config_parse.loads('[alerts.team]\nurls = ["mailto://"]\n')
    config_parse.loads('[alerts.team]\nurls = ["wecombot://${WECOM_KEY}"]\n')  # a placeholder parses


# -- feeds and links ------------------------------------------------------------------------------------


def test_feed_per_policy_and_per_tag_with_report_links(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    archive_dir.mkdir()
    v1 = policy_v1()
    v2 = v1.replace(SHARING_ANCHOR, SHARING_ANCHOR + "\n" + NEW_RECIPIENT + "\n", 1)
    (tmp_path / "a.txt").write_text(v1, encoding="utf-8")
    (tmp_path / "b.txt").write_text(v1.replace("客户通", "客户宝"), encoding="utf-8")
    (archive_dir / "sources.toml").write_text(f"""
[defaults]
report_base_url = "https://policies.example.com/reports"
path_root = "{tmp_path}"

[[source]]
slug = "kehutong"
name = "客户通"
path = "{tmp_path / 'a.txt'}"
tags = ["im", "ecommerce/cn"]

[[source]]
slug = "kehubao"
path = "{tmp_path / 'b.txt'}"
tags = ["im"]
""", encoding="utf-8")
    cfg = config_parse.load(archive_dir / "sources.toml")
    check.run(archive_dir, cfg, outcome.Options(force=True))
    (tmp_path / "a.txt").write_text(v2, encoding="utf-8")
    (tmp_path / "b.txt").write_text(v2.replace("客户通", "客户宝"), encoding="utf-8")
    second = check.run(archive_dir, cfg, outcome.Options(force=True))
    assert len(second.alerts) == 2
    feeds = archive_dir / "feeds"
    assert sorted(p.name for p in feeds.iterdir()) == ["kehubao.atom", "kehutong.atom", "tag-ecommerce_cn.atom", "tag-im.atom"]
    ids = set()
    for path, count in (("kehutong.atom", 1), ("kehubao.atom", 1), ("tag-im.atom", 2), ("tag-ecommerce_cn.atom", 1)):
        root = ET.parse(feeds / path).getroot()  # valid XML
        assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}updated")
        ids.add(root.findtext(f"{ATOM}id"))
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == count, path
        for e in entries:
            href = e.find(f"{ATOM}link[@rel='alternate']").get("href")  # type: ignore[union-attr]
            assert href.startswith("https://policies.example.com/reports/") and href.endswith(".html")
    assert len(ids) == 4
    alert = next(a for a in second.alerts if a.slug == "kehutong")
    assert "<https://policies.example.com/reports/kehutong/" in alert.markdown()  # a clickable autolink
    with pytest.raises(ConfigError, match="report_base_url"):
        config_parse.loads('[defaults]\nreport_base_url = "policies.example.com"\n')


# -- CLI polish -----------------------------------------------------------------------------------------


def test_version_completion_and_one_line_usage_errors(tmp_path: Path) -> None:
    from policydiff.version import __version__

    assert cli("--version", cwd=tmp_path).stdout.strip() == f"policydiff {__version__}"
    completion = cli("--show-completion", "bash", cwd=tmp_path)
    assert completion.returncode == 0 and "_POLICYDIFF_COMPLETE" in completion.stdout
    assert "--install-completion" in cli("--help", cwd=tmp_path).stdout
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "p.txt").write_text(policy_v1(), encoding="utf-8")  # under the sources' root
    for slug in ("kehutong", "kuaishou", "weibo"):
        assert cli("sources", "add", slug, "archive/p.txt", cwd=tmp_path).returncode == 0
    for words, cword in (("policydiff sources test k", "3"), ("policydiff check --only k", "3")):
        slugs = cli(cwd=tmp_path, env={"_POLICYDIFF_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
        assert slugs.stdout.split() == ["kehutong", "kuaishou"], (words, slugs)
    for args in (["check", "--bogus"], ["compare", "a.txt"], ["compare", "a", "b", "--fail-on", "materal"],
                 ["check", "--shard", "5/4"], ["snapshot", "x", "y", "--wait-for", "#p"]):
        proc = cli(*args, cwd=tmp_path)
        assert proc.returncode == 64, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("policydiff: usage:"), proc.stderr
        assert proc.stdout == "", args  # nothing done, nothing printed


def test_unknown_tag_is_an_error_like_unknown_only(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_text(policy_v1(), encoding="utf-8")
    assert cli("sources", "add", "kehutong", str(tmp_path / "archive" / "a.txt"), "--tags", "im", cwd=tmp_path).returncode == 0
    tags = cli("check", "--tags", "nosuchtag", cwd=tmp_path)
    only = cli("check", "--only", "nosuch", cwd=tmp_path)
    assert tags.returncode == only.returncode == 64
    assert "'nosuchtag'" in tags.stderr and "im" in tags.stderr and "'nosuch'" in only.stderr
    assert not (tmp_path / "archive" / "state").exists() and not (tmp_path / "archive" / "versions.git").exists()


def test_compare_and_diff_note_reversed_dates(tmp_path: Path) -> None:
    old = policy_v1()
    new = old.replace("2021 年 10 月 25 日", "2022 年 4 月 1 日").replace(SHARING_ANCHOR, SHARING_ANCHOR + NEW_RECIPIENT + "\n", 1)
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    right = cli("compare", "old.txt", "new.txt", cwd=tmp_path)
    wrong = cli("compare", "new.txt", "old.txt", cwd=tmp_path)
    assert "note" not in right.stderr
    (note,) = wrong.stderr.splitlines()
    assert "2021-10-25" in note and "2022-04-01" in note and "wrong way round" in note
    cli("init", cwd=tmp_path)
    cli("snapshot", "p", "new.txt", "--date", "2022-04-02", cwd=tmp_path)
    cli("snapshot", "p", "old.txt", "--date", "2022-05-01", cwd=tmp_path)
    diff = cli("diff", "p", cwd=tmp_path)
    assert diff.returncode == 0 and "wrong way round" in diff.stderr, diff.stderr


def test_remove_takes_only_its_table_and_its_own_comment(tmp_path: Path) -> None:
    from policydiff.watch import sources_edit

    path = tmp_path / "sources.toml"
    text = ('[defaults]\ninterval = "1d"  # daily\n\n'
            '# first: the shop\n[[source]]\nslug = "a"\nurl = "https://a.example/p"\n'
            '# second, written right under the first\n[[source]]   # inline note\nslug = "b"\nurl = "https://b.example/p"\n'
            'tags = ["x"]\n\n# routes\n[alerts.team]\nurls = []\n\n[[source]]\nslug = "c"\nurl = "https://c.example/p"\n')
    path.write_text(text, encoding="utf-8")
    sources_edit.remove(path, "b")
    assert path.read_text(encoding="utf-8") == (
        '[defaults]\ninterval = "1d"  # daily\n\n# first: the shop\n[[source]]\nslug = "a"\nurl = "https://a.example/p"\n'
        '\n# routes\n[alerts.team]\nurls = []\n\n[[source]]\nslug = "c"\nurl = "https://c.example/p"\n')
    sources_edit.remove(path, "c")
    assert path.read_text(encoding="utf-8").endswith('[alerts.team]\nurls = []\n')
    assert [s.slug for s in config_parse.load(path).sources] == ["a"]
    assert not sources_edit.write_example(path)  # init keeps a file that exists
    added = sources_edit.add(path, "d", "https://d.example/p", name='名字 "quoted" \\ back', tags=["a b"])
    assert added.name == '名字 "quoted" \\ back' and added.tags == ["a b"] and added.line > 0
