"""How phrases are matched in every script: folding, boundaries, offsets."""

from __future__ import annotations

import pytest

from policies import lexicon
from policies.lexicon import LexiconError, compile_patterns, fold


def _found(patterns: list[str], language: str, text: str) -> str | None:
    """The original words a pattern list matches in a text (as findings quote them)."""
    regex = compile_patterns(patterns, "test", language)
    folded = fold(text)
    match = regex.search(folded.text)
    if match is None:
        return None
    start, end = folded.span(*match.span())
    return text[start:end]


def test_japanese_matches_inside_a_run_of_text() -> None:
    assert _found(["発送"], "ja", "ご注文の商品を本日発送いたしました。") == "発送"


def test_other_languages_match_whole_words_only() -> None:
    assert _found(["rate"], "en", "We ship separately.") is None
    assert _found(["rate"], "en", "Please rate us.") == "rate"


def test_arabic_is_matched_without_diacritics_tatweel_or_alef_forms() -> None:
    text = "نرجو منكم وَالتَّقْيِيـــم"
    assert _found(["تقييم"], "ar", text) == "وَالتَّقْيِيـــم"
    assert _found(["اعاده"], "ar", "طلب إعادة المبلغ") == "إعادة"


def test_fullwidth_text_is_folded_and_quoted_as_written() -> None:
    assert _found([r"code \d+"], "en", "Ｃｏｄｅ　１２３") == "Ｃｏｄｅ　１２３"


def test_turkish_dotted_capital_i_matches_lowercase_i() -> None:
    assert _found(["iptal"], "tr", "Lütfen İPTAL edin") == "İPTAL"


def test_folding_keeps_offsets_for_decomposed_accents() -> None:
    text = "Cafe\u0301 cre\u0300me"
    folded = fold(text)
    assert folded.text == "Café crème"
    assert text[slice(*folded.span(5, 10))] == "cre\u0300me"


def test_a_bad_pattern_names_its_place() -> None:
    with pytest.raises(LexiconError, match=r"lexicons/xx/acts.toml \[thanks\]: bad pattern"):
        compile_patterns(["(unclosed"], "lexicons/xx/acts.toml [thanks]", "xx")


def test_every_language_folder_compiles() -> None:
    for family in ("acts", "purpose", "review", "promotional", "order_handling",
                   "sensitive_content"):
        assert lexicon.family(family)
