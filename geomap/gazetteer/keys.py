"""Name keys: the normal forms under which names are stored and looked up.

Three keys, from strict to loose:

* ``fold`` — case, diacritics, apostrophes, ayn/hamza marks, possessive
  ``'s``, hyphens and punctuation removed ("Ba'qubah" -> "baqubah",
  "Baghdad's" -> "baghdad", "Aţ Ţārmīyah" -> "at tarmiyah").
* ``article_free`` — the folded key without Arabic articles (al-, el-, and the
  sun-letter forms ad-, ash-, at-, ar-, as-, az-, an- ...) at the start of a
  word group ("al fallujah" -> "fallujah", "salah ad din" -> "salah din").
* ``skeleton`` — a transliteration skeleton: consonants only after the first
  letter, doubled letters collapsed, and the spelling alternations of
  romanised Arabic, Persian and Kurdish names merged (q/k, ou/u, dh/z, gh/g,
  ph/f, th/t, ck/k, c/k, j/dj, w and y as vowels, h after the first letter),
  so that "Taramiyah" and "Tarmiyah", "Mawsil" and "Mosul", "Tal Afar" and
  "Telafar" share a key. It is deliberately coarse: fuzzy scoring ranks
  what it brings back.

These are general rules over letters; no name is listed here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "article_free",
    "fold",
    "fold_uncached",
    "is_latin",
    "skeleton",
    "skeleton_uncached",
]

# Letters that NFKD does not decompose into a base letter plus marks.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ʼ": "",
        "ʻ": "",
        "ʿ": "",
        "ʾ": "",
        "ʽ": "",
        "`": "",
        "´": "",
        "‘": "",
        "’": "",
        "'": "",
        "ʹ": "",
        "′": "",
    }
)
_SPECIAL_ASCII = {char: to for char, to in _SPECIAL.items() if char < 128}  # ' and `
# "Baghdad's" but not "Ra's" (Arabic "cape"): a possessive needs a word of 3+ letters.
_POSSESSIVE = re.compile(r"(?<=\w\w\w)['’]s\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

# Arabic definite article in its romanised forms, including sun-letter
# assimilation (at-Tarmiyah, ash-Sham, ad-Dawr, az-Zubayr, an-Najaf ...).
_ARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "il",
        "ad",
        "adh",
        "ar",
        "as",
        "ash",
        "at",
        "ath",
        "az",
        "an",
        "ed",
        "er",
        "es",
        "esh",
        "et",
        "ez",
        "en",
        "ud",
        "ur",
        "us",
        "ut",
        "uz",
        "un",
    }
)

_SKELETON_MAP = {
    "ou": "u",
    "ck": "k",
    "dh": "z",
    "dj": "j",
    "gh": "g",
    "kh": "k",
    "ph": "f",
    "th": "t",
    "sh": "s",
    "ch": "s",
    "q": "k",
    "c": "k",
    "x": "ks",
}
_SKELETON_RULE = re.compile("|".join(sorted(_SKELETON_MAP, key=len, reverse=True)))
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_VOWELS = frozenset("aeiouwyh")


def fold_uncached(name: str) -> str:
    """Return the case-, accent- and punctuation-free form of ``name``.

    >>> fold("Aţ Ţārmīyah")
    'at tarmiyah'
    >>> fold("Baghdad's International Airport")
    'baghdad international airport'
    >>> fold("Tall 'Afar")
    'tall afar'
    """
    if name.isascii():  # most names: no marks to strip, and lower() is casefold()
        return _fold_ascii(name)
    text = _POSSESSIVE.sub("", name).translate(_SPECIAL)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_SPECIAL)
    text = text.casefold()
    return _NON_WORD.sub(" ", text).strip()


def _fold_ascii(name: str) -> str:
    """:func:`fold_uncached` of an ASCII ``name``.

    Translating a string costs more than looking for the two characters
    translated (rare in names), and letters and spaces alone (most names)
    need no regular expression to tidy.
    """
    if "'" in name or "`" in name:
        name = _POSSESSIVE.sub("", name).translate(_SPECIAL_ASCII)
    text = name.lower()
    if text.replace(" ", "").isalpha():  # letters and spaces: collapse the spaces
        return " ".join(text.split())
    return _NON_WORD.sub(" ", text).strip()


fold = lru_cache(maxsize=100_000)(fold_uncached)
fold.__doc__ = fold_uncached.__doc__


def article_free(folded: str) -> str:
    """Drop Arabic articles standing as their own word before a name.

    >>> article_free("al fallujah")
    'fallujah'
    >>> article_free("deir ez zor")
    'deir zor'
    """
    if " " not in folded:
        return folded  # one word: nothing to drop (most names)
    words = folded.split()
    if _ARTICLES.isdisjoint(words):
        return " ".join(words)  # no article at all: most names of several words
    kept = [
        word
        for i, word in enumerate(words)
        if not (word in _ARTICLES and i + 1 < len(words) and len(words[i + 1]) >= 2)
    ]
    return " ".join(kept) if kept else folded


def skeleton_uncached(folded: str) -> str:
    """Return the transliteration skeleton of an already folded name.

    Returns "" for names with letters outside a-z after folding (other
    scripts), which get no skeleton.

    >>> skeleton(fold("Taramiyah")) == skeleton(fold("Aţ Ţārmīyah"))
    True
    >>> skeleton(fold("Deir ez-Zor")) == skeleton(fold("Dayr az Zawr"))
    True
    """
    joined = article_free(folded).replace(" ", "")
    if not joined or not joined.isascii() or not joined.isalpha():
        return ""
    joined = _SKELETON_RULE.sub(_skeleton_letters, joined)
    last = out = joined[0]
    for ch in joined[1:]:
        if ch != last and ch not in _VOWELS:
            out += ch
            last = ch
    return out


def _skeleton_letters(match: re.Match[str]) -> str:
    """What a spelling :data:`_SKELETON_RULE` matched stands for in a skeleton."""
    return _SKELETON_MAP[match.group()]


skeleton = lru_cache(maxsize=100_000)(skeleton_uncached)
skeleton.__doc__ = skeleton_uncached.__doc__


def is_latin(name: str) -> bool:
    """True when ``name`` folds to ASCII letters, digits and spaces only."""
    folded = fold(name)
    return bool(folded) and folded.isascii()
