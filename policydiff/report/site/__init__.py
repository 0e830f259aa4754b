"""The archive as a static website a colleague can browse (``policydiff site``).

``model`` (what a build reads and remembers) → ``build`` (which policies to rebuild, their pages,
the manifest) → ``pages`` (index, timeline, version, facts, search) over ``assets`` (the page
shell, stylesheet and scripts under a strict CSP). The change reports are ``report.html``'s
pages and the facts ``report.facts_html``'s, so the site says what the CLI says.
"""

from __future__ import annotations

from policydiff.report.site.build import BuildResult, build_site
from policydiff.report.site.model import SitePolicy, SiteVersion

__all__ = ["BuildResult", "SitePolicy", "SiteVersion", "build_site"]
