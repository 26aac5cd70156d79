"""Read-only access to a gazetteer file: names in, scored candidates out.

The SQLite file is opened read-only (``mode=ro``), so any number of
processes may share it. Lookups go from strict to loose keys (folded, then
article-free, then the transliteration skeleton) and every candidate is
scored with rapidfuzz against the name it matched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from geomap.errors import GazetteerError, GazetteerNotFound
from geomap.gazetteer.keyindex import read_key_indexes
from geomap.gazetteer.keys import article_free, fold, skeleton
from geomap.gazetteer.schema import SCHEMA_VERSION
from geomap.records import Candidate, Place

__all__ = ["Country", "Gazetteer", "is_own_name"]

_PLACE_COLUMNS = (
    "p.geonameid, p.name, p.lat, p.lon, p.feature_class, p.feature_code, "
    "p.country, p.admin1, p.population, p.source"
)


def is_own_name(candidate: Candidate) -> bool:
    """Whether the name matched is the place's own, not one of its alternate names."""
    return fold(candidate.matched_name) == fold(candidate.place.name)


_MMAP_BYTES = 8 << 30
_MAX_LOOSE = 200  # names an article-free key may bring back
# A skeleton is coarse: read its most important places first, keep the closest.
_MAX_SKELETON_SCAN = 80
_MAX_SKELETON_KEEP = 12
_MIN_RATIO = 70  # rapidfuzz ratio a skeleton-only match needs


def _marks(n: int) -> str:
    """The placeholders of an SQL ``IN`` list of ``n`` values ("?,?,?")."""
    return ",".join("?" * n)


def _score(
    raw: str, folded: str, bare: str, skel: str, matched: str, n_folded: str
) -> tuple[str, float] | None:
    """How well a stored name matches the query, or None if it does not."""
    if matched == raw:
        return "exact", 1.0
    return _key_score(folded, bare, skel, n_folded)


def _key_score(folded: str, bare: str, skel: str, n_folded: str) -> tuple[str, float] | None:
    """:func:`_score` for a name spelled otherwise than the query, known by its key alone.

    A name spelled as the query folds as the query does (the build stores
    ``fold(name)``), so a key this rejects never matches the query at all.
    """
    if n_folded == folded:
        return "folded", 0.97
    n_bare = article_free(n_folded)
    if n_bare == bare or n_folded == bare:
        return "folded", 0.93
    if not skel or skeleton(n_folded) != skel:
        return None
    ratio = fuzz.ratio(bare, n_bare)
    if ratio < _MIN_RATIO:
        return None
    return "skeleton", 0.9 * ratio / 100


def _worth_reading(
    folded: str, bare: str, skel: str, wanted: list[tuple[str, int]]
) -> list[tuple[str, int]]:
    """The (folded name, geonameid) pairs whose rows :func:`_score` may accept.

    The others need not be read from the names table: about half of the
    skeleton path's pairs, and all of them for a third of the queries.
    """
    return [pair for pair in wanted if _key_score(folded, bare, skel, pair[0]) is not None]


def _ranked(rows: tuple[tuple, ...], folded: str, raw: str) -> tuple[Candidate, ...]:
    """Each place of ``rows`` once, under its best-scoring name, best match first."""
    bare = article_free(folded)
    skel = skeleton(folded)
    best: dict[int, Candidate] = {}
    for row in rows:
        place = Place(*row[:10])
        matched, n_folded, is_main = row[10:]
        scored = _score(raw, folded, bare, skel, matched, n_folded)
        if scored is None:
            continue
        key, score = scored
        if not is_main:
            score -= 0.01
        previous = best.get(place.geonameid)
        if previous is None or score > previous.score:
            best[place.geonameid] = Candidate(place, round(score, 4), key, matched)
    return tuple(
        sorted(best.values(), key=lambda c: (-c.score, -c.place.population, c.place.geonameid))
    )


@dataclass(frozen=True, slots=True)
class Country:
    """A country row: name, capital and outline (WKT, lon lat) if known."""

    iso: str
    name: str
    geonameid: int
    capital: str
    geometry_wkt: str | None


class Gazetteer:
    """A read-only gazetteer. Open it with :meth:`open`; close it or use ``with``."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._con = connection
        self.path = path
        # Which keys exist, in memory: most spans name nothing, and asking
        # SQLite about each costs more than the hash array does.
        indexes = read_key_indexes(connection)
        self._names = indexes["names.folded"]
        self._bare = indexes["bare.bare"]
        self._skeletons = indexes["skeletons.skeleton"]
        # Spellings that fold alike ("IRAQ", "Iraq's") share their rows, and
        # could_score and the lookup after it share a skeleton's scan.
        self._matches = lru_cache(maxsize=50_000)(self._read_matches)
        self._candidates = lru_cache(maxsize=50_000)(self._candidates_of_matches)
        self._could_score = lru_cache(maxsize=50_000)(self._could_score_uncached)
        self._skeleton_scan = lru_cache(maxsize=20_000)(self._read_skeleton_scan)
        self._countries: dict[str, Country] | None = None
        self._demonyms: dict[str, str] | None = None

    @classmethod
    def open(cls, path: Path | str) -> Gazetteer:
        """Open ``path`` read-only; raise :class:`GazetteerNotFound` if it is absent."""
        path = Path(path)
        if not path.is_file():
            raise GazetteerNotFound(
                f"gazetteer {path} does not exist; build it with "
                f"'geomap gazetteer build --gazetteer {path}'"
            )
        try:
            con = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            # Memory-mapped reads: no read() system call per page; the pages are
            # the OS's file cache, shared by every process that opens the file.
            con.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
            # One read transaction for the connection's life: each query then
            # skips taking and dropping the file lock, most of a small lookup's
            # cost. The file never changes under it: a build writes a new file
            # and renames it into place.
            con.execute("BEGIN")
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.Error as err:
            raise GazetteerError(f"{path} is not a geomap gazetteer: {err}") from err
        if not row or row[0] != SCHEMA_VERSION:
            con.close()
            raise GazetteerError(
                f"{path} has schema {row[0] if row else '?'}, this geomap needs "
                f"{SCHEMA_VERSION}; rebuild it with 'geomap gazetteer build'"
            )
        return cls(con, path)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- places --------------------------------------------------------------

    def place(self, geonameid: int) -> Place | None:
        """The place with this id, or None."""
        row = self._con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.geonameid=?", (geonameid,)
        ).fetchone()
        return Place(*row) if row else None

    def known_keys(self, folded_keys: list[str]) -> set[str]:
        """Which of these folded (or article-free) keys name at least one place."""
        found = self._names.present(folded_keys)
        return found | self._bare.present([k for k in folded_keys if k not in found])

    def known_skeletons(self, skeletons: list[str]) -> set[str]:
        """Which of these transliteration skeletons some place's name has.

        One query for a whole document's spans instead of a failed lookup
        each: about half the spans that are not names ("Facebook", "Trump")
        have no skeleton match at all.
        """
        return self._skeletons.present(skeletons)

    def candidates(
        self, name: str, *, country: str | None = None, limit: int = 25
    ) -> list[Candidate]:
        """Places that ``name`` may refer to, best name match first.

        Exact and folded matches score by how close the spelling is; a match
        through the transliteration skeleton alone must still be close
        (rapidfuzz ratio >= 70) to count.
        """
        found = self._candidates(fold(name), name)
        if country:
            found = tuple(c for c in found if c.place.country == country.upper())
        return list(found[:limit])

    def could_score(self, name: str, minimum: float) -> bool:
        """False only when no candidate of ``name`` scores ``minimum`` or more.

        A cheap test before :meth:`candidates` for callers that want a close
        match only: a name whose key, article-free key or loose key the
        gazetteer holds may match well, so True; otherwise only its skeleton
        can bring candidates, scored 0.9 x their rapidfuzz ratio, and the
        skeleton's names (one query, no places read) tell whether any is
        close enough. Most capitalised words that share a skeleton with some
        place ("Trump", "Facebook") have no such spelling.
        """
        return self._could_score(fold(name), minimum)

    def _could_score_uncached(self, folded: str, minimum: float) -> bool:
        if not folded:
            return False
        bare = article_free(folded)
        if any(key in self._names or key in self._bare for key in (folded, bare)):
            return True
        skel = skeleton(folded)
        if not skel or skel not in self._skeletons:
            return False
        # round(0.9 * ratio / 100, 4) >= minimum needs at least this ratio (a hair lower:
        # the test may only err towards True).
        needed = 100 * (minimum - 0.0001) / 0.9
        names = [article_free(n_folded) for n_folded, _ in self._skeleton_scan(skel)]
        closest = process.extractOne(
            bare, names, scorer=fuzz.ratio, processor=None, score_cutoff=needed
        )
        return closest is not None

    def _read_skeleton_scan(self, skel: str) -> tuple[tuple[str, int], ...]:
        """The (folded name, geonameid) pairs under a skeleton, most important place first."""
        return tuple(
            self._con.execute(
                "SELECT folded, geonameid FROM skeletons WHERE skeleton = ? "
                f"ORDER BY rank LIMIT {_MAX_SKELETON_SCAN}",
                (skel,),
            )
        )

    def _candidates_uncached(self, folded: str, raw: str) -> tuple[Candidate, ...]:
        """What :meth:`candidates` returns for ``raw`` (folded ``folded``), read afresh."""
        return _ranked(self._read_matches(folded), folded, raw)

    def _candidates_of_matches(self, folded: str, raw: str) -> tuple[Candidate, ...]:
        """:meth:`_candidates_uncached` from the remembered rows of ``folded``."""
        return _ranked(self._matches(folded), folded, raw)

    def _read_matches(self, folded: str) -> tuple[tuple, ...]:
        """The place and name rows a folded name may match: (place columns, name, folded, is_main).

        Every spelling that folds to ``folded`` matches the same rows; only
        their scores (exact or folded) differ, which :func:`_ranked` decides.
        """
        if not folded:
            return ()
        bare = article_free(folded)
        skel = skeleton(folded)
        con = self._con
        # Most names have no article: one key, which SQLite reads without the
        # temporary table an IN list of two needs.
        keys = (folded,) if bare == folded else (folded, bare)
        marks = _marks(len(keys))
        # The key indexes skip each query that would find nothing.
        rows = []
        if folded in self._names or bare in self._names:
            rows = con.execute(
                f"SELECT {_PLACE_COLUMNS}, n.name, n.folded, n.is_main FROM names n "
                f"JOIN places p ON p.geonameid = n.geonameid WHERE n.folded IN ({marks})",
                keys,
            ).fetchall()
        # A cascade: the looser keys are for names the strict ones miss
        # ("Taramiyah" for "At Tarmiyah"); a direct match ends the search.
        # (Tried: reading them also when the direct matches are only hamlets
        # changed nothing on GeoWebNews or LGL and doubled the median lookup.)
        direct_found = bool(rows)
        if not direct_found and (folded in self._bare or bare in self._bare):
            # names whose own article-free key is ours ("Al Fallujah")
            rows += con.execute(
                f"SELECT {_PLACE_COLUMNS}, n.name, n.folded, n.is_main FROM (SELECT "
                f"geonameid, folded FROM bare WHERE bare IN ({marks}) LIMIT {_MAX_LOOSE}) b "
                "JOIN names n ON n.folded = b.folded AND n.geonameid = b.geonameid "
                "JOIN places p ON p.geonameid = b.geonameid",
                keys,
            ).fetchall()
        wanted: list[tuple[str, int]] = []
        if skel and not direct_found and skel in self._skeletons:
            direct = {(row[11], row[0]) for row in rows}
            scanned = [pair for pair in self._skeleton_scan(skel) if pair not in direct]
            keep = _MAX_SKELETON_KEEP // 3 if direct else _MAX_SKELETON_KEEP
            # Compared as folded strings, in C: close spellings only, best first.
            wanted += [
                scanned[i]
                for _, _, i in process.extract(
                    bare, [f for f, _ in scanned], scorer=fuzz.ratio,
                    score_cutoff=_MIN_RATIO - 10, limit=keep,
                )
            ]  # fmt: skip
            wanted = _worth_reading(folded, bare, skel, wanted)
        if wanted:
            # folded IN (...) walks the primary key; the pairs are then picked out
            # here (a row-value IN would make SQLite scan the table).
            folds = sorted({f for f, _ in wanted})
            ids = sorted({g for _, g in wanted})
            pairs = set(wanted)
            rows += [
                row
                for row in con.execute(
                    f"SELECT {_PLACE_COLUMNS}, n.name, n.folded, n.is_main FROM names n "
                    "JOIN places p ON p.geonameid = n.geonameid "
                    f"WHERE n.folded IN ({_marks(len(folds))}) "
                    f"AND n.geonameid IN ({_marks(len(ids))})",
                    [*folds, *ids],
                )
                if (row[11], row[0]) in pairs
            ]
        return tuple(rows)

    # -- countries -----------------------------------------------------------

    def countries(self) -> dict[str, Country]:
        """Every country row, by ISO code."""
        if self._countries is None:
            self._countries = {
                row[0]: Country(*row)
                for row in self._con.execute(
                    "SELECT iso, name, geonameid, capital, geometry_wkt FROM countries"
                )
            }
        return self._countries

    def demonym_country(self, word: str) -> str | None:
        """The ISO code of the country a demonym names ("Iraqi" -> "IQ"), or None."""
        if self._demonyms is None:
            self._demonyms = dict(self._con.execute("SELECT folded, iso FROM demonyms"))
        return self._demonyms.get(fold(word))

    def info(self) -> dict[str, object]:
        """Build date, counts by source, feature class and country, licences."""
        meta = dict(self._con.execute("SELECT key, value FROM meta"))
        by_source = dict(
            self._con.execute("SELECT source, COUNT(*) FROM places GROUP BY source ORDER BY 2 DESC")
        )
        by_class = dict(
            self._con.execute(
                "SELECT feature_class, COUNT(*) FROM places GROUP BY feature_class ORDER BY 2 DESC"
            )
        )
        sources = [
            dict(
                zip(
                    ("name", "kind", "rows", "kept", "malformed", "examples", "licence"),
                    row,
                    strict=True,
                )
            )
            for row in self._con.execute("SELECT * FROM sources ORDER BY rowid")
        ]
        top_countries = dict(
            self._con.execute(
                "SELECT country, COUNT(*) FROM places GROUP BY country ORDER BY 2 DESC LIMIT 20"
            )
        )
        return {
            "path": str(self.path),
            "built": meta.get("built"),
            "places": int(meta.get("places", 0)),
            "names": int(meta.get("names", 0)),
            "by_source": by_source,
            "by_feature_class": by_class,
            "top_countries": top_countries,
            "sources": sources,
            "licences": sorted({str(s["licence"]) for s in sources}),
        }
