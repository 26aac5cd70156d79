"""Tests for geomap.words: tokens, runs of name words, common English words."""

from __future__ import annotations

from geomap.text import normalise, sentences
from geomap.words import is_common, is_title_case, name_runs, sentence_tokens


def _tokens(text: str):
    (sentence,) = sentences(normalise(text))
    return sentence_tokens(sentence)


def test_sentence_tokens__offsets_and_separators() -> None:
    tokens = _tokens("Shelling hit Deir ez-Zor, St. Petersburg's port.")
    assert [t.text for t in tokens][:5] == ["Shelling", "hit", "Deir", "ez", "Zor"]
    assert tokens[4].sep_before == "-"
    assert (tokens[2].start, tokens[2].end) == (13, 17)


def test_name_runs__particles_join_and_dotted_prefixes() -> None:
    tokens = _tokens("Shelling hit Deir ez-Zor and St. Petersburg, Russia.")
    runs = [" ".join(tokens[i].text for i in run) for run in name_runs(tokens)]
    assert runs == ["Shelling", "Deir ez Zor", "St Petersburg", "Russia"]


def test_is_common__headlines_lower_the_bar() -> None:
    assert is_common("Security") and not is_common("Mosul")
    assert not is_common("Artillery") and is_common("Artillery", headline=True)


def test_is_title_case() -> None:
    assert is_title_case(_tokens("Regime Artillery Shells Rebel Positions Near Aleppo"))
    assert not is_title_case(_tokens("Regime artillery shelled rebel positions near Aleppo."))
