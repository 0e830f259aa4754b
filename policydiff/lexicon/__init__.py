"""Every Chinese word and pattern policydiff uses, by topic, each block with where it comes from.

============== =====================================================================
module          what it holds
============== =====================================================================
``layout``      sentence ends, page numbers, web addresses, bullets (text.normalize)
``headings``    numbering styles and numerals (compare.parse)
``dates``       date labels and date forms (text.dates)
``categories``  the standard 重大变更 six, the clause forms, section types
``entities``    data types, purposes, recipients, companies (compare.mentions)
``rights``      rights, ways to exercise them, time limits, fees
``contact``     e-mail, phone, address, responsible roles, courts, assessments
``notices``     update-notice forms (compare.notice)
``botwalls``    captcha, login and policy words (archive refusal of non-policies)
``labels``      people-facing words: category names, date names, verdict words
============== =====================================================================

Adding a word, a 重大变更 item or a recipient category is a one-line change in one of these.
Code never spells Chinese itself; it imports from here.
"""

from __future__ import annotations


def lexicon_words() -> set[str]:
    """Every entity word, added to the tokenizer so that entities stay one token."""
    # imported here: every module that reads one table (text.limits: layout) imports this package,
    # and these three compile ~70 patterns a check where nothing changed never uses
    from policydiff.lexicon import contact, entities, rights

    words: set[str] = set()
    for lexicon in (entities.DATA_TYPES, entities.PURPOSES, entities.RECIPIENTS, entities.SAFEGUARDS,
                    rights.RIGHTS, contact.CONTACT_ROLES):
        for group in lexicon.values():
            words.update(group)
    for group in (entities.CROSS_BORDER_WORDS, contact.HIGH_RISK_WORDS, contact.ASSESSMENT_WORDS):
        words.update(group)
    return {w for w in words if len(w) >= 2}
