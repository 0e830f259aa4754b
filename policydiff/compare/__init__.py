"""Stage 2, compare: two texts to a judged Comparison.

``parse`` (section tree) → ``align`` (pairs across versions) → ``diff`` (word-level edits) →
``sections``/``categories``/``mentions`` (what each version says and lists) → ``classify``
(findings, the verdict) → ``notice``/``disclosure`` (is the update told). ``pipeline.compare``
runs them all.
"""
