"""Tests for geomap.gates: word-prefix stems read off regex patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.gates import STEM_LENGTH, GateIndex, led, stems, word_prefixes


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:rockets?|mortars?)\b", {"rock", "mort"}),
        (r"\bIEDs?\b", {"ied$", "ieds"}),
        (r"(?<!stun\s)\b(?:hand\s+)?grenades?\b", {"hand", "gren"}),
        (r"\bneutrali[sz]e\b", {"neut"}),
        (r"\bsit-ins?\b", {"sit$"}),
        (r"\b(?:an?|the)\s+offensive\b", {"a$", "an$", "the$"}),
        (r"\bfire[\s-]?fights?\b", {"fire"}),
    ],
)
def test_stems__literal_word_beginnings(pattern: str, expected: set[str]) -> None:
    assert stems(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"protests?",  # no word boundary: may match inside a word
        r"\b\w+ed\b",  # starts with any word character
        r"\b\d+\s+km\b",
        r"\b(?:a|\w+)\s+attack",
        r"\b[a-z]+\b",
        r"\bx",  # one letter is no gate
    ],
)
def test_stems__no_gate_when_the_start_is_open(pattern: str) -> None:
    assert stems(re.compile(pattern)) is None


def test_word_prefixes__short_words_whole_and_beginnings() -> None:
    assert word_prefixes("An IED") == {"an", "an$", "ie", "ied", "ied$"}
    assert all(len(p.rstrip("$")) <= STEM_LENGTH for p in word_prefixes("Bombardments continued"))


_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:rockets?|mortars?|shell(?:ed|ing|s))\b",
        r"\b(?:an?|the)\s+(?:offensive|raid)\b",
        r"\bsit-ins?\b",
        r"\b(?:war)?planes?\W+(?:\w+\W+){0,2}(?:bombed|hit)\b",
        r"(?<!stun\s)\b(?:hand\s+)?grenades?\b",
        r"\b(?:IEDs?|VBIEDs?|car[\s-]?bombs?)\b",
    )
]
_WORDS = ["rocket", "Rockets", "shelled", "a", "an", "the", "offensive", "raid", "sit-in",
          "warplanes", "planes", "bombed", "hit", "stun", "hand", "grenade", "IED", "VBIEDs",
          "car-bomb", "carbomb", "the", "of", "x", "-", ",", "\u017ftun"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=10), st.sampled_from([" ", "  ", "-", ", "]))
def test_gate__a_gated_out_pattern_never_matches(words: list[str], sep: str) -> None:
    sentence = sep.join(words)
    prefixes = word_prefixes(sentence)
    for pattern in _PATTERNS:
        gate = stems(pattern)
        assert gate is not None
        if gate.isdisjoint(prefixes):
            assert pattern.search(sentence) is None, (pattern.pattern, sentence)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_WORDS, "\u212aills", "kills", "\u0130EDs", "Sit-in"]), max_size=10)
)
def test_led__finds_what_the_pattern_alone_finds(words: list[str]) -> None:
    sentence = " ".join(words)
    for pattern in [*_PATTERNS, re.compile(r"\b(?:kills?|ieds?)\b", re.IGNORECASE)]:
        fast = led(pattern)
        assert fast is not pattern
        expected = [(m.span(), m.groups()) for m in pattern.finditer(sentence)]
        assert [(m.span(), m.groups()) for m in fast.finditer(sentence)] == expected


def test_led__no_gate_no_lookahead() -> None:
    for text in (r"protests?", r"\b\d+\s+km\b", r"(?i)\bkill"):
        pattern = re.compile(text)
        assert led(pattern) is pattern or led(pattern).pattern == text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_WORDS, "\u0130EDs", "Sit-in", "I", "\u00dfo"]), max_size=10),
    st.sampled_from([" ", "  ", "-", ", "]),
)
def test_gate_index__open_in_and_open_from_agree_with_the_word_prefixes(
    words: list[str], sep: str
) -> None:
    index_gates = [stems(pattern) for pattern in _PATTERNS] + [None, frozenset({"a"})]
    index = GateIndex(index_gates)
    text = sep.join(words)
    assert index.open_in(text) == index.open_for(word_prefixes(text))
    folded = text.casefold()
    for position, offset in index.open_from(text):
        assert position in index.open_in(text)
        gate = index_gates[position]
        if gate is not None:  # no earlier than 0, no later than the first opening word
            opening = [
                m.start()
                for m in re.finditer(r"\w+", folded)
                if not gate.isdisjoint(word_prefixes(m.group()))
            ]
            assert 0 <= offset <= opening[0]
    assert [p for p, _ in index.open_from(text)] == index.open_in(text)
