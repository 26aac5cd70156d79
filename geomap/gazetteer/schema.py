"""The gazetteer's SQLite schema: places, and every name under its keys.

The name tables are ``WITHOUT ROWID`` tables whose primary key is the lookup
key, so each table is its own index: no second copy of the keys on disk, and
a lookup is one B-tree descent.
"""

from __future__ import annotations

__all__ = ["SCHEMA", "SCHEMA_VERSION"]

# Bumped whenever the schema or the embedded default layer's content changes, so
# that a cached default gazetteer from an older geomap is rebuilt.
SCHEMA_VERSION = "14"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,  -- GeoNames id; synthetic negative ids for other sources
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL            -- the layer the place row came from
);
CREATE TABLE names (                -- every name, under keys.fold
    folded TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    name TEXT NOT NULL,
    is_main INTEGER NOT NULL,       -- 1 for the place's own name
    PRIMARY KEY (folded, geonameid)
) WITHOUT ROWID;
CREATE TABLE bare (                 -- names whose article-free key differs from the folded one
    bare TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    folded TEXT NOT NULL,           -- the name it stands for: names(folded, geonameid)
    PRIMARY KEY (bare, geonameid, folded)
) WITHOUT ROWID;
CREATE TABLE skeletons (            -- transliteration skeletons of Latin-script names
    skeleton TEXT NOT NULL,
    rank INTEGER NOT NULL,          -- minus the place's importance: most important first
    geonameid INTEGER NOT NULL,
    folded TEXT NOT NULL,
    PRIMARY KEY (skeleton, rank, geonameid, folded)
) WITHOUT ROWID;
CREATE TABLE key_index (            -- keyindex.KeyIndex of each lookup key column
    key_column TEXT PRIMARY KEY,    -- "table.column"
    hashes BLOB NOT NULL            -- sorted 64-bit hashes of its distinct keys, little-endian
);
CREATE TABLE admin_names (          -- GeoNames admin1/admin2 codes, for later layers
    code TEXT PRIMARY KEY,          -- "IQ.13" or "NL.07.0363"
    name TEXT NOT NULL
);
CREATE TABLE countries (
    iso TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    capital TEXT NOT NULL,
    geometry_wkt TEXT               -- outline in WGS84, lon lat
);
CREATE TABLE demonyms (folded TEXT PRIMARY KEY, iso TEXT NOT NULL);
CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    rows INTEGER NOT NULL,
    kept INTEGER NOT NULL,
    malformed INTEGER NOT NULL,
    examples TEXT NOT NULL,         -- the first malformed rows, "file:line: reason"
    licence TEXT NOT NULL
);
"""
