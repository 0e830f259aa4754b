"""The archive on real bare git repositories in temp folders, fed by files, stdin and a real
local HTTP server: every snapshot lands exactly one complete commit or none, with a clear error."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from policydiff.archive.versions import Archive
from policydiff.errors import ArchiveError, FetchError
from tests.archive_helpers import Server, as_docx, as_html, as_pdf, seed_text, slow

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "policydiff.cli"]


def git(archive: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(archive / "versions.git"), *args],
                          capture_output=True, text=True, check=True).stdout


def commits(archive: Path) -> list[str]:
    return git(archive, "rev-list", "main").split()


def touched(archive: Path, commit: str) -> list[str]:
    return git(archive, "diff-tree", "--no-commit-id", "--name-only", "-r", commit).split()


def run_cli(archive: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, POLICYDIFF_ARCHIVE=str(archive), PYTHONPATH=str(ROOT))
    return subprocess.run([*CLI, *args], input=stdin.decode() if stdin else None, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def assert_complete(archive: Path) -> int:
    """git fsck is clean, and every version of every policy has its files with matching sums."""
    fsck = subprocess.run(["git", "--git-dir", str(archive / "versions.git"), "fsck", "--strict", "--no-dangling"],
                          capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr
    assert not [line for line in fsck.stdout.splitlines() + fsck.stderr.splitlines()
                if any(w in line for w in ("error", "missing", "broken", "bad", "corrupt"))]
    store = Archive.open(archive)
    total = 0
    for policy in store.policies():
        versions = store.versions(policy.slug)
        touching = git(archive, "rev-list", "main", "--", f"{policy.slug}/versions.json").split()
        assert len(touching) == len(versions) == policy.versions
        assert sorted(v.commit for v in versions) == sorted(touching)
        for v in versions:
            files = sorted(git(archive, "ls-tree", "--name-only", v.commit, f"{policy.slug}/").split())
            assert files == sorted(f"{policy.slug}/{n}" for n in ("meta.json", "policy.txt", "versions.json", v.meta["raw_file"]))
            meta = store.meta(v)
            assert hashlib.sha256(store.raw(v)).hexdigest() == meta["raw_sha256"] == v.meta["raw_sha256"]
            text = git(archive, "show", f"{v.commit}:{policy.slug}/policy.txt")
            assert hashlib.sha256(text.encode()).hexdigest() == meta["text_sha256"]
            total += 1
    return total


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    Archive.init(tmp_path / "arch")
    return tmp_path / "arch"


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with Server() as s:
        yield s


# -- the library ---------------------------------------------------------------------------


def test_open_without_archive_and_idempotent_init(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive at .*run `policydiff init`"):
        Archive.open(tmp_path / "none")
    Archive.init(tmp_path / "a")
    first = commits(tmp_path / "a")
    Archive.init(tmp_path / "a")
    assert commits(tmp_path / "a") == first and len(first) == 1
    assert git(tmp_path / "a", "config", "core.bare").strip() == "true"


def test_snapshot_records_one_commit_in_its_folder(archive: Path) -> None:
    store = Archive.open(archive)
    data = seed_text("001").encode()
    when = datetime(2022, 4, 1, 9, 30, tzinfo=timezone.utc)
    result = store.snapshot("kaola", data, source="https://example.com/kaola.txt", fetched_at=when, http_status=200)
    assert result.recorded and result.reason == "recorded" and result.previous is None
    v = result.version
    assert v is not None and v.index == 1 and v.date == when and v.size == len(data)
    head = commits(archive)[0]
    assert v.commit == head and len(commits(archive)) == 2
    assert sorted(touched(archive, head)) == ["kaola/meta.json", "kaola/policy.txt", "kaola/source.txt", "kaola/versions.json"]
    assert git(archive, "log", "-1", "--format=%cI", head).strip() == "2022-04-01T09:30:00+00:00"
    message = git(archive, "log", "-1", "--format=%B", head)
    assert message.startswith("kaola: version 1") and "生效日期 2022-04-01" in message
    trailers = git(archive, "log", "-1", "--format=%(trailers:only,unfold)", head)
    assert "Source: https://example.com/kaola.txt" in trailers and f"Sha256: {hashlib.sha256(data).hexdigest()}" in trailers
    meta = store.meta(v)
    assert meta["http_status"] == 200 and meta["stated_dates"]["effective"] == "2022-04-01"
    assert meta["raw_sha256"] == hashlib.sha256(data).hexdigest() and meta["extractor"].startswith("policydiff.extract")
    assert store.raw(v) == data and store.text(v) == seed_text("001")


def test_unchanged_text_makes_no_commit_even_with_another_layout(archive: Path) -> None:
    store = Archive.open(archive)
    text = seed_text("003")
    store.snapshot("khtong", text.encode(), source="a.txt")
    before = commits(archive)
    relaid = text.replace("\n", "\n\n").replace("，", ",").encode("gb18030")  # other wrap, width, encoding
    again = store.snapshot("khtong", relaid, source="b.txt")
    assert not again.recorded and again.reason == "unchanged" and again.previous is not None
    assert commits(archive) == before
    changed = store.snapshot("khtong", text.replace("15 天", "30 天").encode(), source="c.txt")
    assert changed.recorded and changed.previous is not None and changed.previous.index == 1
    assert [v.index for v in store.versions("khtong")] == [1, 2]
    assert touched(archive, commits(archive)[0]) == ["khtong/meta.json", "khtong/policy.txt", "khtong/source.txt", "khtong/versions.json"]


def test_resolve_by_index_date_and_commit(archive: Path) -> None:
    store = Archive.open(archive)
    base = seed_text("002")
    for i, day in enumerate((datetime(2021, 1, 5), datetime(2022, 3, 1), datetime(2023, 7, 9))):
        store.snapshot("mini", (base + f"\n第{i}次修订。").encode(), source=f"{i}.txt", fetched_at=day.replace(tzinfo=timezone.utc))
    v1, v2, v3 = store.versions("mini")
    assert store.resolve("mini", None) == v3 and store.resolve("mini", "-1") == v3 and store.resolve("mini", "1") == v1
    assert store.resolve("mini", "2022-03-01") == v2  # exact day
    assert store.resolve("mini", "2023-01-01") == v2  # the latest before
    assert store.resolve("mini", v1.commit[:8]) == v1
    assert store.text(v2).endswith("第1次修订。")
    with pytest.raises(ArchiveError, match="no version on or before 2020-01-01"):
        store.resolve("mini", "2020-01-01")
    with pytest.raises(ArchiveError, match="no version"):
        store.resolve("mini", "7")
    with pytest.raises(ArchiveError, match="no versions of 'nothing'"):
        store.resolve("nothing", None)


def test_backfilled_version_takes_its_place_by_date(archive: Path) -> None:
    store = Archive.open(archive)
    base = seed_text("002")
    store.snapshot("mini", (base + "\n新版。").encode(), source="new.txt", fetched_at=datetime(2023, 1, 1, tzinfo=timezone.utc))
    old = store.snapshot("mini", base.encode(), source="old.txt", fetched_at=datetime(2021, 1, 1, tzinfo=timezone.utc))
    # its name is the next number (names never move: #1 stays the version first reported as #1);
    # its place is first in date order
    assert old.recorded and old.version is not None and old.version.index == 2 and old.version.position == 1
    assert [v.meta["source"] for v in store.versions("mini")] == ["old.txt", "new.txt"]
    assert [v.index for v in store.versions("mini")] == [2, 1]
    assert assert_complete(archive) == 2


@pytest.mark.parametrize("slug", ["../etc", "/abs", "a/b", "Upper", "x..y", "", ".hidden", "a.lock"])
def test_bad_slugs_are_refused_before_anything_is_written(archive: Path, slug: str) -> None:
    with pytest.raises(ArchiveError, match="bad policy slug"):
        Archive.open(archive).snapshot(slug, seed_text("001").encode(), source="x")
    assert len(commits(archive)) == 1


def test_shrink_and_walls_are_refused(archive: Path) -> None:
    store = Archive.open(archive)
    text = seed_text("000")
    store.snapshot("ks", text.encode(), source="full.txt")
    with pytest.raises(FetchError, match="shrank by"):
        store.snapshot("ks", text[: len(text) // 4].encode(), source="cut.txt")
    with pytest.raises(FetchError, match="captcha"):
        store.snapshot("ks", "<html><body><h1>安全验证</h1><p>请拖动滑块完成验证</p></body></html>".encode(), source="w.html")
    assert len(commits(archive)) == 2
    assert store.snapshot("ks", text[: len(text) // 4].encode(), source="cut.txt", max_shrink=None).recorded


def test_reextract_rebuilds_the_tip_text_in_a_new_commit(archive: Path) -> None:
    store = Archive.open(archive)
    page = as_html(seed_text("001"))
    first = store.snapshot("kaola", page, source="https://example.com/p.html", media_type="text/html")
    assert first.version is not None
    good = store.text(first.version)
    # An older extractor's output: replace policy.txt at the tip with a stale text via plumbing.
    tree = git(archive, "ls-tree", "main", "kaola/").split()
    assert tree
    stale = subprocess.run(["git", "--git-dir", str(archive / "versions.git"), "hash-object", "-w", "--stdin"],
                           input=b"old extraction\n", capture_output=True, check=True).stdout.decode().strip()
    listing = "".join(
        f"{line.split()[0]} {line.split()[1]} {stale if line.endswith('policy.txt') else line.split()[2]}\t{line.split(chr(9))[1].split('/')[1]}\n"
        for line in git(archive, "ls-tree", "main", "kaola/").splitlines()
    )
    folder = subprocess.run(["git", "--git-dir", str(archive / "versions.git"), "mktree"], input=listing.encode(),
                            capture_output=True, check=True).stdout.decode().strip()
    store.store.cas(commits(archive)[0], store.store.commit_trees(commits(archive)[0], {"kaola": folder}, "stale text\n",
                                                          datetime.now(timezone.utc)), None)
    assert store.text(store.versions("kaola")[-1]) == "old extraction\n"
    history = commits(archive)
    assert store.reextract() == 1
    assert commits(archive)[1:] == history  # a new commit on top; nothing rewritten
    assert touched(archive, commits(archive)[0]) == ["kaola/meta.json", "kaola/policy.txt"]
    assert store.text(store.versions("kaola")[-1]) == good
    assert store.reextract() == 0 and len(commits(archive)) == len(history) + 1


def test_import_folder_of_dated_files(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kaola-import"
    folder.mkdir()
    text = seed_text("001")
    (folder / "2021-06-01.txt").write_text(text, encoding="utf-8")
    (folder / "2022-04-01_web.html").write_bytes(as_html(text.replace("15天", "10天"), "gbk"))
    (folder / "2022-09-30.pdf").write_bytes(as_pdf(text.replace("15天", "7天"), 400))
    (folder / "2023-01-15.docx").write_bytes(as_docx(text.replace("15天", "5天"), 400))
    (folder / "notes.md").write_text("not a version")
    results = Archive.open(archive).import_folder(folder)
    assert [r.recorded for r in results] == [True, True, True, True]
    versions = Archive.open(archive).versions("kaola-import")
    assert [v.date.date().isoformat() for v in versions] == ["2021-06-01", "2022-04-01", "2022-09-30", "2023-01-15"]
    assert [v.meta["raw_file"] for v in versions] == ["source.txt", "source.html", "source.pdf", "source.docx"]
    assert assert_complete(archive) == 4


# -- the command line, with a real HTTP server ----------------------------------------------


def test_cli_snapshots_from_a_real_server(archive: Path, server: Server) -> None:
    text = seed_text("001")
    server.routes["/utf8.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, as_html(text))
    server.routes["/gbk.html"] = (200, {"Content-Type": "text/html; charset=GBK"}, as_html(text.replace("15天", "20天"), "gbk", meta=False))
    server.routes["/meta-gbk.html"] = (200, {"Content-Type": "text/html"}, as_html(text.replace("15天", "25天"), "gbk"))
    server.routes["/p.pdf"] = (200, {"Content-Type": "application/pdf"}, as_pdf(text.replace("15天", "30天"), 150))
    server.routes["/p.docx"] = (200, {"Content-Type": "application/octet-stream"}, as_docx(text.replace("15天", "45天"), 150))
    server.routes["/captcha"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                 "<html><body><h2>请完成安全验证</h2><p>向右滑动完成拼图</p></body></html>".encode())
    server.routes["/login"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                               "<html><body><p>请登录后查看</p><form>账号 密码</form></body></html>".encode())
    server.routes["/loop1"] = (302, {"Location": "/loop2"}, b"")
    server.routes["/loop2"] = (302, {"Location": "/loop1"}, b"")
    server.routes["/slow"] = slow(3.0, as_html(text))

    expected_files = {"utf8.html": "source.html", "gbk.html": "source.html", "meta-gbk.html": "source.html",
                      "p.pdf": "source.pdf", "p.docx": "source.docx"}
    for name, raw_file in expected_files.items():
        before = commits(archive)
        done = run_cli(archive, "snapshot", "kaola", f"{server.base}/{name}", "--allow-private")  # 127.0.0.1
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("recorded kaola version")
        after = commits(archive)
        assert after[1:] == before  # exactly one new commit
        assert f"kaola/{raw_file}" in touched(archive, after[0])
        assert all(p.startswith("kaola/") for p in touched(archive, after[0]))
    store = Archive.open(archive)
    versions = store.versions("kaola")
    texts = [store.text(v) for v in versions]
    for v, marker in zip(versions, ("15天", "20天", "25天", "30天", "45天"), strict=True):
        assert marker in store.text(v).replace(" ", ""), v.meta["source"]
    assert all("不应出现的脚本文字" not in t for t in texts)
    assert store.meta(versions[1])["encoding"] == "gb18030" and store.meta(versions[1])["http_status"] == 200
    assert store.meta(versions[2])["content_type"] == "text/html"

    same = run_cli(archive, "snapshot", "kaola", f"{server.base}/p.docx", "--allow-private")
    assert same.returncode == 0 and same.stdout.startswith("unchanged")

    before = commits(archive)
    for path, message in (("/missing", "HTTP 404"), ("/captcha", "captcha"), ("/login", "login page"),
                          ("/loop1", "redirect"), ("/slow", "timed out")):
        extra = ["--timeout", "0.5"] if path == "/slow" else []
        failed = run_cli(archive, "snapshot", "kaola", server.base + path, "--allow-private", *extra)
        assert failed.returncode == 2, (path, failed.stdout, failed.stderr)
        assert message in failed.stderr and failed.stderr.count("\n") == 1 and failed.stderr.startswith("policydiff: error:")
    assert commits(archive) == before
    assert assert_complete(archive) == 5
    listing = run_cli(archive, "list")
    assert "kaola\t5\t" in listing.stdout and "(refused)" in listing.stdout


def test_cli_log_show_diff_import_reextract(archive: Path, tmp_path: Path) -> None:
    text = seed_text("001")
    old = tmp_path / "old.txt"
    old.write_text(text, encoding="utf-8")
    assert run_cli(archive, "snapshot", "kaola", str(old), "--date", "2022-04-01").returncode == 0
    changed = text.replace("杭州市余杭区文一西路969号", "北京市朝阳区某路1号")
    stdin_run = run_cli(archive, "snapshot", "kaola", "-", "--date", "2023-05-06", stdin=changed.encode())
    assert stdin_run.returncode == 0, stdin_run.stderr
    log = run_cli(archive, "log", "kaola").stdout.splitlines()
    assert log[0].split("\t")[:4] == ["#", "date", "更新日期", "生效日期"]
    assert [line.split("\t")[1] for line in log[1:]] == ["2022-04-01", "2023-05-06"]
    assert log[2].split("\t")[3] == "2022-04-01" and log[2].split("\t")[6] == "<stdin>"
    assert run_cli(archive, "show", "kaola", "2022-12-31").stdout.rstrip("\n") == text.rstrip("\n")
    assert "北京市朝阳区" in run_cli(archive, "show", "kaola").stdout
    diff = run_cli(archive, "diff", "kaola", "--format", "json")
    assert diff.returncode == 0, diff.stderr
    report = json.loads(diff.stdout)
    assert "contact" in json.dumps(report, ensure_ascii=False)
    out = tmp_path / "r.md"
    assert run_cli(archive, "diff", "kaola", "1", "2", "-f", "md", "-o", str(out)).returncode == 0 and out.read_text()
    bad = run_cli(archive, "show", "kaola", "2001-01-01")
    assert bad.returncode == 2 and "no version on or before" in bad.stderr
    folder = tmp_path / "railway"
    folder.mkdir()
    (folder / "v1.txt").write_text(seed_text("004"), encoding="utf-8")
    (folder / "v2.txt").write_text(seed_text("004") + "\n新增第九条。", encoding="utf-8")
    imported = run_cli(archive, "import", str(folder), "--slug", "kf53")
    assert imported.returncode == 0 and "2 of 2 file(s) recorded" in imported.stdout
    assert run_cli(archive, "reextract").stdout.startswith("every text is current")
    assert run_cli(archive, "--help").returncode == 0
    assert run_cli(tmp_path / "nowhere", "log", "kaola").stderr.strip() == (
        f"policydiff: error: no archive at {tmp_path / 'nowhere'}; run `policydiff init` (or pass --archive, or set POLICYDIFF_ARCHIVE)")


def test_console_script_works(archive: Path) -> None:
    from conftest import POLICYDIFF

    done = subprocess.run([POLICYDIFF, "list", "--archive", str(archive)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("slug\tversions")


# -- concurrency and crash safety ----------------------------------------------------------

WRITER = """
import sys, time
from policydiff.archive.versions import Archive
archive, slug, seed, start, n = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
text = open(seed, encoding="utf-8").read()
store = Archive.open(archive)
while time.time() < start:
    time.sleep(0.001)
for i in range(n):
    assert store.snapshot(slug, (text + f"\\n第{i}次修订。").encode(), source=f"{slug}-{i}").recorded
"""


def test_concurrent_snapshots_of_different_policies_all_land(archive: Path) -> None:
    start = time.time() + 1.5
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(archive), slug, str(seed), str(start), "6"], cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
        for slug, seed in (("alpha", next((ROOT / "tests/data/seeds").glob("001_*"))),
                           ("beta", next((ROOT / "tests/data/seeds").glob("003_*"))),
                           ("gamma", next((ROOT / "tests/data/seeds").glob("000_*"))))
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert len(commits(archive)) == 1 + 18
    assert git(archive, "rev-list", "--merges", "main").strip() == ""  # linear history
    for c in commits(archive)[:-1]:
        assert len({p.split("/")[0] for p in touched(archive, c)}) == 1  # one policy per commit
    assert assert_complete(archive) == 18


def test_sigkill_at_random_moments_leaves_a_complete_archive(archive: Path, tmp_path: Path) -> None:
    rng = random.Random(4)
    text = seed_text("000")
    env = dict(os.environ, POLICYDIFF_ARCHIVE=str(archive), PYTHONPATH=str(ROOT))
    inputs = []
    for i in range(40):
        p = tmp_path / f"in{i}.txt"
        p.write_text(text + f"\n附加条款第{i}条。", encoding="utf-8")
        inputs.append(p)
    start = time.monotonic()
    done = subprocess.run([*CLI, "snapshot", "ks", str(inputs[0])], env=env, cwd=ROOT, capture_output=True)
    assert done.returncode == 0
    duration = time.monotonic() - start
    killed = 0
    deadline = time.monotonic() + 25
    for i, path in enumerate(inputs[1:], 1):
        if time.monotonic() > deadline:
            break
        proc = subprocess.Popen([*CLI, "snapshot", "ks" if i % 3 else "other", str(path)], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
    assert killed >= 5
    recorded = assert_complete(archive)
    assert recorded >= 1
    final = subprocess.run([*CLI, "snapshot", "ks", str(tmp_path / "in0.txt")], env=env, cwd=ROOT, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr  # never wedged
    assert assert_complete(archive) >= recorded


def test_a_changed_web_address_alone_is_a_new_version(tmp_path) -> None:
    """The compare core ignores addresses (PDF link noise); the archive must still keep such a version."""
    archive = Archive.init(tmp_path / "archive")
    text = seed_text("002")
    first = text.replace("七、如何联系我们", "七、如何联系我们\n\n在线反馈：https://example.com/privacy/feedback", 1)
    assert archive.snapshot("demo", first.encode(), source="a.txt").recorded
    rewrapped = first.replace("\n\n", "\n")  # layout only: no new version
    assert not archive.snapshot("demo", rewrapped.encode(), source="a.txt").recorded
    moved = first.replace("https://example.com/privacy/feedback", "https://example.com/privacy/contact")
    result = archive.snapshot("demo", moved.encode(), source="a.txt")
    assert result.recorded and result.version is not None and result.version.index == 2
