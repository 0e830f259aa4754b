"""The archive, beside the compare pipeline: every version of every policy, in git.

``versions.Archive`` (open, read, resolve) · ``snapshot`` (the one path from bytes to a version) ·
``refuse`` (what is not a policy) · ``maintain`` (re-extract, import) · ``layout`` (folders,
index, messages, slugs) · ``store`` (the git object store on GitPython: ``gitobjects``, ``gitpack``,
``gitrefs``) · ``batch`` (many versions, one ref update) · ``remote`` (sync) · ``state`` (run state).
"""
