"""Credentials in a source URL never leave: real CLI processes against the local web server.

A URL's password and token are used for the request and shown nowhere: not by `sources
add/list/test`, `check` (its failure line too), `log`, `show --meta` or `remote add`, and not
stored in meta.json, versions.json, state/checks.json or any git object. `${VAR}` in a source
URL is the way to keep them out of the sources file; `${VAR}` in an alert URL is checked as it is
sent (encoded); a lone surrogate on the command line is one line, not a traceback.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _servers import Page, PolicyServer, WebhookReceiver
from conftest import seed_path

from policydiff.watch import config_parse

PASSWORD = "PaSSw0rd-h20b"
TOKEN = "T0kenValue-h20b"
ENV_PASSWORD = "p/a?s#s:w0rd@env"  # every character a URL gives a meaning to


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "policydiff", *args], env=full, capture_output=True, text=True,
                          timeout=120, errors="surrogateescape")


def policy_html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in seed_path("003").read_text(encoding="utf-8").splitlines() if line.strip())
    return f"<html><head><meta charset='utf-8'><title>隐私政策</title></head><body>{body}</body></html>".encode()


def leaks(blob: str | bytes, secrets: tuple[str, ...]) -> list[str]:
    data = blob.encode("utf-8", "surrogateescape") if isinstance(blob, str) else blob
    return [s for s in secrets if s.encode() in data]


def test_credentials_in_a_source_url_are_used_and_never_shown_stored_or_committed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    a = ["--archive", str(archive)]
    env = {"PD_USER": "carol", "PD_PASS": ENV_PASSWORD}
    secrets = (PASSWORD, TOKEN, ENV_PASSWORD, "p%2Fa%3Fs%23s%3Aw0rd%40env")
    with PolicyServer() as web, WebhookReceiver() as hook:
        web.pages["/p"] = Page(policy_html())
        web.pages["/q"] = Page(policy_html())
        inline = web.url("/p").replace("http://", f"http://alice:{PASSWORD}@") + f"?lang=zh&token={TOKEN}"
        from_env = web.url("/q").replace("http://", "http://${PD_USER}:${PD_PASS}@")
        outputs = [cli("init", *a, env=env)]
        # every failure alerted at once, to a webhook: the alert, its log and the outbox are outputs too
        (archive / "sources.toml").write_text(
            f'[defaults]\nfailure_threshold = 1\nalerts = ["hook"]\n\n[alerts.hook]\nurls = ["json://127.0.0.1:{hook.port}/h"]\n',
            encoding="utf-8")
        outputs.append(cli("sources", "add", "shop", inline, "--allow-private", *a, env=env))
        outputs.append(cli("sources", "add", "bank", from_env, "--allow-private", *a, env=env))
        outputs += [cli("sources", "list", *a, env=env), cli("sources", "test", "shop", *a, env=env),
                    cli("sources", "test", "bank", *a, env=env)]
        first = cli("check", "--force", *a, env=env)
        outputs.append(first)
        web.pages["/p"] = Page(b"gone", status=404)
        web.pages["/q"] = Page(b"gone", status=404)
        for _ in range(2):
            outputs.append(cli("check", "--force", *a, env=env))
        auth = [h.get("Authorization", "") for h in web.headers]
        posts = b"".join(body for _path, body in hook.posts)
    assert first.returncode == 0, first.stderr
    # the credentials reached the server, each password as the one password it is
    sent = {base64.b64decode(v.split(" ", 1)[1]).decode() for v in auth if v.startswith("Basic ")}
    assert sent == {f"alice:{PASSWORD}", f"carol:{ENV_PASSWORD}"}
    assert any(f"token={TOKEN}" in hit for hit in web.hits)
    assert "***" in outputs[3].stdout + outputs[3].stderr  # sources list shows where a secret was
    assert b"404" in posts and leaks(posts, secrets) == []  # the failure alert was sent, without them
    failing = outputs[-1]
    assert "404" in failing.stdout + failing.stderr and "127.0.0.1" in failing.stdout + failing.stderr
    outputs += [cli("log", "shop", *a), cli("show", "shop", "--meta", *a), cli("log", "bank", *a),
                cli("show", "bank", "--meta", *a), cli("list", *a)]
    for proc in outputs:
        assert leaks(proc.stdout + proc.stderr, secrets) == [], (proc.args, proc.stdout, proc.stderr)
    # nothing in the archive but the sources file the user wrote holds one: meta.json, state, git objects
    for path in archive.rglob("*"):
        if path.is_file() and path.name != "sources.toml":
            assert leaks(path.read_bytes(), secrets) == [], path
    git_dir = next(p for p in archive.iterdir() if p.name.endswith(".git"))
    objects = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch-all-objects", "--batch"],
                             capture_output=True, timeout=60, check=True).stdout
    assert b"meta.json" in objects or b'"source"' in objects  # the objects were read
    assert leaks(objects, secrets) == []


def test_remote_add_and_a_failing_sync_do_not_print_the_remotes_password(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    cli("init", "--archive", str(archive))
    got = cli("remote", "add", "origin", f"https://bob:{PASSWORD}@git.example.com/policies.git", "--archive", str(archive))
    assert got.returncode == 0, got.stderr
    assert "git.example.com" in got.stdout and leaks(got.stdout + got.stderr, (PASSWORD,)) == []
    cli("remote", "add", "origin", f"http://bob:{PASSWORD}@127.0.0.1:1/policies.git", "--archive", str(archive))
    failed = cli("sync", "--archive", str(archive))  # nothing listens on port 1
    assert failed.returncode == 2 and leaks(failed.stdout + failed.stderr, (PASSWORD,)) == [], failed.stderr


def test_an_alert_secret_holding_url_characters_validates_as_it_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PD_SMTP_PASSWORD", "pa/ss?w#rd")
    cfg = config_parse.loads('[alerts.mail]\nurls = ["mailtos://ops:${PD_SMTP_PASSWORD}@smtp.example.com?to=a@example.com"]\n')
    assert "pa%2Fss%3Fw%23rd" in cfg.routes["mail"].resolved_urls()[0]


def test_a_lone_surrogate_name_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    got = cli("sources", "add", "x", "https://www.example.com/privacy", "--name", "bad\udcff", "--archive", str(archive))
    assert got.returncode == 64, got.stderr
    assert len(got.stderr.strip().splitlines()) == 1 and "Traceback" not in got.stderr
