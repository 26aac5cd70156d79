"""Word-prefix gates: skip a regular expression that cannot match a sentence.

The event, date and hint lexicons are dozens of regular expressions, each
tried on every sentence, and most of them match nothing: a search that
fails still walks the whole sentence. A gate is a necessary condition read
off the pattern itself. A pattern that starts at a word boundary with one of
a few literal words ("\\b(?:rockets?|mortars?|shell...)") can only match a
sentence holding a word that begins with one of those words' first letters
("rock", "mort", "shel"...). The sentence's word prefixes are one set,
computed once; each gate is then a set intersection instead of a regex
search.

The stems come from the compiled pattern's parse tree (``re._parser``), so
they cannot drift from the pattern. Anything the reader does not follow (a
pattern that does not start at a word boundary, a leading ``\\w``, a class
of many characters) gives no gate, and the pattern is simply always tried:
a gate can only ever skip a search that would have failed.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable
from itertools import compress

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is deprecated)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

__all__ = ["STEM_LENGTH", "GateIndex", "led", "stems", "word_prefixes"]

STEM_LENGTH = 4
"""Stems are at most this long: long enough to be selective, short enough to stay few."""

_MIN_STEM = 2  # a gate on one letter would skip almost nothing
_WHOLE = "$"  # marks a stem that is a whole short word ("a$", "the$"), not a beginning
_MAX_STEMS = 256  # past this the pattern is too open to be worth gating
_WORD = re.compile(r"\w+")
_PREFIX_SIZES = range(_MIN_STEM, STEM_LENGTH + 1)
_ZERO_WIDTH = {_c.ASSERT, _c.ASSERT_NOT}


class _NoGate(Exception):
    """The pattern's start is not a short list of literal word beginnings."""


def _is_word_char(char: str) -> bool:
    return bool(_WORD.fullmatch(char))


def _class_chars(items: list[tuple[object, object]]) -> list[str] | None:
    """The characters a ``[...]`` class allows, if it lists a few literal ones.

    ``\\s`` and ``\\W`` stand as one space: all that matters is that they end a word.
    """
    chars: list[str] = []
    for op, value in items:
        if op is _c.LITERAL:
            chars.append(chr(value))  # type: ignore[arg-type]
        elif op is _c.RANGE:
            low, high = value  # type: ignore[misc]
            if high - low > 5:
                return None
            chars.extend(chr(c) for c in range(low, high + 1))
        elif op is _c.CATEGORY and value in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD):
            chars.append(" ")
        else:  # another category (\w, \d), a negation: too many characters
            return None
    return chars


class _Walker:
    """Collects the literal word beginnings a parsed pattern can start with."""

    def __init__(self) -> None:
        self.closed: set[str] = set()

    def close(self, opens: Iterable[str], *, word_end: bool = False) -> set[str]:
        """Stop growing ``opens``; at a word's end a short one is kept as a whole word."""
        for prefix in opens:
            short = word_end and len(prefix) < STEM_LENGTH
            self.closed.add(prefix + _WHOLE if short and prefix else prefix)
        if len(self.closed) > _MAX_STEMS:
            raise _NoGate
        return set()

    def extend(self, opens: set[str], chars: Iterable[str]) -> set[str]:
        """Each open prefix followed by each of ``chars``; a non-word character ends a word."""
        grown: set[str] = set()
        for char in chars:
            folded = char.casefold()
            if not all(_is_word_char(c) for c in folded):
                self.close(opens, word_end=True)
                continue
            for prefix in opens:
                longer = prefix + folded
                if len(longer) >= STEM_LENGTH:
                    self.close([longer[:STEM_LENGTH]])
                else:
                    grown.add(longer)
        if len(grown) > _MAX_STEMS:
            raise _NoGate
        return grown

    def sequence(self, items: list[tuple[object, object]], opens: set[str]) -> set[str]:
        for op, value in items:
            if not opens:
                return opens
            opens = self.item(op, value, opens)
        return opens

    def item(self, op: object, value: object, opens: set[str]) -> set[str]:
        if op is _c.LITERAL:
            return self.extend(opens, [chr(value)])  # type: ignore[arg-type]
        if op is _c.IN:
            chars = _class_chars(value)  # type: ignore[arg-type]
            return self.close(opens) if chars is None else self.extend(opens, chars)
        if op is _c.BRANCH:
            _, branches = value  # type: ignore[misc]
            out: set[str] = set()
            for branch in branches:
                out |= self.sequence(list(branch), set(opens))
            return out
        if op is _c.SUBPATTERN:
            body = value[-1]  # type: ignore[index]
            return self.sequence(list(body), opens)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, body = value  # type: ignore[misc]
            once = self.sequence(list(body), set(opens))
            if high != 1:  # repeated: what follows the first pass is unknown
                once = self.close(once)
            return once | opens if low == 0 else once
        if op in _ZERO_WIDTH:
            return opens
        if op is _c.AT and value is _c.AT_BOUNDARY:
            return self.close(opens, word_end=True)
        return self.close(opens)


def _starts_at_word(items: list[tuple[object, object]]) -> list[tuple[object, object]] | None:
    """The items after a leading word boundary (lookarounds skipped), or None."""
    for index, (op, value) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is _c.AT and value is _c.AT_BOUNDARY:
            return items[index + 1 :]
        if op is _c.SUBPATTERN:
            inner = _starts_at_word(list(value[-1]))  # type: ignore[index]
            if inner is None:
                return None
            return [*inner, *items[index + 1 :]]
        return None
    return None


def stems(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The word beginnings (casefolded, at most STEM_LENGTH long) a match must start with.

    None when the pattern gives no usable gate; then it must always be tried.

    >>> sorted(stems(re.compile(r"\\b(?:rockets?|mortars?|shell(?:ed|s))\\b", re.I)))
    ['mort', 'rock', 'shel']
    >>> sorted(stems(re.compile(r"\\b(?:war)?planes?\\b")))
    ['plan', 'warp']
    >>> sorted(stems(re.compile(r"\\b(?:an?|the)\\s+offensive\\b")))
    ['a$', 'an$', 'the$']
    >>> stems(re.compile(r"protests?")) is None  # no word boundary: may start mid-word
    True
    """
    tree = _parser.parse(pattern.pattern, pattern.flags)
    body = _starts_at_word(list(tree))
    if body is None:
        return None
    walker = _Walker()
    try:
        walker.close(walker.sequence(body, {""}))
    except _NoGate:
        return None
    if not walker.closed or any(
        len(stem) < _MIN_STEM and not stem.endswith(_WHOLE) for stem in walker.closed
    ):
        return None
    return frozenset(walker.closed)


def led(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for the first letters of its :func:`stems`.

    The same matches, found faster. A pattern that opens with a word boundary
    or an optional word keeps the regex engine from skipping ahead to a likely
    start: it enters the pattern at every character. A one-character
    lookahead (case-insensitive, so a superset of what can start a match)
    rejects most positions at once. A pattern with no gate, or whose stems
    do not all begin with an ASCII letter or digit, is returned as it is.

    >>> led(re.compile(r"\\b(?:rockets?|mortars?)\\b")).pattern
    '(?i:(?=[mr]))\\\\b(?:rockets?|mortars?)\\\\b'
    >>> p = re.compile(r"\\w+"); led(p) is p
    True
    """
    found = stems(pattern)
    if found is None:
        return pattern
    first = sorted({stem[0] for stem in found})
    if not all(char.isascii() and char.isalnum() for char in first):
        return pattern
    try:
        return re.compile(f"(?i:(?=[{''.join(first)}])){pattern.pattern}", pattern.flags)
    except re.error:  # a global inline flag ("(?i)...") must stay first
        return pattern


def word_prefixes(text: str) -> frozenset[str]:
    """Every word's beginnings of _MIN_STEM..STEM_LENGTH characters, casefolded,
    and each short word whole (marked with a trailing ``$``).

    (A one-letter word also adds itself unmarked; no stem is one letter long.)

    >>> sorted(word_prefixes("Rockets hit"))
    ['hi', 'hit', 'hit$', 'ro', 'roc', 'rock']
    """
    words = _WORD.findall(text.casefold())
    out: set[str] = set()
    for size in _PREFIX_SIZES:
        out.update([word[:size] for word in words])
    out.update([word + _WHOLE for word in words if len(word) < STEM_LENGTH])
    return frozenset(out)


class GateIndex:
    """Which of many gated patterns a text's words leave open, in their order.

    Each pattern is one bit of an integer mask. A word opens the patterns
    whose stems are among its beginnings; that mask is worked out once per
    distinct word and cached, since news text repeats its words. A text then
    costs one tokenisation and one OR per word, instead of building every
    word prefix and looking each one up.

    >>> index = GateIndex([frozenset({"rock"}), None, frozenset({"mort", "shel"})])
    >>> index.open_in("Shells fell")
    [1, 2]
    >>> index.open_for(word_prefixes("Shells fell"))
    [1, 2]
    """

    _CACHED_WORDS = 1 << 16
    """At most this many words' masks are kept (a news corpus uses a few tens of thousands)."""

    def __init__(self, gates: Iterable[frozenset[str] | None]) -> None:
        self._always = 0
        self._by_stem: dict[str, int] = {}
        for position, gate in enumerate(gates):
            bit = 1 << position
            if gate is None:
                self._always |= bit
            else:
                for stem in gate:
                    self._by_stem[stem] = self._by_stem.get(stem, 0) | bit
        self._masks = _WordMasks(self._by_stem, self._CACHED_WORDS)

    def open_in(self, text: str) -> list[int]:
        """The positions of the patterns whose gate ``text`` opens, ascending.

        The same as ``open_for(word_prefixes(text))``, computed word by word.
        """
        words = _WORD.findall(text.casefold())
        return _bit_positions(
            functools.reduce(operator.or_, map(self._masks.__getitem__, words), self._always)
        )

    def open_from(self, text: str) -> list[tuple[int, int]]:
        """The patterns ``text`` opens, ascending, each with where a search for it may begin.

        That offset is no later than the first word that opens the pattern (0
        for a pattern without a gate). A pattern whose gate is its own
        :func:`stems` starts every match at a word that opens it, so nothing
        before the offset can match. Offsets index ``text.casefold()``, which
        is ``text`` letter for letter when ``text`` is ASCII.

        >>> index = GateIndex([frozenset({"rock"}), None, frozenset({"mort", "shel"})])
        >>> index.open_from("Heavy shelling, then shells and rockets")
        [(0, 32), (1, 0), (2, 6)]
        """
        folded = text.casefold()
        words = _WORD.findall(folded)
        masks = list(map(self._masks.__getitem__, words))
        starts = dict.fromkeys(_bit_positions(self._always), 0)
        seen = self._always
        for word, mask in compress(zip(words, masks, strict=True), masks):
            if mask & ~seen:
                offset = folded.find(word)  # the word itself, or the same letters earlier
                for position in _bit_positions(mask & ~seen):
                    starts[position] = offset
                seen |= mask
        return sorted(starts.items())

    def open_for(self, words: frozenset[str]) -> list[int]:
        """The positions of the patterns whose gate the prefixes ``words`` open, ascending."""
        mask = self._always
        for word in words:
            mask |= self._by_stem.get(word, 0)
        return _bit_positions(mask)


class _WordMasks(dict[str, int]):
    """Each casefolded word's mask (the patterns it opens), worked out on first sight.

    A dict with ``__missing__`` rather than an ``lru_cache``: a word seen
    before is one dict lookup. It forgets everything when it reaches
    ``capacity`` words, which keeps memory bounded on an endless stream.
    """

    def __init__(self, by_stem: dict[str, int], capacity: int) -> None:
        super().__init__()
        self._by_stem = by_stem
        self._capacity = capacity

    def __missing__(self, word: str) -> int:
        """The patterns with a stem among ``word``'s :func:`word_prefixes`, remembered."""
        get = self._by_stem.get
        mask = 0
        for size in _PREFIX_SIZES:
            mask |= get(word[:size], 0)
        if len(word) < STEM_LENGTH:
            mask |= get(word + _WHOLE, 0)
        if len(self) >= self._capacity:
            self.clear()
        self[word] = mask
        return mask


def _bit_positions(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, ascending.

    >>> _bit_positions(0b10110)
    [1, 2, 4]
    """
    positions = []
    while mask:
        lowest = mask & -mask
        positions.append(lowest.bit_length() - 1)
        mask ^= lowest
    return positions
