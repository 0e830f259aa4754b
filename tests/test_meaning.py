"""The one judgment by meaning (``compare.meaning``) on real inputs: real version pairs say nothing
"appears" that the other version states in other words, a version compared with itself says
nothing, fragments never become claims, and ``--brief`` fits 40 lines on every real pair.

The real pairs are ../shared/corpus/real when it is beside the project, and always the copies in
tests/data/corpus (jianying, 12306: see their SOURCE.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, SHARED, seed_path, version_pairs

from policydiff.compare import meaning, second_look
from policydiff.compare.mentions import loosen
from policydiff.compare.pipeline import compare, read_tree
from policydiff.lexicon import entities
from policydiff.lexicon import qualifiers as q
from policydiff.lexicon import taxonomy as tx
from policydiff.model import Finding, PolicyTree, RawText
from policydiff.report import summary as summary_mod
from policydiff.report.claims import SummaryItem
from policydiff.report.terminal import render_terminal

LOCAL = DATA / "corpus"
PAIRS = version_pairs(SHARED / "corpus" / "real") or version_pairs(LOCAL)
IDS = [f"{o.parent.name}-{o.stem}-{n.stem}" for o, n in PAIRS]


def _raw(path: Path) -> RawText:
    return RawText(path.read_text(encoding="utf-8"), path.name)


# kinds whose value names a thing the other version could state in other words
_NAMED = meaning.DATA_SIGNALS - {"fact_scope"} | {"recipient", "sdk_name", "fact_share"}
_CLAUSE = re.compile(r"[，,；;。：:]")


def _clause_of(sentence: str, k: int) -> str:
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0)
    end = next((m.start() for m in _CLAUSE.finditer(sentence, k)), len(sentence))
    return sentence[start:end]


def _same_practice(sentence: str, name: str, data: bool) -> bool:
    """``sentence`` states the practice the claim is about with ``name`` in it: data it collects or
    asks for (a verb of collecting or asking, not after a denial: 「并不收集您的生物识别信息（人脸信息）」),
    a party in a clause that shares with it (not 「您授权银行…向我们查询」, where the party asks)."""
    f, key = meaning.fold(name), meaning.fold(sentence)
    if f not in key:
        return False
    spots = [m.start() for m in re.finditer(re.escape(name), sentence)] or [0]
    if data:
        denial = q.DENIED_COLLECTION.search(sentence)
        if denial is not None and any(k > denial.start() for k in spots) or meaning._clause_has(sentence, name, meaning.NOT_STATED):
            return False  # named after a denial, or in a clause that denies it (无法识别…)
        return any(v in sentence for v in q.COLLECT_VERBS + q.PROVIDE_VERBS)
    return any(any(v in _clause_of(sentence, k) for v in entities.SHARING_VERBS) for k in spots)


def _names_the_node(name: str) -> bool:
    """``name`` is a name of its taxonomy node, not a narrower thing: it ends on a word of the node
    and what stands before that word is at most a two-character lead (设备, 手机), no 的-phrase and
    no other person (联系人手机号码 is not the user's 手机号码; 手持护照信息页照片 is no 相册)."""
    f = meaning.fold(name)
    if tx.MODIFIER in name or any(p in name for p in tx.OTHER_PERSONS):
        return False
    words = [meaning.fold(w) for ws in tx.DATA_NODES.values() for w in ws]
    return any(w and f.endswith(w) and len(f) - len(w) <= 2 for w in words)


def _sentences(tree: PolicyTree) -> list[str]:
    """Every sentence of a version as printed, denials included (a ``meaning.Doc`` keeps only the
    sentences that deny nothing: 「收集您的人脸信息，但不会收集您的指纹」 would be lost)."""
    return [s for p in tree.document.paragraphs for s in re.split(r"(?<=[。；;！？!?])", p.text) if s.strip()]


def _restated(item: SummaryItem, other: meaning.Doc, sentences: list[str]) -> bool:
    """Does the other version state what the claim says appeared (or is gone), by meaning?

    By its words: stated when a sentence of the other version states the same practice with the
    value — not when the value stands there only in another role (denied, a party that asks us).
    A sentence the claim carries (a typed edit's counterpart, its ``evidence_old`` /
    ``evidence_new``) is read whole, as the claim shows it: a line break cut 「…我们仅接收您⏎使用的终端
    验证的结果，并不收集…」 in two. By its node (data only): stated when the value is a name of a
    node the other version states, not a member spelled out nor a narrower thing."""
    data = item.kind in meaning.DATA_SIGNALS
    name = item.value if data else meaning.core(item.value)
    f = meaning.fold(name)
    said = [s for s in sentences if len(f) >= 2 and (f in meaning.fold(s) or loosen(f) in loosen(meaning.fold(s)))]
    if said:
        whole = meaning.fold(item.evidence_old if item.action == "added" else item.evidence_new)
        return any(_same_practice(s if not whole or meaning.fold(s) not in whole else
                                  (item.evidence_old if item.action == "added" else item.evidence_new), name, data)
                   for s in said)
    if not data:
        return False
    members = meaning._members(name)
    named = meaning.nodes(name, tx.DATA_NODES) - set(members.values())
    return bool(named) and named <= other.data and not members and _names_the_node(name)


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=IDS)
def test_no_claim_is_stated_by_the_other_version_in_other_words(old: Path, new: Path) -> None:
    result = compare(_raw(old), _raw(new))
    trees = {"added": result.old, "removed": result.new}
    docs = {a: (meaning.Doc.of(t), _sentences(t)) for a, t in trees.items()}
    wrong = [(it.action, it.kind, it.value) for it in summary_mod.summary_items(result) + summary_mod.other_items(result)
             if it.kind in _NAMED and it.action != "changed" and _restated(it, *docs[it.action])]
    assert not wrong, wrong


def _claim(kind: str, value: str, evidence_old: str = "") -> SummaryItem:
    return SummaryItem(category="purpose_type_usage", wording="", in_policy_list=True, action="added", kind=kind,
                       value=value, surface=value, evidence_old=evidence_old)


def _other(text: str) -> tuple[meaning.Doc, list[str]]:
    tree = read_tree(RawText(text, "other.txt"))
    return meaning.Doc.of(tree), _sentences(tree)


def test_the_check_catches_a_value_restated_and_spares_one_in_another_role() -> None:
    old = _other("我们会收集您的手机号码。\n我们会将订单信息与第三方支付机构共享。\n您授权银行向我们查询您的信息。\n"
                 "我们仅接收验证结果，并不收集您的人脸信息。\n我们会读取您的相册。\n我们会收集您的位置信息。")
    payment = "我们会将订单信息与第三方支付机构共享。"
    denial = "我们仅接收验证结果，并不收集您的人脸信息。"
    # restated: in the same words, whatever counterpart the claim carries; as a name of a stated node
    assert _restated(_claim("data_type", "手机号码", payment), *old)
    assert _restated(_claim("data_type", "手机号码"), *old)
    assert _restated(_claim("data_type", "个人位置信息"), *old)
    assert _restated(_claim("recipient", "银行", payment), *_other("我们会将订单信息与银行共享。"))
    assert _restated(_claim("data_type", "人脸信息", denial), *_other(denial + "\n为登录，我们会收集您的人脸信息。"))
    mixed = "为登录，我们会收集您的人脸信息，但不会收集您的指纹。"  # a denial of something else is no denial of it
    assert _restated(_claim("data_type", "人脸信息", mixed), *_other(mixed))
    # news: a party that only asked us now receives; a denial now a collection; narrower names
    assert not _restated(_claim("recipient", "银行", payment), *old)
    assert not _restated(_claim("recipient", "银行"), *old)
    assert not _restated(_claim("data_type", "人脸信息", denial), *old)
    assert not _restated(_claim("data_type", "联系人手机号码"), *old)
    assert not _restated(_claim("data_type", "手持护照信息页照片"), *old)
    # a denial a line break cut in two is read whole when the claim carries it
    cut = _other("您需要提供您的生物识别信息（人脸信息），但请您知悉，我们仅接收您\n使用的终端验证的结果，并不收集您的生物识别信息（人脸信息）。")
    carried = "您需要提供您的生物识别信息（人脸信息），但请您知悉，我们仅接收您使用的终端验证的结果，并不收集您的生物识别信息（人脸信息）。"
    assert not _restated(_claim("data_type", "人脸信息", carried), *cut)
    assert _restated(_claim("data_type", "人脸信息"), *cut)  # without it, the first piece reads as collecting


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=IDS)
def test_brief_fits_forty_lines(old: Path, new: Path) -> None:
    result = compare(_raw(old), _raw(new))
    lines = render_terminal(result, width=100, brief=True).rstrip("\n").splitlines()
    assert len(lines) <= 40, f"--brief is {len(lines)} lines"


CONTROLS = [LOCAL / "bytedance-jianying" / "2022-08-10.txt", LOCAL / "china-railway-12306" / "2020-11-20.txt"]


@pytest.mark.parametrize("path", CONTROLS, ids=[p.parent.name for p in CONTROLS])
def test_a_version_compared_with_itself_makes_no_claim(path: Path) -> None:
    result = compare(_raw(path), RawText(path.read_text(encoding="utf-8"), "again-" + path.name))
    assert not result.verdict.material
    assert not summary_mod.summary_items(result) and not summary_mod.other_items(result)


# two captures of one version: ../shared's, else the copies in tests/data/real (same files, see SOURCES.md)
SAME_VERSION = next((d for d in (SHARED / "corpus" / "real" / "_controls_same_version",
                                 DATA / "real" / "_controls_same_version") if d.is_dir()), None)
CAPTURES = [tuple(sorted(d.glob("*.txt"))) for d in sorted(SAME_VERSION.iterdir())] if SAME_VERSION else []


def test_the_same_version_controls_are_there() -> None:
    assert len(CAPTURES) >= 2 and all(len(c) == 2 for c in CAPTURES)


@pytest.mark.parametrize("pair", CAPTURES, ids=[p[0].parent.name for p in CAPTURES] or None)
def test_two_captures_of_one_version_make_no_claim(pair: tuple[Path, Path]) -> None:
    result = compare(_raw(pair[0]), _raw(pair[1]))
    assert not result.verdict.material
    assert not summary_mod.summary_items(result)


@pytest.mark.parametrize("value", ["回传至", "如有", "技术还会帮助", "素材暂存在", "至服务端", "选择其他付款", "不满十四周岁"])
def test_fragments_are_not_names(value: str) -> None:
    assert not meaning.well_formed(value)


@pytest.mark.parametrize("value", ["终端设备制造商", "摄像头", "Android ID", "个人身份的间接画像标签", "付费课程购买记录", "客户号"])
def test_names_are_names(value: str) -> None:
    assert meaning.well_formed(value)


def _finding(signal: str, side: str, trigger: str, evidence: str, category: str = "purpose_type_usage") -> Finding:
    return Finding(category=category, change_index=0, evidence=evidence, side=side, signal=signal,  # type: ignore[arg-type]
                   explanation="", trigger=trigger)


def _doc(text: str) -> meaning.Doc:
    return meaning.Doc.of(read_tree(RawText(text, "other.txt")))


def test_variant_spelling_synonym_and_moved_content_are_no_claim() -> None:
    old = _doc("一、我们收集的信息\n我们会收集您的账号信息和相机权限。\n二、您的权利\n您可以访问您的个人信息。\n附：1.人脸识别SDK")
    assert meaning.judge_one(_finding("fact_collect", "new", "帐号信息", "我们会收集你的帐号信息。"), old) == 0
    assert meaning.judge_one(_finding("data_type", "new", "摄像头", "我们会调用你的摄像头。"), old) == 0
    assert meaning.judge_one(_finding("right", "new", "查阅", "你可以查阅你的个人信息。", "rights"), old) == 0
    assert meaning.judge_one(_finding("sdk_name", "new", "我们使用了人脸识别SDK", "我们使用了人脸识别SDK。", "recipients"), old) == 0
    # what the old version does not say is news
    assert meaning.judge_one(_finding("data_type", "new", "通讯录", "我们会读取你的通讯录。"), old) == 1.0


def test_a_member_under_a_known_generic_term_is_a_refinement_ranked_lower() -> None:
    old = _doc("我们会收集您的设备型号和唯一设备标识符。")
    conf = meaning.judge_one(_finding("data_type", "new", "IMEI", "我们会收集你的设备型号和IMEI。"), old)
    assert meaning.LOW < conf < 1.0


def test_not_a_practice_is_no_claim() -> None:
    old = _doc("我们会收集您的位置信息。")
    for trigger, sentence in [("年龄", "我们一般无法识别您的具体年龄。"),
                              ("食物", "我们会识别图片中的物体，例如：食物、风景、人群等，但不包括任何可识别到个人的信息。"),
                              ("宗教信仰", "个人敏感信息是指一旦泄露可能危害人身安全的信息，主要包括：生物识别、宗教信仰、特定身份。")]:
        assert meaning.judge_one(_finding("data_type", "new", trigger, sentence), old) == 0, trigger


def test_a_negated_practice_that_becomes_stated_is_a_claim() -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    anchor = "2.5帮助您完成支付"
    assert anchor in text
    old = text.replace(anchor, "我们并不收集您的运动步数信息。\n" + anchor, 1)
    new = text.replace(anchor, "为向您推荐健身课程，我们会收集您的运动步数信息。\n" + anchor, 1)
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    values = [it.value for it in summary_mod.summary_items(result) if it.action == "added"]
    assert any("运动步数" in v for v in values), values


REAL = DATA / "real"


def test_a_rights_sentence_with_another_menu_path_is_a_confident_claim() -> None:
    # 12306 2020 → 2022: account deletion 「“我的”——点击“用户姓名”」 → 「“我的”——…设置按钮——点击“注销”」
    folder = LOCAL / "china-railway-12306"
    result = compare(_raw(folder / "2020-11-20.txt"), _raw(folder / "2022-04-11.txt"))
    shown = [it for it in summary_mod.summary_items(result) if it.kind == "grant"]
    assert any("右上方设置" in it.surface for it in shown), [it.surface for it in shown]
    # the same sentence with the same path is a reworded copy: worth a look at most
    same = "您可以通过登录APP进行账户注销，具体路径为：点击“我的”——点击“注销”；"
    old_doc = meaning.Doc.of(read_tree(RawText(same.replace("进行", "来进行") + "\n", "o.txt")))
    assert meaning.judge_one(_finding("grant", "new", same, same), old_doc) <= meaning.LOW


@pytest.mark.parametrize(("folder", "old", "new", "value"), [
    ("cainiao", "2019-02-20.txt", "2022-06-17.txt", "相机/摄像头权限"),  # old: 「相机功能等授权」
    ("leiting-games", "2020-07-01.txt", "2021-10-08.txt", "设备麦克风权限"),
])
def test_data_joining_a_list_that_the_other_version_names_is_no_claim(folder: str, old: str, new: str, value: str) -> None:
    result = compare(_raw(REAL / folder / old), _raw(REAL / folder / new))
    values = [it.value for it in summary_mod.summary_items(result) + summary_mod.other_items(result)]
    assert value not in values
    old_text = (REAL / folder / old).read_text(encoding="utf-8")
    assert any(name in old_text for name in second_look._stated_names(value)[1:])  # 相机, 麦克风


def test_the_cases_of_the_material_change_clause_are_one_claim_outside_the_verdict() -> None:
    # uc v1 → v2 rewrites its list of 重大变更 cases (「共享、转让或公开披露」 → 「共享或公开披露」, …)
    result = compare(_raw(REAL / "uc-browser" / "v1.txt"), _raw(REAL / "uc-browser" / "v2.txt"))
    clause = {it.action: it for it in summary_mod.all_items(result) if it.kind == "update_clause"}
    assert sorted(clause) == ["added", "removed"], clause
    assert "个人信息共享或公开披露的主要对象发生变化" in clause["added"].evidence_new
    assert "个人信息共享、转让或公开披露的主要对象发生变化" in clause["removed"].evidence_old
    assert result.verdict.clause_changed
    assert not any(f.in_policy_list for f in result.verdict.findings if f.signal == "update_clause")
    # weibo 2020 → 2022 only numbers its cases 「1         我们的服务模式…」: the clause is the same
    weibo = compare(_raw(REAL / "sina-weibo" / "2020-12-14.txt"), _raw(REAL / "sina-weibo" / "2022-03-03.txt"))
    assert not weibo.verdict.clause_changed
    assert not [it for it in summary_mod.all_items(weibo) if it.kind == "update_clause"]


def test_an_sdk_named_in_a_rows_description_is_gone_only_with_its_row() -> None:
    # psbc 2020: row 「11.线上行为采集SDK」 describes itself 「通过线上运营分析sdk收集行为信息」; 2022 keeps
    # the row's SDK as 「神策线上行为采集SDK」: the description's name is no removed SDK
    removed = Finding(category="recipients", change_index=0, evidence="用途描述：通过线上运营分析sdk收集行为信息", side="old",
                      signal="sdk_name", explanation="", heading="11.线上行为采集SDK", trigger="线上运营分析sdk")
    assert meaning.judge_one(removed, _doc("（12）神策SDK。我们使用了神策线上行为采集SDK。")) == 0
    assert meaning.judge_one(removed, _doc("（12）极光推送SDK。我们使用了极光推送SDK。")) == 1.0


def test_an_sdk_now_named_by_its_vendor_is_no_new_sdk() -> None:
    old = read_tree(RawText("一、SDK\n11.线上行为采集SDK\n用途描述：收集行为信息\n", "o.txt"))
    new = read_tree(RawText("一、SDK\n（12）神策SDK。我们使用了神策线上行为采集SDK，该SDK由神策公司提供。\n", "n.txt"))
    sdk = Finding(category="recipients", change_index=0, evidence="（12）神策SDK。", side="new", signal="sdk_name",
                  explanation="", trigger="神策SDK")
    found = [sdk]
    second_look.renamed_sdks(found, old, new)
    assert found == []
    other = read_tree(RawText("一、SDK\n11.友盟统计SDK\n", "o.txt"))
    found = [sdk]
    second_look.renamed_sdks(found, other, new)
    assert found == [sdk]  # the old version has no such SDK: news


def test_data_a_sentence_only_uses_is_worded_as_a_use() -> None:
    # weibo 2022 「在合理范围内使用您自行公开的信息」: a new use of what the person published, not data collected
    weibo = REAL / "sina-weibo"
    result = compare(_raw(weibo / "2020-12-14.txt"), _raw(weibo / "2022-03-03.txt"))
    items = {(it.kind, it.value) for it in summary_mod.summary_items(result)}
    assert ("use", "使用您自行公开的信息") in items
    assert not any(v == "自行公开的信息" for _, v in items)
    # psbc 2022 「我行可能将您的金融信息用于客户体验、服务质量改进或市场调查等用途」: a use of data it had
    psbc = REAL / "psbc-postal-savings-bank"
    result = compare(_raw(psbc / "2020-11-25.txt"), _raw(psbc / "2022-06-22.txt"))
    items = {(it.kind, it.value) for it in summary_mod.summary_items(result)}
    assert ("use", "将您的金融信息用于客户体验、服务质量改进或市场调查等用途") in items
    assert not any(v == "金融信息" for _, v in items)


def test_an_item_of_another_persons_data_is_judged_and_named_as_theirs() -> None:
    # weibo 2022: 「我们会收集您的孩子的账户昵称、性别、出生年月信息」 gains 性别; the old version collects
    # the user's 性别 (from WeChat login), never the child's
    weibo = REAL / "sina-weibo"
    result = compare(_raw(weibo / "2020-12-14.txt"), _raw(weibo / "2022-03-03.txt"))
    added = [it for it in summary_mod.summary_items(result) if it.action == "added" and it.kind == "data_type"]
    assert "孩子的性别" in [it.value for it in added]
    assert "性别" not in [it.value for it in added]


def test_a_cross_reference_to_a_part_of_the_policy_is_no_new_way_to_exercise_a_right() -> None:
    # uc-browser v1 → v2: the old 「改变您授权同意的范围」 section points to “第二部分”; the new one
    # keeps the right in other words and numbers its parts otherwise
    new = _doc("五、您的权利\n您可以通过以下方式改变或者撤回您授权我们收集和处理您的个人信息的范围：删除相关信息、关闭功能。")
    gone = ("改变您授权同意的范围 每个业务功能需要一些基本的个人信息（见本隐私权政策“第二部分”）。您可以通过删除相关信息等方式撤回部分授权，"
            "也可以通过关闭功能的方式撤销部分授权。")
    assert meaning.judge_one(_finding("right_removed", "old", "改变您授权同意的范围", gone, "rights"), new) <= meaning.LOW
    # a menu path the other version does not give is still a change of how the right is exercised
    menu = gone.replace("“第二部分”", "“我的-设置-隐私”")
    assert meaning.judge_one(_finding("right_removed", "old", "改变您授权同意的范围", menu, "rights"), new) == 1.0


def test_the_short_path_of_fold_folds_as_the_long_one() -> None:
    """``folding.fold`` folds text of the unified ideographs, ASCII and the common marks without NFKC
    (each of them folds alone): on every line of the seeds and the corpus copies, and on the
    characters where NFKC or lower case are not one character at a time, it gives the long path's fold."""
    import unicodedata

    from policydiff.compare import folding

    def long_path(text: str) -> str:
        return folding._PUNCT.sub("", unicodedata.normalize("NFKC", text).lower().translate(folding._VARIANTS))

    lines = [line for path in [*sorted((DATA / "seeds").glob("*.txt")), *sorted(LOCAL.glob("*/*.txt"))]
             for line in path.read_text(encoding="utf-8").splitlines()]
    tricky = ["ΣΑΣ", "İstanbul", "e\u0301", "ｆｕｌｌ ＡＢＣ", "帐号（Android ID）", "㈱会社", "ﬁle", "①②", "\u00a0x", "Ａ_b-c"]
    assert len(lines) > 1000 and sum(bool(folding._PLAIN.fullmatch(t)) for t in lines) > len(lines) // 2
    for text in lines + tricky + [chr(c) for c in range(0x20, 0x3100)]:
        assert folding.fold(text) == long_path(text), text
