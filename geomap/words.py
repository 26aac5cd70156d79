"""The words of a sentence: tokens with their offsets, runs of name words, and
how common an English word is.

Recognition reads capitalised runs ("Deir ez-Zor", "St. Petersburg"); the
people rules read the same tokens. Both need to know when a capitalised word
is only an English word: wordfreq's Zipf scale says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from geomap.text import Sentence
from geomap.zipf import zipf

__all__ = [
    "CALENDAR_WORDS",
    "PARTICLES",
    "Tokens",
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
CALENDAR_WORDS = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december"
    ).split()
)
"""Names of weekdays and months, casefolded: capitalised words that name no place or person."""
# Abbreviated first words that a dot and a space join to the rest of a name
# ("St. Petersburg", "Mt. Pleasant", "Ft. Worth").
_DOTTED_PREFIXES = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})
_COMMON_ZIPF = 4.0  # wordfreq Zipf value from which a word counts as common English
_HEADLINE_ZIPF = 3.0  # ... and, in a title-case headline, from which it is an English word


@dataclass(slots=True)
class Tokens:
    """The words of a sentence, as columns: word ``k`` is ``text[k]``, at
    ``start[k]:end[k]`` in the document, after ``sep_before[k]`` (the characters
    since the previous word). Columns, not an object per word: C builds them
    (a sentence has dozens of words, a document hundreds)."""

    text: list[str]
    start: list[int]
    end: list[int]
    sep_before: list[str]

    def __len__(self) -> int:
        return len(self.text)


def is_common(word: str, headline: bool = False) -> bool:
    """A common English word; in a headline written in title case, any English word.

    "Regime Artillery Shells Village": capitals there say nothing, so a word
    like "Artillery" (Zipf 3.3) must not be read as the hamlet of that name.
    """
    return zipf(word) >= (_HEADLINE_ZIPF if headline else _COMMON_ZIPF)


def is_title_case(tokens: Tokens) -> bool:
    """A headline in title case: most longer words capitalised, not only names."""
    longer = [word for word in tokens.text if len(word) >= 4]
    if len(longer) < 4:
        return False
    capitalised = sum(1 for word in longer if word[0].isupper())
    return capitalised >= 0.7 * len(longer)


# _TOKEN as a group: split() then gives separator, word, separator, ..., separator.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)


def sentence_tokens(sentence: Sentence) -> Tokens:
    """The sentence's words with their document offsets and the text before each.

    One ``split`` call yields words and separators alike, and the offsets
    are running sums of their lengths: no match object and no Python step
    per word.
    """
    parts = _TOKEN_SPLIT.split(sentence.text)  # separator, word, ..., word, separator
    offsets = list(accumulate(map(len, parts), initial=sentence.start))
    return Tokens(parts[1::2], offsets[1:-1:2], offsets[2::2], parts[:-1:2])


def name_runs(tokens: Tokens) -> list[list[int]]:
    """Indices of maximal runs of name words joined by spaces or hyphens.

    Only capitalised words and particles can be in a run, so only they are
    visited; any other word between two of them ends the run.
    """
    words, seps = tokens.text, tokens.sep_before
    runs: list[list[int]] = []
    current: list[int] = []
    for i in [i for i, word in enumerate(words) if word[0].isupper() or word in PARTICLES]:
        joined = (
            bool(current)
            and current[-1] == i - 1
            and (
                seps[i] in (" ", "-", " - ")
                or (seps[i] == ". " and words[i - 1] in _DOTTED_PREFIXES)
            )
        )
        if words[i][0].isupper() or joined:
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
        while run and words[run[-1]] in PARTICLES:
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed
