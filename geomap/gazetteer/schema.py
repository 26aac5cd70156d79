"""The gazetteer's SQLite schema: one file, places plus every name under its keys."""

from __future__ import annotations

__all__ = ["INDEXES", "SCHEMA", "SCHEMA_VERSION"]

SCHEMA_VERSION = "1"

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
    source TEXT NOT NULL
);
CREATE TABLE names (
    geonameid INTEGER NOT NULL,
    name TEXT NOT NULL,
    folded TEXT NOT NULL,      -- keys.fold
    bare TEXT NOT NULL,        -- keys.article_free(folded)
    skeleton TEXT NOT NULL,    -- keys.skeleton(folded), '' for non-Latin names
    is_main INTEGER NOT NULL   -- 1 for the place's own name
);
CREATE TABLE countries (
    iso TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    capital TEXT NOT NULL,
    geometry_wkt TEXT            -- outline in WGS84, lon lat
);
CREATE TABLE demonyms (folded TEXT PRIMARY KEY, iso TEXT NOT NULL);
"""

INDEXES = """
CREATE INDEX names_folded ON names(folded);
CREATE INDEX names_bare ON names(bare);
CREATE INDEX names_skeleton ON names(skeleton);
CREATE INDEX names_geonameid ON names(geonameid);
"""
