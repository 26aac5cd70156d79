"""The in-memory key indexes agree with the SQLite key columns they stand for."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from geomap.gazetteer import Gazetteer
from geomap.gazetteer.build import add_layer, build
from geomap.gazetteer.keyindex import KEY_COLUMNS, MEMO_SIZE, KeyIndex, read_key_indexes

DATA = Path(__file__).parent / "data"


def _columns(path: Path) -> dict[str, set[str]]:
    con = sqlite3.connect(path)
    try:
        return {
            f"{table}.{column}": {k for (k,) in con.execute(f"SELECT {column} FROM {table}")}
            for table, column in KEY_COLUMNS
        }
    finally:
        con.close()


def _misses(keys: set[str], n: int = 2_000) -> list[str]:
    """Near-misses of real keys: a letter changed, added or dropped."""
    rng = random.Random(7)
    pool = sorted(keys)
    out = []
    while len(out) < n and pool:
        key = rng.choice(pool)
        i = rng.randrange(len(key) + 1)
        variant = rng.choice([key[:i] + "q" + key[i:], key[:i] + key[i + 1 :], key + "x"])
        if variant not in keys:
            out.append(variant)
    return out


def _agree(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        indexes = read_key_indexes(con)
    finally:
        con.close()
    for name, keys in _columns(path).items():
        index = indexes[name]
        assert len(index) == len(keys)
        assert all(k in index for k in keys), name
        assert not any(k in index for k in _misses(keys)), name


def test_built_and_added_layers_agree_with_sqlite(tmp_path: Path) -> None:
    target = build(tmp_path / "g.sqlite", [DATA / "geonames"], include_default=False)
    _agree(target)
    before = _columns(target)["names.folded"]
    add_layer(target, [DATA / "userplaces"])  # a later layer's names are indexed too
    assert _columns(target)["names.folded"] > before
    _agree(target)


def test_real_gazetteer_known_keys_and_skeletons_match_sqlite(gazetteer: Gazetteer) -> None:
    con = sqlite3.connect(gazetteer.path)
    try:
        some = "SELECT {0} FROM {1} ORDER BY random() LIMIT {2}"
        names = [k for (k,) in con.execute(some.format("folded", "names", 5000))]
        bare = [k for (k,) in con.execute(some.format("bare", "bare", 2000))]
        skel = [k for (k,) in con.execute(some.format("skeleton", "skeletons", 5000))]
        queries = names + bare + _misses(set(names)) + ["facebook", "trump", "zzqx"]
        expected = {
            k
            for k in queries
            if con.execute("SELECT 1 FROM names WHERE folded=?", (k,)).fetchone()
            or con.execute("SELECT 1 FROM bare WHERE bare=?", (k,)).fetchone()
        }
        skel_queries = skel + _misses(set(skel))
        expected_skel = {
            k
            for k in skel_queries
            if con.execute("SELECT 1 FROM skeletons WHERE skeleton=?", (k,)).fetchone()
        }
    finally:
        con.close()
    assert gazetteer.known_keys(queries) == expected
    assert gazetteer.known_skeletons(skel_queries) == expected_skel


def test_memo_forgets_when_full() -> None:
    index = KeyIndex.from_keys(["mosul", "raqqa"])
    assert "mosul" in index and "aleppo" not in index
    for i in range(MEMO_SIZE + 5):
        assert f"w{i}" not in index
    assert "mosul" in index and "raqqa" in index and 1 not in index  # type: ignore[operator]


@pytest.mark.parametrize("keys", [[], ["a"], ["deir ez zor", "dayr az zawr", "al fallujah"]])
def test_bytes_round_trip(keys: list[str]) -> None:
    index = KeyIndex.from_keys(keys)
    again = KeyIndex.from_bytes(index.to_bytes())
    assert len(again) == len(set(keys)) and all(k in again for k in keys)


@pytest.mark.parametrize("stored", [[], ["a"], ["mosul", "raqqa", "deir ez zor", "al fallujah"]])
def test_present__as_each_key_asked_alone(stored: list[str]) -> None:
    # The vectorised search answers as `in` does, memo cold, warm or full.
    queries = [*stored, *_misses(set(stored) or {"x"}, 50), "mosul", "mosul", "", "zz"]
    expected = {k for k in queries if k in KeyIndex.from_keys(stored)}
    index = KeyIndex.from_keys(stored)
    assert index.present(queries) == expected  # cold
    assert index.present(queries) == expected  # remembered
    assert index.present(reversed(queries)) == {k for k in queries if k in index}
    with_memo_full = KeyIndex.from_keys(stored)
    with_memo_full._memo.update(dict.fromkeys((f"w{i}" for i in range(MEMO_SIZE - 1)), False))
    assert with_memo_full.present(queries) == expected
