"""sources.toml: loading, defaults, routing, ${VAR} secrets, and messages that name the line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.errors import ConfigError
from policydiff.watch import config, config_parse

GOOD = """\
[defaults]
interval = "6h"
failure_threshold = 3
digest = "change"
alerts = ["team"]

[[source]]
slug = "shop"
name = "快手小店隐私政策"
url = "https://www.example.com/privacy"
selector = "div.policy"
tags = ["ecommerce"]
interval = "1d"

[[source]]
slug = "local-copy"
name = "本地副本"
path = "policies/local.txt"
alerts = []

[alerts.team]
urls = ["mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.example.com?to=privacy@example.com"]

[alerts.shops]
urls = ["json://127.0.0.1:9/hook"]
only_material = true
tags = ["ecommerce"]
"""


def test_good_file_loads_with_defaults_and_routes(tmp_path: Path) -> None:
    f = tmp_path / "sources.toml"
    f.write_text(GOOD, encoding="utf-8")
    cfg = config_parse.load(f)
    assert cfg.defaults.interval == 6 * 3600
    assert cfg.defaults.failure_threshold == 3
    assert cfg.defaults.digest == "change"
    shop, local = cfg.sources
    assert shop.interval == 86400 and shop.selector == "div.policy" and shop.alerts == ["team"]
    assert local.path == tmp_path / "policies" / "local.txt" and local.url is None
    assert local.interval == 6 * 3600
    # per source and per tag: "shop" carries the ecommerce tag, so route "shops" gets it too
    assert [r.name for r in cfg.routes_for(shop)] == ["team", "shops"]
    assert [r.name for r in cfg.routes_for(local)] == []
    assert cfg.routes["shops"].only_material is True


def test_secrets_expand_from_environment_only_at_send_time() -> None:
    cfg = config_parse.loads(GOOD)
    route = cfg.routes["team"]
    assert "${SMTP_PASSWORD}" in route.urls[0]
    urls = route.resolved_urls({"SMTP_USER": "u", "SMTP_PASSWORD": "s3cret"})
    assert urls == ["mailtos://u:s3cret@smtp.example.com?to=privacy@example.com"]
    with pytest.raises(ConfigError, match="SMTP_USER is not set"):
        route.resolved_urls({})


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("30m", 1800), ("6h", 21600), ("1d", 86400), ("1w", 604800), ("1h30m", 5400), (90, 90), ("1.5h", 5400)],
)
def test_intervals(value: object, seconds: float) -> None:
    assert config.parse_interval(value, "x") == seconds


def test_syntax_error_names_the_line() -> None:
    text = '[defaults]\ninterval = "6h"\n\n[[source]]\nslug = "a\nurl = "https://x.example"\n'
    with pytest.raises(ConfigError) as exc:
        config_parse.loads(text)
    assert "syntax" in str(exc.value) and "line 5" in str(exc.value)


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as exc:
        config_parse.loads(text)
    return str(exc.value)


def test_unknown_key_names_key_source_and_line() -> None:
    msg = _error('[[source]]\nslug = "a"\nurl = "https://x.example"\nintervall = "6h"\n')
    assert "'intervall'" in msg and "'a'" in msg and "line 4" in msg


def test_bad_slug() -> None:
    msg = _error('[[source]]\nslug = "Bad Slug!"\nurl = "https://x.example"\n')
    assert "bad slug 'Bad Slug!'" in msg and "line 2" in msg


def test_duplicate_slug_names_both_lines() -> None:
    msg = _error('[[source]]\nslug = "a"\nurl = "https://x.example"\n\n[[source]]\nslug = "a"\npath = "a.txt"\n')
    assert "duplicate slug 'a'" in msg and "line 6" in msg and "line 1" in msg


def test_url_and_path_together() -> None:
    msg = _error('[[source]]\nslug = "a"\nurl = "https://x.example"\npath = "a.txt"\n')
    assert "both url and path" in msg and "line 4" in msg


def test_neither_url_nor_path() -> None:
    assert "needs a url or a path" in _error('[[source]]\nslug = "a"\n')


def test_bad_interval() -> None:
    msg = _error('[[source]]\nslug = "a"\nurl = "https://x.example"\ninterval = "often"\n')
    assert "interval" in msg and "'often'" in msg and "line 4" in msg


def test_unknown_route() -> None:
    msg = _error('[[source]]\nslug = "a"\nurl = "https://x.example"\nalerts = ["nobody"]\n')
    assert "unknown alert route 'nobody'" in msg and "line 4" in msg


def test_unknown_route_in_defaults() -> None:
    msg = _error('[defaults]\nalerts = ["ops"]\n')
    assert "unknown route 'ops'" in msg and "line 2" in msg


def test_inline_password_is_refused() -> None:
    msg = _error('[alerts.team]\nurls = ["mailtos://me:hunter2@smtp.example.com"]\n')
    assert "password" in msg and "environment" in msg and "line 2" in msg
    assert "hunter2" not in msg


def test_non_http_url_is_refused() -> None:
    assert "http(s) URL" in _error('[[source]]\nslug = "a"\nurl = "ftp://x.example/p"\n')


def test_bad_digest_mode() -> None:
    assert "digest" in _error('[defaults]\ndigest = "weekly"\n')


def test_alert_language_and_report_base_url() -> None:
    cfg = config_parse.loads('[defaults]\nlang = "en"\nreport_base_url = "https://policies.example.com/reports"\n')
    assert cfg.defaults.lang == "en" and (cfg.defaults.report_base_url or "").rstrip("/") == "https://policies.example.com/reports"
    assert config_parse.loads("").defaults.lang == "zh" and config_parse.loads("").defaults.report_base_url is None
    assert "lang" in _error('[defaults]\nlang = "fr"\n')
    assert "report_base_url" in _error('[defaults]\nreport_base_url = "/srv/reports"\n')


def test_example_file_is_valid() -> None:
    cfg = config_parse.loads(config.EXAMPLE)
    assert cfg.sources == [] and cfg.defaults.interval == 86400


def test_redact_hides_credentials() -> None:
    assert config.redact("mailtos://u:pw@smtp.example.com:465?to=a@b.c") == "mailtos://smtp.example.com:465/…"
    assert "KEY" not in config.redact("wecombot://KEY")
