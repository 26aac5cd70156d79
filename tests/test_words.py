"""Tests for geomap.words: tokens, runs of name words, common English words."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.text import Sentence, normalise, sentences
from geomap.words import (
    _DOTTED_PREFIXES,
    PARTICLES,
    is_common,
    is_title_case,
    name_runs,
    sentence_tokens,
)


def _tokens(text: str):
    (sentence,) = sentences(normalise(text))
    return sentence_tokens(sentence)


def test_sentence_tokens__offsets_and_separators() -> None:
    tokens = _tokens("Shelling hit Deir ez-Zor, St. Petersburg's port.")
    assert tokens.text[:5] == ["Shelling", "hit", "Deir", "ez", "Zor"]
    assert tokens.sep_before[4] == "-"
    assert (tokens.start[2], tokens.end[2]) == (13, 17)


def test_name_runs__particles_join_and_dotted_prefixes() -> None:
    tokens = _tokens("Shelling hit Deir ez-Zor and St. Petersburg, Russia.")
    runs = [" ".join(tokens.text[i] for i in run) for run in name_runs(tokens)]
    assert runs == ["Shelling", "Deir ez Zor", "St Petersburg", "Russia"]


def test_is_common__headlines_lower_the_bar() -> None:
    assert is_common("Security") and not is_common("Mosul")
    assert not is_common("Artillery") and is_common("Artillery", headline=True)


def test_is_title_case() -> None:
    assert is_title_case(_tokens("Regime Artillery Shells Rebel Positions Near Aleppo"))
    assert not is_title_case(_tokens("Regime artillery shelled rebel positions near Aleppo."))


def _tokens_by_finditer(sentence: Sentence) -> list[tuple[str, int, int, str]]:
    """The tokens as the first implementation read them, one match at a time."""
    out, prev_end = [], 0
    for match in re.finditer(r"[^\W\d_]+(?:'[^\W\d_]+)*", sentence.text):
        start, end = match.span()
        base = sentence.start
        out.append((match.group(), base + start, base + end, sentence.text[prev_end:start]))
        prev_end = end
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Ç'’-_.9 \n\u0301İ"), max_size=40), st.integers(0, 50))
def test_sentence_tokens__as_one_match_at_a_time(text: str, start: int) -> None:
    sentence = Sentence(0, start, start + len(text), text, 0)
    tokens = sentence_tokens(sentence)
    columns = (tokens.text, tokens.start, tokens.end, tokens.sep_before)
    assert list(zip(*columns, strict=True)) == _tokens_by_finditer(sentence)
    assert len(tokens) == len(tokens.text)


def _name_runs_word_by_word(tokens) -> list[list[int]]:
    """name_runs as first written: every word visited, runs trimmed of particles."""
    runs, current = [], []
    for i, word in enumerate(tokens.text):
        sep = tokens.sep_before[i]
        joined = bool(current) and (
            sep in (" ", "-", " - ") or (sep == ". " and tokens.text[i - 1] in _DOTTED_PREFIXES)
        )
        if word[0].isupper() or (joined and word in PARTICLES):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(i)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    trimmed = []
    for run in runs:
        while run and tokens.text[run[-1]] in PARTICLES:
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Deir", "ez", "Zor", "of", "al", "St", "Mt", "hit", "Mosul", "the"]),
            st.sampled_from([" ", "-", " - ", ". ", ", ", "  "]),
        ),
        max_size=12,
    )
)
def test_name_runs__as_word_by_word(words: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in words)
    tokens = sentence_tokens(Sentence(0, 0, len(text), text, 0))
    assert name_runs(tokens) == _name_runs_word_by_word(tokens)
