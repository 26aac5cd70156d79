"""How common an English word is, on wordfreq's Zipf scale, from Zipf 3 up.

Every threshold geomap applies to a word's frequency is at or above
:data:`FLOOR` (Zipf 3, once per million words). wordfreq's own
``zipf_frequency`` loads its whole English list (321,000 words, about 0.1 s,
paid by the first document parsed) and tokenises each query; the 29,000
words at or above the floor open that list, which is stored most frequent
first, so reading only them takes about 10 ms, and a plain word is then one
dictionary lookup. Values agree with ``zipf_frequency`` from the floor up
(``tests/test_zipf.py`` checks every listed word).
"""

from __future__ import annotations

import gzip
import math
import re
from functools import lru_cache

import msgpack
from wordfreq import available_languages, cB_to_freq, lossy_tokenize, zipf_frequency

__all__ = ["FLOOR", "zipf"]

FLOOR = 3.0
"""Zipf values from here up are exact; below it :func:`zipf` says only "below"."""

# What wordfreq's English tokenizer keeps as one token, unchanged: ASCII
# letters, with apostrophes inside ("china's", "o'brien").
_PLAIN = re.compile(r"[a-z]+(?:'[a-z]+)*")


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in English, casefolded, if at least
    :data:`FLOOR`; for a rarer word some value below :data:`FLOOR` (0.0).

    >>> zipf("Security") >= 4.0 > zipf("Mosul")
    True
    """
    return _zipf(word.casefold())


@lru_cache(maxsize=100_000)
def _zipf(folded: str) -> float:
    if not _PLAIN.fullmatch(folded) and lossy_tokenize(folded, "en") != [folded]:
        return zipf_frequency(folded, "en")  # several tokens, or respelled: wordfreq's rules
    return _common_words().get(folded, 0.0)


def _bucket_zipf(index: int) -> float:
    """The Zipf value wordfreq gives a one-token word of list bucket ``index``
    (its frequency, rounded to three significant digits, on the Zipf scale)."""
    freq = 1.0 / (1.0 / cB_to_freq(-index))
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=1)
def _common_words() -> dict[str, float]:
    """Every word of wordfreq's English list at or above :data:`FLOOR`, with its value.

    The list is a gzipped msgpack array: a header, then one bucket of words per
    centibel of frequency, most frequent first; reading stops at the floor.
    """
    words: dict[str, float] = {}
    with gzip.open(available_languages("best")["en"], "rb") as packed:
        unpacker = msgpack.Unpacker(packed, raw=False, read_size=32_768)
        size = unpacker.read_array_header()
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB":
            raise ValueError(f"unexpected wordfreq list header {header!r}")
        for index in range(size - 1):
            bucket = unpacker.unpack()
            if not bucket:
                continue
            value = _bucket_zipf(index)
            if value < FLOOR:
                break
            words.update(dict.fromkeys(bucket, value))
    return words
