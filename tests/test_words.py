"""Tests for geomap.words: tokens, runs of name words, common English words."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.text import Sentence, normalise, sentences
from geomap.words import is_common, is_title_case, name_runs, sentence_tokens


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
