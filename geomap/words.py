"""The words of a sentence: tokens with their offsets, runs of name words, and
how common an English word is.

Recognition reads capitalised runs ("Deir ez-Zor", "St. Petersburg"); the
people rules read the same tokens. Both need to know when a capitalised word
is only an English word: wordfreq's Zipf scale says so.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from geomap.text import Sentence
from geomap.zipf import zipf

__all__ = [
    "CALENDAR_WORDS",
    "PARTICLES",
    "Token",
    "is_common",
    "is_title_case",
    "name_runs",
    "sentence_tokens",
]

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*", re.UNICODE)
# Lower-case words that may stand inside a place name, never at its edges.
PARTICLES = frozenset(
    (
        "al el ad adh ash at ath ar as az an ez es ed er en ul ud ur us ut uz de del della "
        "dei di da do dos das du des la le les los las of on upon sur am im der den van von "
        "bin ibn abu y e"
    ).split()
)
# Abbreviated first words that a dot and a space join to the rest of a name
# ("St. Petersburg", "Mt. Pleasant", "Ft. Worth").
CALENDAR_WORDS = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december"
    ).split()
)
"""Names of weekdays and months, casefolded: capitalised words that name no place or person."""
_DOTTED_PREFIXES = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})
_COMMON_ZIPF = 4.0  # wordfreq Zipf value from which a word counts as common English
_HEADLINE_ZIPF = 3.0  # ... and, in a title-case headline, from which it is an English word


class Token(NamedTuple):
    """One word of a sentence (a NamedTuple: a sentence has dozens, made fast)."""

    text: str
    start: int
    end: int
    sep_before: str  # characters between the previous token and this one


def is_common(word: str, headline: bool = False) -> bool:
    """A common English word; in a headline written in title case, any English word.

    "Regime Artillery Shells Village": capitals there say nothing, so a word
    like "Artillery" (Zipf 3.3) must not be read as the hamlet of that name.
    """
    return zipf(word) >= (_HEADLINE_ZIPF if headline else _COMMON_ZIPF)


def is_title_case(tokens: list[Token]) -> bool:
    """A headline in title case: most longer words capitalised, not only names."""
    longer = [t.text for t in tokens if len(t.text) >= 4]
    if len(longer) < 4:
        return False
    capitalised = sum(1 for word in longer if word[0].isupper())
    return capitalised >= 0.7 * len(longer)


_new_tuple = tuple.__new__  # Token(...) would add a Python call per token
# _TOKEN as a group: split() then gives separator, word, separator, ..., separator.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)


def sentence_tokens(sentence: Sentence) -> list[Token]:
    """The sentence's words with their document offsets and the text before each.

    One ``split`` call yields words and separators alike: no match object per
    word, and the offsets are running sums of their lengths.
    """
    parts = _TOKEN_SPLIT.split(sentence.text)
    out = []
    start = sentence.start + len(parts[0])
    for k in range(1, len(parts), 2):
        word = parts[k]
        end = start + len(word)
        out.append(_new_tuple(Token, (word, start, end, parts[k - 1])))
        start = end + len(parts[k + 1])
    return out


def name_runs(tokens: list[Token]) -> list[list[int]]:
    """Indices of maximal runs of name words joined by spaces or hyphens.

    Only capitalised words and particles can be in a run, so only they are
    visited; any other word between two of them ends the run.
    """
    runs: list[list[int]] = []
    current: list[int] = []
    for i in [i for i, tok in enumerate(tokens) if tok.text[0].isupper() or tok.text in PARTICLES]:
        tok = tokens[i]
        joined = (
            bool(current)
            and current[-1] == i - 1
            and (
                tok.sep_before in (" ", "-", " - ")
                or (tok.sep_before == ". " and tokens[i - 1].text in _DOTTED_PREFIXES)
            )
        )
        if tok.text[0].isupper() or joined:
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
    # Particles may not end a run.
    trimmed = []
    for run in runs:
        while run and tokens[run[-1]].text in PARTICLES:
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed
