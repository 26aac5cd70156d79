"""Tests for geomap.text: normalisation and offset-keeping sentence splitting."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.text import _SAME_LENGTH, Sentence, normalise, sentences

# Texts whose sentences must map back to their exact spans.
OFFSET_TEXTS = [
    "Lt. Gen. White spoke. Rockets hit Mosul.",
    "The U.S. Army arrived in Baghdad. It left on Monday.",
    "First line\nSecond line.\n\nThird para.",
    '  He said "go." Then he left.  ',
    "Rockets hit Mosul.   Two died!\tThree were hurt? Yes.",
    "Dr. Smith met Col. Jones in Baghdad (Iraq). He left.",
    "in Taramiyah, 50 kilometers (31 miles) north of Baghdad",
    "It ended. 50 people died.\n",
    "\n\n  Mosul.\n  Kirkuk.\n",
    "No full stop at the end",
]


def _spans(text: str) -> list[tuple[str, int]]:
    return [(s.text, s.paragraph) for s in sentences(text)]


# -- normalise ----------------------------------------------------------------


def test_normalise__curly_quotes_and_nbsp() -> None:
    text = "in \u201cMosul\u201d\u00a0area, \u2018Kirkuk\u2019s\u2019 outskirts"
    out = normalise(text)
    assert out == "in \"Mosul\" area, 'Kirkuk's' outskirts"
    assert len(out) == len(text)


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\u00a0", " "),  # no-break space
        ("\u2009", " "),  # thin space
        ("\u202f", " "),  # narrow no-break space
        ("\u2007", " "),  # figure space
        ("\t", " "),
        ("\r", "\n"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u201e", '"'),
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u00b4", "'"),
        ("\u2013", "-"),  # en dash
        ("\u2010", "-"),
        ("\u2011", "-"),
        ("\u2012", "-"),
    ],
)
def test_normalise__same_length_replacements(char: str, expected: str) -> None:
    text = f"Mosul{char}Kirkuk"
    out = normalise(text)
    assert out == f"Mosul{expected}Kirkuk"
    assert len(out) == len(text)


def test_normalise__replacements_are_never_replaced_again() -> None:
    """One replace after another gives what one translate would."""
    assert not set(_SAME_LENGTH) & set(_SAME_LENGTH.values())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_SAME_LENGTH, "a", " ", "\n", "'", "-", "\u00e9"])))
def test_normalise__as_one_translate(text: str) -> None:
    assert normalise(text) == text.translate(str.maketrans(_SAME_LENGTH))


def test_normalise__nfc_composition() -> None:
    decomposed = unicodedata.normalize("NFD", "Aţ Ţārmīyah")
    assert len(decomposed) == 15
    out = normalise(decomposed)
    assert out == "Aţ Ţārmīyah"
    assert len(out) == 11
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\ufeff", "\u200b"]
)
def test_normalise__control_characters_removed(char: str) -> None:
    assert normalise(f"Mo{char}sul") == "Mosul"


def test_normalise__keeps_newlines_and_plain_text() -> None:
    text = "Rockets hit Mosul.\nTwo died."
    assert normalise(text) == text


def test_normalise__idempotent() -> None:
    once = normalise("\ufeffin \u201cMosul\u201d\u00a0area\r\n")
    assert normalise(once) == once


def test_normalise__empty() -> None:
    assert normalise("") == ""


# -- sentences ----------------------------------------------------------------


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_sentences__offsets_are_exact(text: str) -> None:
    found = sentences(text)
    assert found
    for i, s in enumerate(found):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    starts = [s.start for s in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_sentences__two_sentences_known_spans() -> None:
    assert sentences("Lt. Gen. White spoke. Rockets hit Mosul.") == [
        Sentence(0, 0, 21, "Lt. Gen. White spoke.", 0),
        Sentence(1, 22, 40, "Rockets hit Mosul.", 0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Lt. Gen. White spoke in Baghdad.",
        "The U.S. Army entered Mosul.",
        "U.S. forces entered Mosul.",
        "Col. Smith and Maj. Jones met Dr. Ali.",
        "Forces of the U.N. arrived in Kirkuk.",
        "Mt. Sinjar was shelled on Jan. 5.",
        "J. Smith left Ramadi.",
        # a dateline's state abbreviation before the agency's credit
        "ALBUQUERQUE, N.M. (AP) - Two senators spoke.",
        "WAUSAU, Wis. (WSAW) -- It took hundreds of reports.",
    ],
)
def test_sentences__abbreviations_do_not_split(text: str) -> None:
    assert [s.text for s in sentences(text)] == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rockets hit Mosul. Two died.", ["Rockets hit Mosul.", "Two died."]),
        ("Was it Mosul? Yes! It was.", ["Was it Mosul?", "Yes!", "It was."]),
        ('He said "go." Then he left.', ['He said "go."', "Then he left."]),
        ("It ended. 50 people died.", ["It ended.", "50 people died."]),
        ("Mosul fell. (Later) it was retaken.", ["Mosul fell.", "(Later) it was retaken."]),
        ("Costs 3.5 million. Then more.", ["Costs 3.5 million.", "Then more."]),
        ("near Mosul. then Kirkuk.", ["near Mosul. then Kirkuk."]),  # lower case: no split
    ],
)
def test_sentences__splits_at_sentence_ends(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_sentences__newlines_split_and_count_paragraphs() -> None:
    text = "First line\nSecond line.\n\nThird para. Same para.\nLast"
    assert _spans(text) == [
        ("First line", 0),
        ("Second line.", 1),
        ("Third para.", 2),
        ("Same para.", 2),
        ("Last", 3),
    ]


def test_sentences__newline_splits_even_after_abbreviation() -> None:
    assert _spans("Attack by the U.S.\nMosul was hit") == [
        ("Attack by the U.S.", 0),
        ("Mosul was hit", 1),
    ]


def test_sentences__newline_splits_before_lower_case() -> None:
    assert _spans("rockets hit mosul\ntwo died") == [("rockets hit mosul", 0), ("two died", 1)]


def test_sentences__normalised_crlf_counts_one_break() -> None:
    text = normalise("Mosul was hit.\r\nKirkuk was quiet.")
    found = sentences(text)
    assert [(s.text, s.start, s.end, s.paragraph) for s in found] == [
        ("Mosul was hit.", 0, 14, 0),
        ("Kirkuk was quiet.", 16, 33, 1),
    ]


def test_sentences__leading_and_trailing_whitespace_trimmed() -> None:
    text = "  \n Mosul was hit.  \n\n"
    [only] = sentences(text)
    assert (only.start, only.end, only.text) == (4, 18, "Mosul was hit.")
    assert text[only.start : only.end] == only.text


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t \n "])
def test_sentences__empty_or_blank_gives_no_sentences(text: str) -> None:
    assert sentences(text) == []


def test_sentences__no_terminal_punctuation_is_one_sentence() -> None:
    assert sentences("Rockets hit Mosul") == [Sentence(0, 0, 17, "Rockets hit Mosul", 0)]


def _ends_with_abbreviation_whole(chunk: str) -> bool:
    """The test as first written: the regex over the whole chunk."""
    from geomap.text import _ABBREVIATIONS

    match = re.search(r"(\S+)\.$", chunk.rstrip("\"')] "))
    if not match:
        return False
    word = match.group(1).casefold().lstrip("(\"'")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Gen", "Lt", "a", "b", "word", "'", "(", '"', ".", " ", "\n", "\u00a0",
                         "x" * 30, "'" * 25]),
        max_size=14,
    ).map("".join)
)  # fmt: skip
def test_ends_with_abbreviation__as_over_the_whole_chunk(chunk: str) -> None:
    from geomap.text import _ends_with_abbreviation

    assert _ends_with_abbreviation(chunk) == _ends_with_abbreviation_whole(chunk)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([".", "!", "?", "\n", " ", "\t", '"', "'", ")", "]", "a", "B", "..."]),
        max_size=16,
    ).map("".join)
)
def test_boundary__same_matches_as_the_plain_pattern(text: str) -> None:
    from geomap.text import _BOUNDARY

    plain = re.compile(r"[.!?]+[\"')\]]*\s+|\n+")
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)]
