"""The command line does what its help says: completion for the shell named (no parent shell
needed), one exit status for usage errors (64) and one for runtime errors (2), help texts for
users, `list`/`init` inside an archive folder, COLUMNS in a pipe, `remote list|remove`,
`diff --fail-on`. Real CLI processes on the bundled demo policy and real git repositories.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import pytest


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, detached: bool = False) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL, start_new_session=detached)


def demo_file(version: int) -> Path:
    return Path(str(resources.files("policydiff") / "data" / "demo" / f"privacy-v{version}.txt"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with an archive holding two versions of the demo policy and two sources."""
    assert cli("init", cwd=tmp_path).returncode == 0
    for v in (1, 2):
        assert cli("snapshot", "demo", str(demo_file(v)), cwd=tmp_path).returncode == 0
    (tmp_path / "archive" / "p.txt").write_text(demo_file(1).read_text(encoding="utf-8"), encoding="utf-8")
    for slug in ("kehutong", "kuaishou"):
        assert cli("sources", "add", slug, "archive/p.txt", cwd=tmp_path).returncode == 0
    return tmp_path


def test_show_completion_serves_the_shell_named_even_without_a_parent_shell(project: Path) -> None:
    no_shell = {k: v for k, v in os.environ.items() if k != "SHELL"}
    zsh = subprocess.run([sys.executable, "-m", "policydiff", "--show-completion", "zsh"], cwd=project, env=no_shell,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, start_new_session=True, timeout=60)
    assert zsh.returncode == 0 and zsh.stdout.startswith("#compdef policydiff"), zsh.stdout[:200] + zsh.stderr
    assert "_POLICYDIFF_COMPLETE=complete_zsh" in zsh.stdout
    bare = cli("--show-completion", cwd=project, env={"SHELL": ""}, detached=True)
    assert bare.returncode == 0 and "complete -o" in bare.stdout and "not supported" not in bare.stderr
    assert "complete --command policydiff" in cli("--show-completion=fish", cwd=project).stdout
    bad = cli("--show-completion", "tcsh", cwd=project)
    assert bad.returncode == 64 and "tcsh" in bad.stderr
    # what the zsh script asks for: the slugs of the sources file
    asked = cli(cwd=project, env={"_POLICYDIFF_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "policydiff sources test k"})
    assert "kehutong" in asked.stdout and "kuaishou" in asked.stdout


def test_usage_errors_are_64_and_runtime_errors_2(project: Path) -> None:
    for args in (["sources", "test", "nosuch"], ["sources", "remove", "nosuch"], ["alerts", "remove", "nosuch"],
                 ["check", "--only", "nosuch"], ["remote", "remove", "nosuch"], ["diff", "demo", "--fail-on", "sometimes"]):
        proc = cli(*args, cwd=project)
        assert proc.returncode == 64, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("policydiff: usage:"), (args, proc.stderr)
    broken = cli("diff", "nosuch-policy", cwd=project)
    assert broken.returncode == 2 and broken.stderr.startswith("policydiff: error:")


def test_help_texts_are_for_users_and_check_names_the_archive_variable(project: Path) -> None:
    commands = [[], ["check"], ["snapshot"], ["import"], ["diff"], ["sources", "add"], ["alerts", "add"], ["alerts"],
                ["remote"], ["notify"], ["list"], ["log"], ["demo"]]
    for words in commands:
        text = cli(*words, "--help", cwd=project, env={"COLUMNS": "200"}).stdout
        assert text, words
        assert "on purpose" not in text.lower() and "typer reads" not in text, words
    assert "POLICYDIFF_ARCHIVE" in cli("check", "--help", cwd=project, env={"COLUMNS": "200"}).stdout


def test_inside_the_archive_folder_list_points_at_it_and_init_makes_no_nested_archive(project: Path) -> None:
    inside = project / "archive"
    listed = cli("list", cwd=inside)
    assert listed.returncode == 2 and "--archive ." in listed.stderr and "policydiff init" not in listed.stderr
    init = cli("init", cwd=inside)
    assert init.returncode == 64 and not (inside / "archive").exists()
    assert "demo" in cli("list", "--archive", ".", cwd=inside).stdout


def test_the_terminal_report_honours_columns_in_a_pipe(project: Path) -> None:
    for columns in (60, 140):
        out = cli("diff", "demo", cwd=project, env={"COLUMNS": str(columns)}).stdout
        widths = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in out.splitlines()]
        assert max(widths) <= columns and max(widths) > columns - 25, (columns, max(widths))


def test_remote_list_and_remove(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    bare = tmp_path_factory.mktemp("shared") / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    assert cli("remote", "add", "origin", str(bare), cwd=project).returncode == 0
    listed = cli("remote", "list", cwd=project)
    assert listed.stdout.splitlines()[1] == f"origin\t{bare}\tdefault"
    assert cli("remote", "remove", "origin", cwd=project).returncode == 0
    assert cli("remote", "list", cwd=project).stdout.splitlines()[1:] == []
    assert "no remote" in cli("sync", cwd=project).stderr


def test_diff_fail_on(project: Path) -> None:
    assert cli("diff", "demo", "--fail-on", "material", cwd=project).returncode == 1  # the demo's change is material
    assert cli("diff", "demo", "--fail-on", "never", cwd=project).returncode == 0
    assert cli("diff", "demo", cwd=project).returncode == 0


def test_a_run_builds_only_its_own_command_and_that_command_is_the_same() -> None:
    """`only_command`: the app a run builds holds the command its first word names, the same
    click command (options, help) as in the whole app; every other word gets the whole app."""
    import typer

    from policydiff.cli import app
    from policydiff.cli.app import only_command

    whole = typer.main.get_command(app)
    assert isinstance(whole, typer.core.TyperGroup) and len(whole.commands) > 10
    for word, full in whole.commands.items():
        narrow = typer.main.get_command(only_command(app, [word, "--help"]))
        assert list(narrow.commands) == [word], word  # type: ignore[attr-defined]
        built = narrow.commands[word]  # type: ignore[attr-defined]
        assert [p.opts for p in built.params] == [p.opts for p in full.params], word
        assert built.help == full.help, word
        assert [p.opts for p in narrow.params] == [p.opts for p in whole.params]  # --version, completion
    for args in ([], ["--help"], ["--version"], ["chek"], ["-a", "x", "check"]):
        assert only_command(app, args) is app, args


def test_a_misspelt_command_still_gets_the_whole_list(tmp_path: Path) -> None:
    proc = cli("chek", cwd=tmp_path)
    assert proc.returncode == 64 and "Did you mean 'check'" in proc.stderr, proc.stderr
    assert "compare" in cli("--help", cwd=tmp_path, env={"COLUMNS": "200"}).stdout
