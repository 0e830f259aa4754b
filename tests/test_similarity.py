"""compare.similarity on a real policy: the paragraphs near a value are the same whether
``LabelledKeys`` reads the keys (joined, by ``str.find``) or answers through its bigram index."""

from __future__ import annotations

from conftest import DATA, tree_of

from policydiff.compare.similarity import LabelledKeys, bigrams

RAIL = DATA / "corpus" / "china-railway-12306"


def _by_reading(pairs: list[tuple[str, int]], key: str) -> set[int]:
    """The definition: keys longer than half the bigrams that hold half of them as substrings."""
    grams = bigrams(key)
    need = max(1, len(grams) // 2)
    return {label for k, label in pairs if len(k) > need and sum(g in k for g in grams) >= need}


def test_reading_the_joined_keys_and_the_index_find_the_same_sections_on_a_real_policy():
    tree = tree_of(RAIL / "2023-02-08.txt")
    pairs = [(p.key, s.index) for s in tree.sections for p in s.paragraphs]
    values = ["第三方支付机构", "订单信息", "银行", "个人敏感信息", "身份证件号码", "联系我们", "不存在的词语组合"]
    read, indexed = LabelledKeys(pairs), LabelledKeys(pairs)
    read.budget, indexed.budget = 10**9, 0
    for value in values:
        expected = _by_reading(pairs, value)
        assert read.labels_near(value, value) == expected == indexed.labels_near(value, value)
    assert read.index is None and indexed.index is not None
    assert _by_reading(pairs, "第三方支付机构")  # the test reads something
