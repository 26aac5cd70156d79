"""Which name keys a gazetteer holds, answered in memory.

Recognition asks, for every run of capitalised words in a document, whether
its folded key, its article-free key or its skeleton names any place; most
do not. A SQLite ``IN`` query answers in about 3 microseconds a key, plus
the round trip; a sorted array of 64-bit hashes of one key column answers
in about 1 microsecond with no query, and costs 8 bytes a key (8 MB for the
default gazetteer's million keys). The build stores the arrays in the file
(table ``key_index``), so opening the gazetteer reads three blobs.

Documents repeat their spans ("Trump", "Facebook"), so each index also
remembers its last answers (up to :data:`MEMO_SIZE` keys, then it starts over).

Two keys may share a hash; with 64 bits and a million keys the chance that a
key the gazetteer lacks passes for one it has is about 1 in 10^13 a query.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from hashlib import blake2b

import numpy as np

__all__ = [
    "KEY_COLUMNS",
    "MEMO_SIZE",
    "KeyIndex",
    "key_hash",
    "read_key_indexes",
    "write_key_indexes",
]

KEY_COLUMNS = (("names", "folded"), ("bare", "bare"), ("skeletons", "skeleton"))
"""The (table, column) pairs indexed: folded names, article-free keys, skeletons."""
MEMO_SIZE = 100_000
"""Answers an index remembers before it forgets them all (a few MB at most)."""


# An empty hasher to copy: a third cheaper than making one with its parameters.
_BLAKE2B_8 = blake2b(digest_size=8)


def _digest(key: str) -> bytes:
    """The 8 bytes of :func:`key_hash`, little-endian: blake2b with 8 bytes of digest."""
    hasher = _BLAKE2B_8.copy()
    hasher.update(key.encode())
    return hasher.digest()


def key_hash(key: str) -> int:
    """A stable 64-bit hash of ``key`` (Python's own ``hash`` differs per process)."""
    return int.from_bytes(_digest(key), "little")


def _key_hashes(keys: list[str]) -> np.ndarray:
    """:func:`key_hash` of each key as one array, read from the joined digests (no int each)."""
    return np.frombuffer(b"".join([_digest(key) for key in keys]), dtype="<u8")


class KeyIndex:
    """The hashes of one key column, sorted: ``key in index`` without SQLite."""

    __slots__ = ("_hashes", "_memo", "_probe", "_sorted")

    def __init__(self, hashes: array) -> None:
        self._hashes = hashes
        self._sorted = np.frombuffer(hashes, dtype=np.uint64)  # the same memory, for numpy
        # All but the last hash: where a hash would go in it is an index into
        # _sorted, and the only one that can hold that hash if any does.
        self._probe = self._sorted[:-1]
        self._memo: dict[str, bool] = {}

    @classmethod
    def from_keys(cls, keys: Iterable[str]) -> KeyIndex:
        return cls(array("Q", sorted({key_hash(k) for k in keys})))

    @classmethod
    def from_bytes(cls, blob: bytes) -> KeyIndex:
        """The index stored by :meth:`to_bytes` (little-endian 64-bit integers)."""
        hashes = array("Q")
        hashes.frombytes(blob)
        if sys.byteorder == "big":
            hashes.byteswap()
        return cls(hashes)

    def to_bytes(self) -> bytes:
        hashes = array("Q", self._hashes)
        if sys.byteorder == "big":
            hashes.byteswap()
        return hashes.tobytes()

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, key: object) -> bool:
        memo = self._memo
        found = memo.get(key)  # type: ignore[call-overload]
        if found is None:
            if not isinstance(key, str):
                return False
            hashes = self._hashes
            h = key_hash(key)
            i = bisect_left(hashes, h)
            found = i < len(hashes) and hashes[i] == h
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = found
        return found

    def present(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` the column holds.

        Remembered answers first; the other keys in one vectorised binary
        search (numpy's ``searchsorted``) rather than a ``bisect`` each, whose
        every probe makes a Python integer of a 64-bit array item.
        """
        memo = self._memo
        found: set[str] = set()
        unknown: list[str] = []
        for key in keys:
            answer = memo.get(key)
            if answer is None:
                unknown.append(key)
            elif answer:
                found.add(key)
        if not unknown:
            return found
        if len(memo) + len(unknown) >= MEMO_SIZE:
            memo.clear()
        stored = self._sorted
        if len(stored) == 0:
            memo.update(dict.fromkeys(unknown, False))
            return found
        hashes = _key_hashes(unknown)
        at = self._probe.searchsorted(hashes)
        for key, hit in zip(unknown, (stored[at] == hashes).tolist(), strict=True):
            memo[key] = hit
            if hit:
                found.add(key)
        return found


def write_key_indexes(con: sqlite3.Connection) -> None:
    """(Re)write the ``key_index`` table from the key columns' current contents."""
    for table, column in KEY_COLUMNS:
        keys = (k for (k,) in con.execute(f"SELECT DISTINCT {column} FROM {table}"))
        index = KeyIndex.from_keys(keys)
        con.execute(
            "INSERT OR REPLACE INTO key_index VALUES (?, ?)",
            (f"{table}.{column}", index.to_bytes()),
        )


def read_key_indexes(con: sqlite3.Connection) -> dict[str, KeyIndex]:
    """The stored indexes by ``"table.column"``."""
    rows = con.execute("SELECT key_column, hashes FROM key_index")
    return {name: KeyIndex.from_bytes(blob) for name, blob in rows}
