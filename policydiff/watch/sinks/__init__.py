"""Where alerts go: ``apprise`` (e-mail, webhooks, chat bots, per route), ``feed`` (Atom),
``log`` (JSON lines), ``digest`` (the run's Markdown). A new kind of destination is a module here
and one call in ``watch.run``.
"""
