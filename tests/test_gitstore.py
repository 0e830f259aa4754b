"""The version store on real repositories in temp folders: what it writes, plain git reads and
`git fsck --strict` accepts; refs move only by compare-and-swap under git's lock files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from policydiff.archive.layout import BRANCH
from policydiff.archive.store import ANY
from policydiff.archive.store import GitStore as Store
from policydiff.archive.versions import Archive
from tests.archive_helpers import seed_text

ROOT = Path(__file__).resolve().parents[1]
WHEN = datetime(2022, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], capture_output=True, text=True, check=True).stdout


def fsck_clean(repo: Path) -> None:
    done = subprocess.run(["git", "--git-dir", str(repo), "fsck", "--strict", "--no-dangling"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not [line for line in (done.stdout + done.stderr).splitlines()
                if any(w in line for w in ("error", "missing", "broken", "bad", "corrupt"))]


def first_commit(store: Store) -> str:
    tree = store.write_tree([("100644", "README.md", store.write_blob(b"hello\n"))])
    commit = store.write_commit(tree, [], "first\n", WHEN)
    assert store.compare_and_swap(BRANCH, None, commit, "create")
    return commit


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    Store.init_bare(tmp_path / "r.git", {"core.logAllRefUpdates": "always"})
    return tmp_path / "r.git"


def test_objects_are_written_in_process_and_plain_git_reads_them(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(repo)
    store.repo  # noqa: B018 - GitPython loaded before counting
    spawned: list[object] = []
    real_popen = subprocess.Popen

    def counting_popen(*args: object, **kwargs: object) -> object:
        spawned.append(args[0])
        return real_popen(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    text = seed_text("001").encode()
    folder = store.write_tree([("100644", "policy.txt", store.write_blob(text)),
                               ("100644", "meta.json", store.write_blob(b'{"a": 1}\n'))])
    root = store.write_tree([("40000", "kaola", folder), ("100644", "kaola.txt", store.write_blob(b"x\n"))])
    commit = store.write_commit(root, [], "kaola: version 1\n\nPolicy: kaola\n", WHEN)
    assert store.compare_and_swap(BRANCH, None, commit, "policydiff test")
    assert spawned == []  # no process per object, none for the ref either
    monkeypatch.setattr(subprocess, "Popen", real_popen)

    assert git(repo, "rev-parse", "main").strip() == commit
    assert git(repo, "show", "main:kaola/policy.txt").encode() == text
    assert git(repo, "log", "-1", "--format=%an <%ae> %cI %s", "main").strip() == \
        "policydiff <policydiff@localhost> 2022-04-01T09:30:00+08:00 kaola: version 1"
    assert git(repo, "ls-tree", "--name-only", "main").split() == ["kaola.txt", "kaola"]  # git's own order
    assert "policydiff test" in git(repo, "reflog", "show", "main")
    fsck_clean(repo)
    # and it reads back what git wrote
    other = subprocess.run(["git", "--git-dir", str(repo), "hash-object", "-w", "--stdin"], input=b"from git\n",
                           capture_output=True, check=True).stdout.decode().strip()
    assert store.object(other) == (other, "blob", b"from git\n") and store.object(commit) is not None
    assert store.object("0" * 40) is None
    assert store.blob(f"{commit}:kaola/policy.txt") == text and store.blob(f"{commit}:kaola/nothing") is None
    assert [e[1] for e in store.tree_entries(f"{commit}:kaola")] == ["meta.json", "policy.txt"]
    gp = Store(repo, reader="gitpython")
    assert gp.blob(f"{commit}:kaola/policy.txt") == text and gp.object("f" * 40) is None


def test_lost_race_changes_nothing(repo: Path) -> None:
    a, b = Store(repo), Store(repo)
    base = first_commit(a)
    tree = a.tree_of(base)
    assert tree is not None
    mine = a.write_commit(tree, [base], "mine\n", WHEN)
    theirs = b.write_commit(tree, [base], "theirs\n", WHEN + timedelta(seconds=1))
    assert a.compare_and_swap(BRANCH, base, mine, "a")
    assert not b.compare_and_swap(BRANCH, base, theirs, "b")  # b read main before a moved it
    assert a.read_ref(BRANCH) == mine
    assert not b.compare_and_swap("refs/heads/new", mine, theirs, "must not exist yet")
    assert b.compare_and_swap("refs/heads/new", None, theirs, "create") and b.compare_and_swap("refs/heads/new", ANY, mine, "any")
    # several refs: all or nothing
    assert not b.update_refs([(BRANCH, mine, theirs), ("refs/policies/x", base, theirs)], "wrong old value")
    assert b.read_ref(BRANCH) == mine and b.read_ref("refs/policies/x") is None
    assert not list(repo.rglob("*.lock"))
    fsck_clean(repo)


def test_stale_lock_is_cleared_and_a_live_one_is_waited_for(repo: Path) -> None:
    store = Store(repo)
    base = first_commit(store)
    tree = store.tree_of(base)
    assert tree is not None
    lock = repo / "refs" / "heads" / "main.lock"
    lock.write_text("left by a killed process\n")
    new = store.write_commit(tree, [base], "after a crash\n", WHEN)
    started = time.monotonic()
    assert not store.compare_and_swap(BRANCH, base, new, "busy", timeout=0.3)  # a live holder: wait, then give up
    assert time.monotonic() - started >= 0.3 and lock.exists() and store.read_ref(BRANCH) == base
    old = time.time() - 60
    os.utime(lock, (old, old))
    assert store.compare_and_swap(BRANCH, base, new, "stale lock cleared", timeout=0.3)
    assert not lock.exists() and git(repo, "rev-parse", "main").strip() == new
    # plain git honours our protocol too: it cannot move main while we hold the lock
    fd = store.refs._lock(BRANCH, 1.0)
    assert fd is not None
    try:
        done = subprocess.run(["git", "--git-dir", str(repo), "update-ref", BRANCH, base], capture_output=True, text=True)
        assert done.returncode != 0 and "lock" in done.stderr
    finally:
        os.close(fd)
        lock.unlink()
    fsck_clean(repo)


def test_a_batch_is_one_pack_and_one_ref_update(repo: Path) -> None:
    store = Store(repo)
    base = first_commit(store)
    reflog_before = git(repo, "reflog", "show", "main").count("\n")
    tip = base
    with store.batch():
        for i in range(50):
            blob = store.write_blob(f"version {i}\n".encode())
            tree = store.write_tree([("40000", "p", store.write_tree([("100644", "policy.txt", blob)]))])
            tip = store.write_commit(tree, [tip], f"p: version {i}\n", WHEN + timedelta(minutes=i))
            assert store.blob(f"{tip}:p/policy.txt") == f"version {i}\n".encode()  # readable before it lands
    assert not list((repo / "objects" / "pack").glob("tmp_*"))
    assert store.compare_and_swap(BRANCH, base, tip, "batch of 50")
    assert git(repo, "rev-list", "--count", "main").strip() == "51"
    assert git(repo, "reflog", "show", "main").count("\n") == reflog_before + 1
    assert len(list((repo / "objects" / "pack").glob("pack-*.idx"))) == 1
    assert git(repo, "show", "main~10:p/policy.txt") == "version 39\n"
    pack = next((repo / "objects" / "pack").glob("pack-*.pack"))
    assert git(repo, "verify-pack", str(pack)).strip() == ""  # git checks every object, CRC and the index
    fsck_clean(repo)
    # an exception inside throws the batch away: no pack, no temp file
    with pytest.raises(RuntimeError), store.batch():
        store.write_blob(b"never landed\n")
        raise RuntimeError("stop")
    assert len(list((repo / "objects" / "pack").glob("pack-*"))) == 2 and not list((repo / "objects" / "pack").glob("tmp_*"))
    store.gc_auto()
    fsck_clean(repo)


def test_pack_headers_and_index_are_the_bytes_gitdb_writes() -> None:
    """The pack writer's two formats (written in-process, not through gitdb) against gitdb's own
    writers, offsets past 2 GiB included (a table of 8-byte offsets git reads)."""
    import io
    import random

    from gitdb.pack import IndexWriter, create_pack_object_header

    from policydiff.archive.gitpack import index_bytes, object_header

    rng = random.Random(7)
    for type_id in (1, 2, 3, 4):
        for size in [0, 1, 15, 16, 127, 128, 2047, 2048, 2**35 + 3, *(rng.randrange(10**7) for _ in range(20))]:
            assert object_header(type_id, size) == bytes(create_pack_object_header(type_id, size))
    objects = {rng.randbytes(20): (rng.randrange(2**32), rng.randrange(2**31)) for _ in range(300)}
    objects |= {rng.randbytes(20): (rng.randrange(2**32), 2**33 + k) for k in range(3)}
    pack_sha = rng.randbytes(20)
    writer = IndexWriter()
    for name, (crc, offset) in objects.items():
        writer.append(name, crc, offset)
    expected = io.BytesIO()
    writer.write(pack_sha, expected.write)
    assert index_bytes(objects, pack_sha) == expected.getvalue()


def test_gc_auto_asks_git_only_when_it_may_repack(repo: Path) -> None:
    """`git gc --auto` runs only near its thresholds (here: packs); then git really repacks."""
    store = Store(repo)
    tip = first_commit(store)

    def one_batch(i: int) -> None:
        nonlocal tip
        with store.batch():
            blob = store.write_blob(f"version {i}\n".encode())
            tree = store.write_tree([("40000", "p", store.write_tree([("100644", "policy.txt", blob)]))])
            new = store.write_commit(tree, [tip], f"p: version {i}\n", WHEN + timedelta(minutes=i))
        assert store.compare_and_swap(BRANCH, tip, new, f"batch {i}")
        tip = new

    packs = lambda: len(list((repo / "objects" / "pack").glob("pack-*.pack")))  # noqa: E731
    for i in range(3):
        one_batch(i)
    assert packs() == 3 and not store._gc_may_be_due()
    assert store.gc_auto() == "" and packs() == 3  # far from the limit: no git process, nothing changed
    for i in range(3, 21):
        one_batch(i)
    assert packs() == 21 and store._gc_may_be_due()
    store.gc_auto()
    assert packs() == 1  # git judged it due and packed them into one
    assert git(repo, "show", "main:p/policy.txt") == "version 20\n"
    fsck_clean(repo)


WRITER = """
import sys, time
from datetime import datetime, timezone
from policydiff.archive.store import GitStore as Store
repo, name, start, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
store = Store(repo)
while time.time() < start:
    time.sleep(0.001)
done = 0
while done < n:
    tip = store.read_ref("refs/heads/main")
    entries = [e for e in store.tree_entries(tip) if e[1] != name]
    blob = store.write_blob(f"{name} {done}\\n".encode())
    tree = store.write_tree(entries + [("100644", name, blob)])
    commit = store.write_commit(tree, [tip], f"{name} {done}\\n", datetime.now(timezone.utc))
    if store.compare_and_swap("refs/heads/main", tip, commit, f"{name} {done}"):
        done += 1
"""


def test_concurrent_writers_in_real_processes_lose_nothing(repo: Path) -> None:
    first_commit(Store(repo))
    start = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(repo), f"w{k}", str(start), "25"], cwd=ROOT,
                              env=dict(os.environ, PYTHONPATH=str(ROOT))) for k in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert git(repo, "rev-list", "--count", "main").strip() == "101"
    assert git(repo, "rev-list", "--merges", "main").strip() == ""
    assert sorted(git(repo, "show", f"main:w{k}").strip() for k in range(4)) == [f"w{k} 24" for k in range(4)]
    assert git(repo, "reflog", "show", "main").count("\n") == 101
    assert not list(repo.rglob("*.lock"))
    fsck_clean(repo)


def test_archive_batch_moves_main_once_and_survives_a_concurrent_snapshot(tmp_path: Path) -> None:
    from tests.test_archive import assert_complete

    path = tmp_path / "arch"
    Archive.init(path)
    mine, other = Archive.open(path), Archive.open(path)
    reflog_before = git(path / "versions.git", "reflog", "show", "main").count("\n")
    texts = {slug: seed_text(n) for slug, n in (("alpha", "001"), ("beta", "003"), ("gamma", "000"))}
    with mine.batch() as pending:
        results = [mine.snapshot(slug, text.encode(), source=f"{slug}.txt") for slug, text in texts.items()]
        again = mine.snapshot("alpha", (texts["alpha"] + "\n第二版。").encode(), source="alpha2.txt")
        assert again.recorded and again.previous is not None and again.previous.index == 1
        assert [v.index for v in mine.versions("alpha")] == [1, 2]
        # another process lands a version of another policy while the batch is open
        assert other.snapshot("delta", seed_text("002").encode(), source="delta.txt").recorded
    assert all(r.recorded for r in results)
    log = git(path / "versions.git", "reflog", "show", "main").count("\n")
    assert log == reflog_before + 2  # delta's own update and the batch's one
    assert set(pending.remap) == {r.version.commit for r in [*results, again] if r.version}  # replayed onto delta
    landed = git(path / "versions.git", "rev-list", "main").split()
    assert all(new in landed for new in pending.remap.values())
    assert assert_complete(path) == 5
    refs = dict(line.split() for line in git(path / "versions.git", "for-each-ref", "--format=%(refname) %(objectname)",
                                              "refs/policies").splitlines())
    assert set(refs) == {f"refs/policies/{s}" for s in ("alpha", "beta", "gamma", "delta")}
    assert refs["refs/policies/alpha"] == pending.remap[again.version.commit]  # type: ignore[union-attr]
    fresh = Archive.open(path)
    assert [v.index for v in fresh.versions("alpha")] == [1, 2] and fresh.text(fresh.versions("alpha")[-1]).endswith("第二版。")
    # a batch that records nothing moves nothing
    with fresh.batch():
        assert not fresh.snapshot("beta", texts["beta"].encode(), source="beta.txt").recorded
    assert git(path / "versions.git", "reflog", "show", "main").count("\n") == log
    # the batch's last-check notes are written once, when it lands; a later single note wins
    results_by_slug = {p.slug: p.last_result for p in Archive.open(path).policies()}
    assert results_by_slug == {"alpha": "recorded", "beta": "unchanged", "gamma": "recorded", "delta": "recorded"}
    later = datetime.now(timezone.utc) + timedelta(minutes=1)
    Archive.open(path).note_check("beta", "refused", when=later)
    assert {p.slug: p.last_result for p in Archive.open(path).policies()}["beta"] == "refused"


def test_cache_refs_go_to_packed_refs_and_git_agrees(repo: Path) -> None:
    store = Store(repo)
    base = first_commit(store)
    git(repo, "tag", "-a", "-m", "annotated", "v1", base)
    git(repo, "pack-refs", "--all")  # main and the tag (with its peeled line) now live in packed-refs
    assert not (repo / "refs" / "heads" / "main").exists()
    assert store.update_packed_refs({f"refs/policies/p{i}": base for i in range(20)})
    assert store.read_ref(BRANCH) == base and store.read_ref("refs/policies/p7") == base
    assert git(repo, "for-each-ref", "--format=%(refname)", "refs/policies").split() == sorted(f"refs/policies/p{i}" for i in range(20))
    assert git(repo, "rev-parse", "v1^{commit}", "main").split() == [base, base]
    tree = store.tree_of(base)
    assert tree is not None
    new = store.write_commit(tree, [base], "second\n", WHEN)
    assert store.compare_and_swap(BRANCH, base, new, "loose over packed")  # a loose ref shadows the packed one
    assert git(repo, "rev-parse", "main").strip() == new and store.read_ref(BRANCH) == new
    (repo / "packed-refs.lock").write_text("busy\n")
    assert not store.update_packed_refs({"refs/policies/p0": new}, timeout=0.1)
    (repo / "packed-refs.lock").unlink()
    fsck_clean(repo)


def test_a_batch_that_conflicts_records_nothing_and_leaves_no_pack(tmp_path: Path) -> None:
    from policydiff.errors import ArchiveError
    from tests.test_archive import assert_complete

    path = tmp_path / "arch"
    Archive.init(path)
    mine, other = Archive.open(path), Archive.open(path)
    packs = path / "versions.git" / "objects" / "pack"
    with pytest.raises(ArchiveError, match="alpha: another process recorded a version"), mine.batch():
        assert mine.snapshot("alpha", seed_text("001").encode(), source="mine.txt").recorded
        assert other.snapshot("alpha", seed_text("003").encode(), source="other.txt").recorded
    assert [v.meta["source"] for v in Archive.open(path).versions("alpha")] == ["other.txt"]
    assert not list(packs.glob("tmp_*")) and not list(packs.glob("*.pack"))
    assert assert_complete(path) == 1
    # the same archive object goes on working, outside any batch
    assert mine.snapshot("alpha", seed_text("001").encode(), source="mine.txt").recorded
    assert assert_complete(path) == 2


def test_a_check_killed_mid_batch_leaves_a_complete_archive_and_the_next_run_records_all(tmp_path: Path) -> None:
    import random
    import signal

    from tests.test_archive import assert_complete

    rng = random.Random(12)
    arch = tmp_path / "arch"
    files = tmp_path / "files"
    files.mkdir()
    seeds = [seed_text(n) for n in ("000", "001", "003", "004")]
    lines = [f'[defaults]\ninterval = "1d"\npath_root = "{tmp_path}"\n']
    for i in range(40):
        (files / f"p{i:02d}.txt").write_text(seeds[i % 4] + f"\n本政策编号 {i}。\n", encoding="utf-8")
        lines.append(f'[[source]]\nslug = "p{i:02d}"\npath = "{files / f"p{i:02d}.txt"}"\n')
    arch.mkdir()
    (arch / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    Archive.init(arch)
    cmd = [sys.executable, "-m", "policydiff", "check", "--archive", str(arch), "--force", "--quiet"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    assert subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True).returncode == 0
    duration = time.monotonic() - started
    assert assert_complete(arch) == 40
    for i in range(40):  # a new version of every source, then kill runs at random moments
        (files / f"p{i:02d}.txt").write_text(seeds[i % 4] + f"\n本政策编号 {i}。\n新增条款。\n", encoding="utf-8")
    killed = 0
    for _ in range(6):
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        recorded = assert_complete(arch)
        assert recorded in (40, 80)  # a batch lands whole or not at all
        if recorded == 80:
            break
    assert killed >= 1
    final = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert assert_complete(arch) == 80
    assert all(len(Archive.open(arch).versions(f"p{i:02d}")) == 2 for i in range(40))
