"""What "unchanged" means for the archive, computed cheaply and still exactly: the fast
``archive_key``, the stored key digest of a neighbour, and the texts a recorded snapshot hands
back (so ``check`` need not read them again). Real seed texts, a real bare git archive."""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from policydiff.archive.layout import archive_key
from policydiff.archive.versions import Archive, Version
from policydiff.errors import PolicyDiffError
from tests.archive_helpers import SEEDS, seed_text


def nfkc_key(text: str) -> str:
    """The definition archive_key must give, however it computes it."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_archive_key_is_the_nfkc_text_without_whitespace_on_every_seed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert archive_key(text) == nfkc_key(text)
    wide = text.replace("(", "（").replace(":", "：").replace(" ", "\u3000")  # full-width forms
    assert archive_key(wide) == nfkc_key(wide) == nfkc_key(text.replace(" ", ""))


def test_archive_key_is_exact_where_compatibility_characters_meet_combining_marks() -> None:
    rng = random.Random(7)
    # full-width letters before combining accents, Hangul jamo that compose, characters whose
    # decomposition holds a space (¨), circled and Roman numerals, small forms, Kangxi radicals
    alphabet = list("ＡＥｅｏ（），：；＋①⑳ⅠⅫ﹕﹢⼀⽀…\u3000 \n\taeo中文。、") + list("\u0301\u0308\u0327\u0300\u1100\u1161\u11a8\uac00\u00a8\u00a0\u2002")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 10)))
        assert archive_key(text) == nfkc_key(text), repr(text)


@pytest.fixture
def store(tmp_path: Path) -> Archive:
    return Archive.init(tmp_path / "arch")


def _replace_tip_text(store: Archive, slug: str, text: str) -> None:
    """What ``reextract`` does: a new commit whose policy.txt changed and whose versions.json did not."""
    tip = store.tip()
    blob = store.store.write_blob(text.encode("utf-8"))
    entries = [(m, n, blob if n == "policy.txt" else sha) for m, n, sha in store.store.tree_entries(f"{tip}:{slug}")]
    folder = store.store.write_tree(entries)
    assert store.cas(tip, store.store.commit_trees(tip, {slug: folder}, "re-extracted\n", datetime.now(timezone.utc)), None)


def test_a_re_extracted_tip_is_compared_by_its_text_not_its_recorded_digest(store: Archive) -> None:
    old = seed_text("003")
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert store.snapshot("khtong", old.encode(), source="a.txt", fetched_at=when).recorded
    new = old.replace("15 天", "30 天")
    _replace_tip_text(store, "khtong", new)  # the index still holds the digest of ``old``
    same = store.snapshot("khtong", new.replace("\n", "\n\n").encode(), source="a.txt", fetched_at=when + timedelta(days=1))
    assert not same.recorded and same.reason == "unchanged"
    back = store.snapshot("khtong", old.encode(), source="a.txt", fetched_at=when + timedelta(days=2))
    assert back.recorded and [v.index for v in store.versions("khtong")] == [1, 2]
    assert back.text == old and back.previous_text is None  # #1's own text is not the one read at the tip
    assert back.previous is not None and store.text(back.previous) == old


def test_a_recorded_snapshot_hands_back_both_texts_as_the_archive_reads_them(store: Archive) -> None:
    old = seed_text("001")
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    store.snapshot("kaola", old.encode(), source="a.txt", fetched_at=when)
    new = old + "\n我们会与广告服务商共享您的设备信息。\n"
    result = store.snapshot("kaola", new.encode(), source="a.txt", fetched_at=when + timedelta(days=1))
    assert result.recorded and result.version is not None and result.previous is not None
    assert result.text == store.text(result.version) == new
    assert result.previous_text == store.text(result.previous) == old


def test_before_write_is_called_only_when_a_version_will_be_written(store: Archive) -> None:
    calls: list[Version | None] = []
    text = seed_text("002")
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    store.snapshot("p", text.encode(), source="a.txt", fetched_at=when, before_write=calls.append)
    assert calls == [None]  # a first version: it follows none
    store.snapshot("p", text.replace("\n", "\n\n").encode(), source="a.txt", fetched_at=when + timedelta(days=1),
                   before_write=calls.append)
    assert calls == [None]  # unchanged: nothing written, nothing owed
    changed = store.snapshot("p", (text + "\n我们会与广告服务商共享您的设备信息。\n").encode(), source="a.txt",
                             fetched_at=when + timedelta(days=2), before_write=calls.append)
    assert changed.recorded and len(calls) == 2 and calls[1] is not None and calls[1].index == 1
    with pytest.raises(PolicyDiffError):  # refused (it shrank to nothing): called never, written never
        store.snapshot("p", b"x", source="a.txt", fetched_at=when + timedelta(days=3), before_write=calls.append)
    assert len(calls) == 2 and [v.index for v in store.versions("p")] == [1, 2]


def test_archive_key_is_exact_for_every_compatibility_character_it_maps_mixed_and_repeated() -> None:
    from policydiff.archive.layout import _COMPAT_CHARS

    rng = random.Random(19)
    assert all(archive_key(c) == nfkc_key(c) for c in _COMPAT_CHARS)
    chars = list(_COMPAT_CHARS) * 3 + list("个人信息。 \n共享①⑳Ⅻ")
    for _ in range(200):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 40)))
        assert archive_key(text) == nfkc_key(text), text
