"""One remote for many runners (the README's setup): four fresh clones check their shards of 16
sources concurrently, twice with changes between; every version lands in the remote exactly
once, each alert is sent once, and a fresh runner reads every version from the remote alone.

Real processes, a real bare git remote in a temp dir, a real webhook receiver on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _servers import WebhookReceiver
from archive_helpers import seed_text

POLICIES = 16
RUNNERS = 4


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    env.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def _setup(tmp_path: Path, port: int) -> Path:
    watched = tmp_path / "watched"
    (watched / "policies").mkdir(parents=True)
    lines = ['[defaults]\ninterval = "1s"\ndigest = "change"\nalerts = ["team"]\n',
             f'[alerts.team]\nurls = ["json://127.0.0.1:{port}/hook"]\n']
    for i in range(POLICIES):
        text = seed_text(f"00{i % 5}") + f"\n本政策编号：P{i}。\n"
        (watched / "policies" / f"p{i}.txt").write_text(text, encoding="utf-8")
        lines.append(f'[[source]]\nslug = "p{i}"\npath = "policies/p{i}.txt"\n')
    (watched / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    return watched


def _round(tmp_path: Path, remote: Path, watched: Path, name: str) -> list[subprocess.Popen[str]]:
    """Runners, each its own archive folder (made and given the remote when new), check their
    shards with --sync at once."""
    procs = []
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    env.pop("POLICYDIFF_ARCHIVE", None)
    for k in range(1, RUNNERS + 1):
        archive = tmp_path / f"{name}-runner{k}" / "archive"
        if not archive.exists():
            assert _cli("init", "--archive", str(archive), cwd=tmp_path).returncode == 0
            assert _cli("remote", "add", "origin", str(remote), "--archive", str(archive), cwd=tmp_path).returncode == 0
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "policydiff", "check", "--archive", str(archive), "--sources",
             str(watched / "sources.toml"), "--shard", f"{k}/{RUNNERS}", "--sync", "--force"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err + out
    return procs


def _versions_in_remote(remote: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in _git("--git-dir", str(remote), "ls-tree", "--name-only", "main").split():
        if line.startswith("p"):
            index = json.loads(_git("--git-dir", str(remote), "show", f"main:{line}/versions.json"))
            out[line] = [e["raw_sha256"] for e in index["versions"]]
    return out


def test_four_fresh_runners_share_one_remote_twice(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    _git("init", "-q", "--bare", "--initial-branch=main", str(remote))
    with WebhookReceiver() as hook:
        watched = _setup(tmp_path, hook.port)
        _round(tmp_path, remote, watched, "first")
        first = _versions_in_remote(remote)
        assert sorted(first) == sorted(f"p{i}" for i in range(POLICIES))
        assert all(len(v) == 1 for v in first.values()), first
        assert hook.posts == []  # a policy's first version is no change

        changed = [0, 3, 6]
        for i in changed:
            path = watched / "policies" / f"p{i}.txt"
            path.write_text(path.read_text(encoding="utf-8") + "\n我们会与广告服务商共享您的设备信息。\n", encoding="utf-8")
        _round(tmp_path, remote, watched, "second")  # fresh runners: they resume from the remote
        second = _versions_in_remote(remote)
        for i in range(POLICIES):
            expected = 2 if i in changed else 1
            assert len(second[f"p{i}"]) == expected and len(set(second[f"p{i}"])) == expected, (i, second[f"p{i}"])
        titles = [b.get("title", "") for b in hook.json_bodies()]
        assert len(titles) == len(changed), titles  # each change alerted once, by the runner of its shard
        assert sorted(t for t in titles if any(f"(p{i})" in t or f"（p{i}）" in t for i in changed)) == sorted(titles)

        # the same runners again (their own refs and replayed commits from the round before)
        again = [1, 3, 10]
        for i in again:
            path = watched / "policies" / f"p{i}.txt"
            path.write_text(path.read_text(encoding="utf-8") + "\n我们会收集您的精确位置信息用于推荐。\n", encoding="utf-8")
        _round(tmp_path, remote, watched, "second")
        third = _versions_in_remote(remote)
        for i in range(POLICIES):
            expected = 1 + (i in changed) + (i in again)
            assert len(third[f"p{i}"]) == expected, (i, third[f"p{i}"])
        assert len(hook.posts) == len(changed) + len(again)

    # nothing lost: the remote's history is one line of commits, git finds no damage
    assert _git("--git-dir", str(remote), "fsck", "--strict", "--no-dangling") == ""
    _a_fresh_runner_reads_every_version(tmp_path, remote, third)
    state = json.loads(_git("--git-dir", str(remote), "show", "refs/policydiff/state:checks.json"))
    assert sorted(state["sources"]) == sorted(f"p{i}" for i in range(POLICIES))


def _a_fresh_runner_reads_every_version(tmp_path: Path, remote: Path, expected: dict[str, list[str]]) -> None:
    """A new runner that only synced reads the text, source and meta of every version of every
    policy (the versions.json of each names commits the remote has)."""
    from policydiff.archive.versions import Archive

    archive = tmp_path / "fresh" / "archive"
    assert _cli("init", "--archive", str(archive), cwd=tmp_path).returncode == 0
    assert _cli("remote", "add", "origin", str(remote), "--archive", str(archive), cwd=tmp_path).returncode == 0
    done = _cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    store = Archive.open(archive)
    try:
        for slug, shas in expected.items():
            versions = store.versions(slug)
            assert [v.meta["raw_sha256"] for v in versions] == shas
            for v in versions:
                assert store.text(v) and store.raw(v) and store.meta(v)["raw_sha256"] == v.meta["raw_sha256"]
    finally:
        store.close()
    shown = _cli("show", "p0", "1", "--archive", str(archive), cwd=tmp_path)  # and through the CLI
    assert shown.returncode == 0, shown.stderr
