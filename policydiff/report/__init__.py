"""Stage 3, report: a Comparison rendered for people and programs.

``json`` (the output contract) · ``markdown`` (tickets, alerts) · ``terminal`` (rich, or plain in
a pipe) · ``html`` (one self-contained page) · ``rows`` (what they share).
"""

from __future__ import annotations

import json as _json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policydiff.model import Comparison

FORMATS = ("terminal", "json", "md", "html")


def render(result: Comparison, fmt: str, *, color: bool = False, all_sections: bool = False, lang: str = "zh", brief: bool = False) -> str:
    """Render in one of ``FORMATS``: in ``lang`` ("zh" or "en"); ``brief``: the summary and the verdict only."""
    if fmt == "json":
        # imported here too: `report.alert_*` (every check's alerts) import this package, and the
        # JSON rows import the compare stage's meaning model (~40 ms a run that compared nothing)
        from policydiff.report.json import to_dict

        return _json.dumps(to_dict(result), ensure_ascii=False, indent=2)
    # Each renderer is imported when asked for: `compare --format json`, the format scripts and CI
    # jobs use, need none of the others (~10 ms of start-up).
    if fmt == "md":
        from policydiff.report import markdown

        return markdown.render_markdown(result, all_sections=all_sections, lang=lang, brief=brief)
    if fmt == "html":
        from policydiff.report import html

        return html.render_html(result, lang=lang, brief=brief)
    from policydiff.report import terminal

    return terminal.render_terminal(result, color=color, all_sections=all_sections, lang=lang, brief=brief)
