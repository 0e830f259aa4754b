"""One exception hierarchy: the CLI catches PolicyDiffError once and prints its message."""

from __future__ import annotations


class PolicyDiffError(Exception):
    """Base of every error policydiff reports to a user; ``exit_code`` is the CLI's status."""

    exit_code = 2


class InputError(PolicyDiffError):
    """An input file, URL or stream cannot be read as a policy text."""


class ArchiveError(PolicyDiffError):
    """The git-backed archive refused or failed an operation; nothing was half-written."""


class GitNotFoundError(ArchiveError):
    """The ``git`` program is not installed or not on PATH (the archive itself is untouched)."""


class FetchError(InputError):
    """A URL could not be fetched, or what came back is not a policy."""


class ConfigError(PolicyDiffError):
    """The sources file or another setting is invalid."""


class LockedError(PolicyDiffError):
    """Another run holds the archive lock."""

    exit_code = 3


class UsageError(ConfigError):
    """The command line asks for something impossible (an unknown slug or tag, a bad option value).

    Its own exit status, 64 (EX_USAGE from sysexits.h), so a script tells "you called it wrong"
    from 2, "a source or a delivery failed".
    """

    exit_code = 64
