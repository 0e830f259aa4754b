"""Nothing injected: a hostile policy reaches e-mail (real SMTP, aiosmtpd) and webhooks as text,
never as markup; a secret with /?@# works and appears nowhere; the terminal never gets a
policy's escape sequences."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from _servers import WebhookReceiver, free_port
from conftest import seed_path

from policydiff.archive.versions import Archive
from policydiff.watch import config_parse, outcome
from policydiff.watch import run as check

ANCHOR = "（一）共享\n"
HOSTILE = ('我们会向北京数据智能科技有限公司提供你的手机号码<script>alert(1)</script>'
           '<a href="javascript:alert(2)">点此</a>[登录](javascript:alert(3))<form action="https://evil.example/x">'
           '<img src=x onerror=alert(4)>\x1b[2J\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\x9b31m\u202e反转')
TERMINAL_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _policies() -> tuple[str, str]:
    text = seed_path("003").read_text(encoding="utf-8")
    return text, text.replace(ANCHOR, ANCHOR + "\n" + HOSTILE + "\n", 1)


class _AuthSMTP:
    """aiosmtpd on 127.0.0.1 with AUTH (no TLS, local only) that keeps messages and the logins."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.port = free_port()
        self.messages: list[bytes] = []
        self.logins: list[tuple[str, str]] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                sink.messages.append(envelope.original_content or envelope.content)
                return "250 OK"

        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
            login, password = auth_data.login.decode(), auth_data.password.decode()
            sink.logins.append((login, password))
            return AuthResult(success=(login, password) == ("ops", SECRET))

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, authenticator=authenticator,
                                     auth_require_tls=False, auth_exclude_mechanism=["CRAM-MD5"])

    def __enter__(self) -> _AuthSMTP:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


SECRET = "p/ss?w@rd#1:x%2F"


def test_hostile_policy_arrives_as_text_and_the_secret_works_and_appears_nowhere(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    old, new = _policies()
    policy = archive / "p.txt"
    policy.write_text(old, encoding="utf-8")
    with _AuthSMTP() as smtp, WebhookReceiver() as hook:
        (archive / "sources.toml").write_text(f"""
[defaults]
digest = "change"

[[source]]
slug = "hostile"
name = "Hostile <script>alert(0)</script>"
path = "p.txt"
alerts = ["mail"]

[alerts.mail]
urls = ["mailto://ops:${{SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?from=policydiff@example.com&to=privacy@example.com&mode=insecure",
        "json://127.0.0.1:{hook.port}/hook"]
""", encoding="utf-8")
        cfg = config_parse.load(archive / "sources.toml")
        env = {"SMTP_PASSWORD": SECRET}
        check.run(archive, cfg, outcome.Options(force=True, environ=env))
        policy.write_text(new, encoding="utf-8")
        result = check.run(archive, cfg, outcome.Options(force=True, environ=env))
        mails = list(smtp.messages)
        posts = hook.json_bodies()
        logins = list(smtp.logins)

    assert [d.ok for d in result.deliveries] == [True, True], result.deliveries
    assert logins == [("ops", SECRET)]  # the password with / ? @ # : % arrived whole
    assert len(mails) == 1 and len(posts) == 1
    from email import message_from_bytes
    from email import policy as email_policy

    msg = message_from_bytes(mails[0], policy=email_policy.default)
    parts = {p.get_content_type(): p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"}
    html_body = parts["text/html"]  # the part a mail client renders; text/plain is inert by nature
    assert not TERMINAL_BAD.search(parts.get("text/plain", "").replace("\r\n", "\n"))  # e-mail lines end in CRLF
    assert "北京数据智能科技有限公司" in html_body
    for active in ("<script", "<a href=\"javascript", "<form", "<img", "onerror=", 'href="javascript'):
        assert active not in html_body, active
    assert "&lt;script&gt;" in html_body  # shown, as text
    message = posts[0]["message"]  # a JSON webhook gets plain text: the policy's words as they are, in a JSON string
    assert "\\#" not in message and "&lt;" not in message and not TERMINAL_BAD.search(message)
    # the secret appears in no file the run wrote, raw or encoded
    encoded = ("p%2Fss%3Fw%40rd%23", "p/ss?w@rd#", "ss?w@rd")
    for path in archive.rglob("*"):
        if path.is_file() and "versions.git" not in path.parts:
            data = path.read_bytes().decode("utf-8", "replace")
            assert not any(e in data for e in encoded), path
    assert not any(e in repr(result.deliveries) for e in encoded)
    assert not TERMINAL_BAD.search((archive / "digest.md").read_text(encoding="utf-8"))


def test_terminal_output_never_carries_a_policys_escape_sequences(tmp_path: Path) -> None:
    old, new = _policies()
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    archive = tmp_path / "archive"
    Archive.init(archive)
    env = dict(os.environ, POLICYDIFF_ARCHIVE=str(archive))

    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "policydiff", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout + done.stderr

    outs = [cli("compare", "old.txt", "new.txt"), cli("compare", "old.txt", "new.txt", "-f", "md")]
    cli("snapshot", "h", "old.txt")
    cli("snapshot", "h", "new.txt")
    outs += [cli("show", "h"), cli("diff", "h")]
    (archive / "sources.toml").write_text('[[source]]\nslug = "h"\npath = "../old.txt"\n[defaults]\npath_root = ".."\n',
                                          encoding="utf-8")
    outs.append(cli("check", "--dry-run", "--force"))
    for out in outs:
        assert "北京数据智能科技有限公司" in out or "h" in out
        assert not TERMINAL_BAD.search(out), repr(TERMINAL_BAD.search(out))
