"""GeoNames readers, user places and the layered gazetteer build, on tiny fixtures.

Every build leaves out the embedded default layer (``include_default=False``),
so each takes milliseconds. The fixtures are in ``tests/data`` (see its README).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import GazetteerError, GazetteerNotFound
from geomap.gazetteer import Country, Gazetteer
from geomap.gazetteer import build as build_module
from geomap.gazetteer.build import add_layer, build
from geomap.gazetteer.geonames import (
    AdminTables,
    LoadReport,
    detect_kind,
    read_admin_codes,
    read_alternate_names,
    read_country_info,
    read_feature_codes,
    read_places,
)
from geomap.gazetteer.userplaces import read_user_places

DATA = Path(__file__).resolve().parent / "data"
GEONAMES = DATA / "geonames"
USER = DATA / "userplaces"

# The good rows of IQ.txt, in file order; lines 9 and 13 are broken on purpose.
IQ_GOOD_IDS = [
    98182, 99072, 94787, 98403, 90150, 91597, 99454, 97990,
    90393, 98717, 99532, 95446, 98860, 99768, 97783,
]  # fmt: skip
IQ_EXAMPLES = [
    "IQ.txt:9: expected 19 columns, got 18",
    "IQ.txt:13: id, coordinates or population is not a number",
]
NL_IDS = [2759794, 2747891, 2747373, 2745912, 2755003, 2755251, 2751283, 2756253]


def _admin_tables() -> AdminTables:
    return AdminTables(admin1=read_admin_codes(GEONAMES / "admin1CodesASCII.txt"))


def _places(path: Path, tables: AdminTables | None = None, report: LoadReport | None = None):
    records = read_places(path, tables or AdminTables(), source=path.name, report=report)
    return {r.place.geonameid: r for r in records}


def _tmp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".gazetteer-"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All fixtures in two folders: GeoNames files, then the user's places."""
    target = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    return build(target, [GEONAMES, USER], include_default=False)


@pytest.fixture(scope="module")
def gaz(built: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(built) as opened:
        yield opened


# -- readers -----------------------------------------------------------------


def test_read_places__txt_and_zip_give_the_same_places():
    from_txt = _places(GEONAMES / "IQ.txt", _admin_tables())
    from_zip = _places(GEONAMES / "IQ.zip", _admin_tables())
    assert list(from_txt) == IQ_GOOD_IDS
    assert list(from_zip) == IQ_GOOD_IDS
    for gid, record in from_txt.items():
        zipped = from_zip[gid]
        assert zipped.names == record.names
        assert zipped.place.source == "IQ.zip"
        assert record.place.source == "IQ.txt"
        # The same row apart from the layer it came from.
        assert (zipped.place.name, zipped.place.lat, zipped.place.lon, zipped.place.admin1) == (
            record.place.name,
            record.place.lat,
            record.place.lon,
            record.place.admin1,
        )


def test_read_places__row_fields():
    tarmiyah = _places(GEONAMES / "IQ.txt", _admin_tables())[98403]
    place = tarmiyah.place
    assert place.name == "Aţ Ţārmīyah"
    assert place.lat == pytest.approx(33.67444, abs=1e-6)
    assert place.lon == pytest.approx(44.39583, abs=1e-6)
    assert (place.feature_class, place.feature_code, place.country) == ("P", "PPL", "IQ")
    assert (place.admin1, place.population) == ("Baghdad", 0)
    # asciiname first, then the alternates GeoNames lists, minus machine transliterations.
    assert tarmiyah.names[0] == "At Tarmiyah"
    assert {"Tarmiya", "Tarmiyah", "Tārmīyah", "الطارمية"} <= set(tarmiyah.names)
    assert "altarmyt" not in tarmiyah.names
    assert "Aţ Ţārmīyah" not in tarmiyah.names  # the main name is not repeated


def test_read_places__capitals_and_seats():
    places = {**_places(GEONAMES / "IQ.txt"), **_places(GEONAMES / "NL.txt")}
    assert places[98182].place.feature_code == "PPLC"
    assert places[98182].place.population == 7_216_000
    assert places[2759794].place.feature_code == "PPLC"
    assert places[2747373].place.feature_code == "PPLG"
    assert places[99072].place.feature_code == "PPLA"
    assert "BGW" not in places[98182].names  # short all-caps codes are dropped


@pytest.mark.parametrize(
    ("path", "gid", "admin1"),
    [
        (GEONAMES / "IQ.txt", 94787, "Kirkuk"),  # IQ.13
        (GEONAMES / "IQ.txt", 99072, "Nineveh"),  # IQ.15
        (GEONAMES / "IQ.txt", 90150, "Salah ad Din"),  # IQ.18
        (GEONAMES / "IQ.zip", 97990, "Diyala"),  # IQ.10
        (GEONAMES / "NL.txt", 2759794, "North Holland"),  # NL.07
        (GEONAMES / "NL.txt", 2747891, "South Holland"),  # NL.11
    ],
)
def test_read_places__admin1_names_come_from_the_admin_table(path, gid, admin1):
    assert _places(path, _admin_tables())[gid].place.admin1 == admin1
    assert _places(path)[gid].place.admin1 == ""  # no admin table, no name


@pytest.mark.parametrize("name", ["IQ.txt", "IQ.zip"])
def test_read_places__report_counts_and_line_numbers(name):
    report = LoadReport(name)
    places = _places(GEONAMES / name, report=report)
    assert len(places) == 15
    assert (report.rows, report.kept, report.malformed) == (17, 15, 2)
    assert report.examples == [e.replace("IQ.txt", name) for e in IQ_EXAMPLES]
    assert 99062 not in places and 92138 not in places  # the two broken rows


def test_read_admin_codes():
    report = LoadReport("admin1CodesASCII.txt")
    codes = read_admin_codes(GEONAMES / "admin1CodesASCII.txt", report)
    assert codes["IQ.13"] == "Kirkuk"
    assert codes["IQ.07"] == "Baghdad"
    assert codes["NL.07"] == "North Holland"
    assert len(codes) == 15
    assert (report.rows, report.kept, report.malformed) == (15, 15, 0)


@pytest.mark.parametrize("name", ["countryInfo.txt", "countryInfo-noheader.txt"])
def test_read_country_info__with_and_without_header(name):
    report = LoadReport(name)
    rows = {r.iso: r for r in read_country_info(GEONAMES / name, report)}
    assert list(rows) == ["IQ", "NL"]
    iq, nl = rows["IQ"], rows["NL"]
    assert (iq.iso3, iq.name, iq.capital, iq.population, iq.geonameid) == (
        "IRQ",
        "Iraq",
        "Baghdad",
        38_433_600,
        99237,
    )
    assert (nl.iso3, nl.name, nl.capital, nl.geonameid) == (
        "NLD",
        "The Netherlands",
        "Amsterdam",
        2750405,
    )
    # Comment and header lines are neither rows nor malformed.
    assert (report.rows, report.kept, report.malformed) == (2, 2, 0)


def test_read_alternate_names__skips_links_postcodes_and_airport_codes():
    report = LoadReport("alternateNamesV2.txt")
    names = list(read_alternate_names(GEONAMES / "alternateNamesV2.txt", report))
    assert [(a.geonameid, a.name) for a in names] == [
        (98403, "Tarmiya Town"),
        (2759794, "Mokum"),
        (98182, "Madinat as-Salam"),
        (99532, "Basra"),
        (94787, "Kerkûk"),
        (99072, "الموصل"),
        (90393, "Tal Afar"),
    ]
    assert all(a.language not in {"link", "post", "iata"} for a in names)
    assert (report.rows, report.kept, report.malformed) == (10, 7, 0)


@pytest.mark.parametrize(
    ("name", "language", "flags"),
    [
        ("Tarmiya Town", "en", (False, False, False, False)),
        ("Mokum", "nl", (False, False, True, False)),
        ("Madinat as-Salam", "ar", (False, False, False, True)),
        ("Basra", "en", (True, True, False, False)),
        ("Kerkûk", "ku", (True, False, False, False)),
    ],
)
def test_read_alternate_names__keeps_language_and_flags(name, language, flags):
    names = {a.name: a for a in read_alternate_names(GEONAMES / "alternateNamesV2.txt")}
    alt = names[name]
    assert alt.language == language
    assert (alt.preferred, alt.short, alt.colloquial, alt.historic) == flags


def test_read_feature_codes():
    report = LoadReport("featureCodes_en.txt")
    codes = read_feature_codes(GEONAMES / "featureCodes_en.txt", report)
    assert codes == {
        "P.PPL": "populated place",
        "P.PPLA": "seat of a first-order administrative division",
        "P.PPLC": "capital of a political entity",
        "P.PPLG": "seat of government of a political entity",
        "S.MILB": "military base",
    }
    assert (report.rows, report.kept, report.malformed) == (5, 5, 0)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("IQ.txt", "places"),
        ("IQ.zip", "places"),
        ("NL.txt", "places"),
        ("admin1CodesASCII.txt", "admin1"),
        ("countryInfo.txt", "countries"),
        ("countryInfo-noheader.txt", "countries"),
        ("alternateNamesV2.txt", "alternates"),
        ("featureCodes_en.txt", "features"),
    ],
)
def test_detect_kind(name, kind):
    assert detect_kind(GEONAMES / name) == kind


def test_detect_kind__by_content_when_the_name_says_nothing(tmp_path):
    main = tmp_path / "iraq-extract.txt"
    main.write_bytes((GEONAMES / "IQ.txt").read_bytes())
    alternates = tmp_path / "extra-names.txt"
    alternates.write_bytes((GEONAMES / "alternateNamesV2.txt").read_bytes())
    assert detect_kind(main) == "places"
    assert detect_kind(alternates) == "alternates"


def test_detect_kind__unknown_file_raises(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Meeting notes\nnothing tab-separated here\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"notes\.txt: not a GeoNames file geomap knows"):
        detect_kind(notes)


def test_read_user_places__csv_rejects_latitude_95_with_its_line():
    report = LoadReport("bases.csv")
    records = {r.place.name: r for r in read_user_places(USER / "bases.csv", report)}
    assert list(records) == ["Checkpoint 17 North", "Camp Tarmiyah East", "Patrol Base Hawk"]
    assert (report.rows, report.kept, report.malformed) == (4, 3, 1)
    assert report.examples == ["bases.csv:5: needs a name and lat/lon in range"]
    checkpoint = records["Checkpoint 17 North"]
    assert checkpoint.names == ("CP17 North", "Checkpoint Seventeen")
    assert records["Camp Tarmiyah East"].names == ("Tarmiyah East Camp", "TE Camp")  # ";" too
    codes = {n: (r.place.feature_class, r.place.feature_code) for n, r in records.items()}
    assert codes == {
        "Checkpoint 17 North": ("S", "CTRB"),
        "Camp Tarmiyah East": ("S", "CMPRF"),
        "Patrol Base Hawk": ("S", "MILB"),
    }
    assert checkpoint.place.lat == pytest.approx(35.52)
    assert checkpoint.place.lon == pytest.approx(44.39)
    assert checkpoint.place.country == "IQ"
    assert all(r.place.geonameid < 0 for r in records.values())
    assert len({r.place.geonameid for r in records.values()}) == 3


def test_read_user_places__geojson_points_are_lon_lat():
    report = LoadReport("places.geojson")
    records = {r.place.name: r for r in read_user_places(USER / "places.geojson", report)}
    post = records["Observation Post Granite"].place
    assert (post.lat, post.lon) == (pytest.approx(36.36), pytest.approx(43.15))
    assert (post.feature_class, post.feature_code) == ("S", "OBPT")
    assert records["Observation Post Granite"].names == ("OP Granite", "Granite Post")
    village = records["Village Site K-4"]
    assert (village.place.feature_class, village.place.feature_code) == ("P", "PPL")
    assert village.names == ("K-4 Village",)
    assert (report.rows, report.kept, report.malformed) == (2, 2, 0)


def test_read_user_places__geonameid_column_keeps_the_id():
    (record,) = read_user_places(USER / "override.tsv", LoadReport("override.tsv"))
    assert record.place.geonameid == 99072
    assert (record.place.name, record.place.admin1, record.place.population) == (
        "Mosul City",
        "Nineveh",
        1_683_000,
    )
    assert record.names == ("Mosul Centre",)


def test_read_user_places__csv_without_name_and_lat_header_raises(tmp_path):
    bad = tmp_path / "points.csv"
    bad.write_text("label,x,y\nCheckpoint 17 North,44.39,35.52\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="needs a header row with name, lat and lon"):
        list(read_user_places(bad, LoadReport("points.csv")))


# -- the built gazetteer -----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "gid"),
    [
        ("Tarmiyah", 98403),
        ("Taramiyah", 98403),  # transliteration skeleton
        ("Tarmiya Town", 98403),  # only alternateNamesV2.txt has this spelling
        ("Mawsil", 99072),
        ("Baquba", 97990),
        ("Falluja", 99454),
        ("Telafar", 90393),
        ("Madinat as-Salam", 98182),  # historic, from alternateNamesV2.txt
        ("Kerkûk", 94787),
        ("Tikrit", 90150),
    ],
)
def test_build__search_finds_the_place_first(gaz, query, gid):
    found = gaz.candidates(query, country="IQ")
    assert found, query
    assert found[0].place.geonameid == gid
    assert found[0].place.country == "IQ"


def test_build__amsterdam_is_the_capital(gaz):
    best = gaz.candidates("Amsterdam")[0]
    assert best.place.geonameid == 2759794
    assert (best.place.feature_code, best.place.admin1, best.key) == (
        "PPLC",
        "North Holland",
        "exact",
    )
    assert best.score == 1.0
    assert gaz.candidates("Mokum")[0].place.geonameid == 2759794  # colloquial name


def test_build__alternate_names_skips_link_post_and_iata_rows(gaz):
    assert gaz.candidates("BGW") == []
    assert gaz.candidates("10001") == []
    assert gaz.candidates("https://en.wikipedia.org/wiki/Mosul") == []


def test_build__info_counts_by_source(gaz):
    info = gaz.info()
    # IQ.zip comes after IQ.txt and takes its rows; override.tsv takes Mosul from it.
    assert info["by_source"] == {
        "IQ.zip": len(IQ_GOOD_IDS) - 1,
        "NL.txt": len(NL_IDS),
        "bases.csv": 3,
        "places.geojson": 2,
        "override.tsv": 1,
    }
    assert info["places"] == 28
    assert info["top_countries"] == {"IQ": 20, "NL": 8}
    assert info["by_feature_class"] == {"P": 24, "S": 4}


def test_build__sources_record_rows_kept_and_malformed(gaz):
    sources = {s["name"]: s for s in gaz.info()["sources"]}
    assert set(sources) == {
        "admin1CodesASCII.txt",
        "countryInfo.txt",
        "countryInfo-noheader.txt",
        "featureCodes_en.txt",
        "IQ.txt",
        "IQ.zip",
        "NL.txt",
        "alternateNamesV2.txt",
        "bases.csv",
        "override.tsv",
        "places.geojson",
    }

    def counts(name: str) -> tuple[str, int, int, int]:
        s = sources[name]
        return s["kind"], s["rows"], s["kept"], s["malformed"]

    assert counts("IQ.txt") == ("geonames", 17, len(IQ_GOOD_IDS), 2)
    assert counts("IQ.zip") == ("geonames", 17, len(IQ_GOOD_IDS), 2)
    assert counts("NL.txt") == ("geonames", 8, 8, 0)
    assert counts("alternateNamesV2.txt") == ("alternates", 10, 7, 0)
    assert counts("bases.csv") == ("user", 4, 3, 1)
    assert counts("admin1CodesASCII.txt") == ("admin1", 15, 15, 0)
    assert sources["IQ.txt"]["examples"].splitlines() == IQ_EXAMPLES
    assert sources["bases.csv"]["examples"] == "bases.csv:5: needs a name and lat/lon in range"
    assert sources["IQ.txt"]["licence"] == "GeoNames (geonames.org), CC BY 4.0"
    assert sources["bases.csv"]["licence"] == "the user's own data"


def test_build__feature_codes_stored(gaz):
    rows = dict(gaz._con.execute("SELECT key, value FROM meta WHERE key LIKE 'feature:%'"))
    assert rows["feature:P.PPLC"] == "capital of a political entity"
    assert len(rows) == 5


def test_build__countries_from_country_info__names(gaz):
    countries = gaz.countries()
    assert set(countries) == {"IQ", "NL"}
    assert (countries["IQ"].name, countries["NL"].name) == ("Iraq", "The Netherlands")


def test_build__countries_from_country_info__capital_and_id(gaz):
    assert gaz.countries()["IQ"] == Country("IQ", "Iraq", 99237, "Baghdad", None)


def test_build__overwrites_an_existing_gazetteer(tmp_path):
    target = tmp_path / "g.sqlite"
    build(target, [GEONAMES / "NL.txt"], include_default=False)
    build(target, [GEONAMES / "IQ.txt"], include_default=False)
    with Gazetteer.open(target) as g:
        assert g.info()["by_source"] == {"IQ.txt": 15}
        assert g.candidates("Amsterdam") == []
    assert _tmp_files(tmp_path) == []


# -- layers ------------------------------------------------------------------


def test_layers__same_geonameid_from_txt_and_zip_is_one_place(gaz):
    (count,) = gaz._con.execute("SELECT COUNT(*) FROM places WHERE geonameid=98182").fetchone()
    assert count == 1
    baghdads = [c for c in gaz.candidates("Baghdad") if c.place.geonameid == 98182]
    assert len(baghdads) == 1
    assert baghdads[0].place.source == "IQ.zip"  # the later layer's row
    assert baghdads[0].place.admin1 == "Baghdad"


def test_layers__override_replaces_mosul(gaz):
    mosul = gaz.place(99072)
    assert mosul is not None
    assert (mosul.name, mosul.source, mosul.country, mosul.admin1) == (
        "Mosul City",
        "override.tsv",
        "IQ",
        "Nineveh",
    )
    assert (mosul.lat, mosul.lon) == (pytest.approx(36.335), pytest.approx(43.11889))
    # GeoNames' names, the alternateNames file's and the user's all find the one place.
    for query in ("Mosul", "Mossul", "Al Mawsil", "الموصل", "Mosul City", "Mosul Centre"):
        best = gaz.candidates(query, country="IQ")[0]
        assert best.place.geonameid == 99072, query
        assert best.place.name == "Mosul City", query


@pytest.mark.parametrize(
    ("query", "name", "source"),
    [
        ("Checkpoint 17 North", "Checkpoint 17 North", "bases.csv"),
        ("CP17 North", "Checkpoint 17 North", "bases.csv"),
        ("TE Camp", "Camp Tarmiyah East", "bases.csv"),
        ("Tarmiyah East Camp", "Camp Tarmiyah East", "bases.csv"),
        ("PB Hawk", "Patrol Base Hawk", "bases.csv"),
        ("OP Granite", "Observation Post Granite", "places.geojson"),
        ("K-4 Village", "Village Site K-4", "places.geojson"),
    ],
)
def test_layers__user_places_have_negative_ids_and_alternate_names(gaz, query, name, source):
    best = gaz.candidates(query, country="IQ")[0]
    assert best.place.geonameid < 0
    assert (best.place.name, best.place.source) == (name, source)
    assert best.key == "exact"


def test_layers__bad_user_row_is_reported_not_fatal(gaz):
    assert gaz.candidates("Checkpoint 99 South") == []
    assert gaz.candidates("Checkpoint 17 North")[0].place.source == "bases.csv"


def test_layers__adding_a_main_table_keeps_admin1_names(tmp_path):
    target = build(
        tmp_path / "g.sqlite",
        [GEONAMES / "admin1CodesASCII.txt", GEONAMES / "IQ.txt"],
        include_default=False,
    )
    add_layer(target, [GEONAMES / "IQ.zip"])
    with Gazetteer.open(target) as g:
        assert g.place(94787).admin1 == "Kirkuk"


# -- atomic writes -----------------------------------------------------------


def test_add_layer__adds_a_user_file_and_replaces_the_file_atomically(tmp_path):
    target = build(tmp_path / "g.sqlite", [GEONAMES], include_default=False)
    inode = target.stat().st_ino
    with Gazetteer.open(target) as before:
        assert before.candidates("CP17 North") == []
        add_layer(target, [USER / "bases.csv"])
        # A reader that opened the old file keeps seeing it whole.
        assert before.candidates("CP17 North") == []
        assert before.candidates("Amsterdam")[0].place.geonameid == 2759794
    assert target.stat().st_ino != inode  # a new file renamed into place
    assert os.listdir(tmp_path) == ["g.sqlite"]
    with Gazetteer.open(target) as after:
        assert after.candidates("CP17 North")[0].place.name == "Checkpoint 17 North"
        assert after.candidates("Amsterdam")[0].place.geonameid == 2759794
        assert after.info()["by_source"]["bases.csv"] == 3
        assert after.info()["places"] == 15 + 8 + 3


def test_add_layer__missing_gazetteer_raises(tmp_path):
    target = tmp_path / "missing.sqlite"
    with pytest.raises(GazetteerNotFound, match="build it first with 'geomap gazetteer build"):
        add_layer(target, [USER / "bases.csv"])
    assert os.listdir(tmp_path) == []


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    real = build_module.read_places

    def interrupted(*args, **kwargs):
        for i, record in enumerate(real(*args, **kwargs)):
            if i == rows:
                raise KeyboardInterrupt
            yield record

    monkeypatch.setattr(build_module, "read_places", interrupted)


def test_build__interrupted_leaves_the_previous_file(tmp_path, monkeypatch):
    target = build(tmp_path / "g.sqlite", [GEONAMES / "NL.txt"], include_default=False)
    before = target.read_bytes()
    _interrupt_after(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        build(target, [GEONAMES], include_default=False)
    assert target.read_bytes() == before
    assert _tmp_files(tmp_path) == []
    with Gazetteer.open(target) as g:
        assert g.info()["by_source"] == {"NL.txt": 8}


def test_add_layer__interrupted_leaves_the_previous_file(tmp_path, monkeypatch):
    target = build(tmp_path / "g.sqlite", [GEONAMES / "NL.txt"], include_default=False)
    before = target.read_bytes()
    _interrupt_after(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        add_layer(target, [GEONAMES / "IQ.txt"])
    assert target.read_bytes() == before
    assert _tmp_files(tmp_path) == []


def test_build__unknown_source_fails_before_writing(tmp_path):
    target = build(tmp_path / "g.sqlite", [GEONAMES / "NL.txt"], include_default=False)
    before = target.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a gazetteer\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="not a GeoNames file"):
        build(target, [GEONAMES / "IQ.txt", notes], include_default=False)
    assert target.read_bytes() == before
    assert _tmp_files(tmp_path) == []


def test_gazetteer__opened_read_only(built):
    with Gazetteer.open(built) as g:
        with pytest.raises(sqlite3.OperationalError, match="attempt to write a readonly database"):
            g._con.execute("DELETE FROM places")
        assert g.info()["places"] == 28


# -- loader regressions ------------------------------------------------------


def test_detect_kind__first_row_malformed_is_still_a_main_table(tmp_path):
    lines = (GEONAMES / "IQ.txt").read_text(encoding="utf-8").splitlines()
    extract = tmp_path / "extract.txt"
    extract.write_text("\n".join([lines[8], *lines[:8]]) + "\n", encoding="utf-8")
    assert detect_kind(extract) == "places"


def test_detect_kind__renamed_country_info_is_not_a_main_table(tmp_path):
    renamed = tmp_path / "countries.txt"
    renamed.write_bytes((GEONAMES / "countryInfo-noheader.txt").read_bytes())
    assert detect_kind(renamed) != "places"


def test_read_user_places__csv_without_lon_header_raises(tmp_path):
    bad = tmp_path / "points.csv"
    bad.write_text("name,lat,elevation\nCheckpoint 17 North,35.52,300\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="needs a header row with name, lat and lon"):
        list(read_user_places(bad, LoadReport("points.csv")))


# -- command line ------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli") / "cli.sqlite"
    result = CliRunner().invoke(
        cli,
        [
            "gazetteer",
            "build",
            "--no-default",
            str(GEONAMES),
            str(USER),
            "--gazetteer",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "IQ.txt: 2 malformed rows skipped, e.g. IQ.txt:9:" in result.stderr
    assert result.stdout == ""  # progress goes to stderr
    return target


def test_cli_search__json_first_row_is_amsterdam(cli_gazetteer):
    result = CliRunner().invoke(
        cli, ["gazetteer", "search", "Amsterdam", "--json", "--gazetteer", str(cli_gazetteer)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["geonameid"] == 2759794
    assert (rows[0]["name"], rows[0]["feature_code"], rows[0]["source"]) == (
        "Amsterdam",
        "PPLC",
        "NL.txt",
    )
    assert (rows[0]["lat"], rows[0]["lon"]) == (pytest.approx(52.37403), pytest.approx(4.88969))


def test_cli_search__country_filter(cli_gazetteer):
    result = CliRunner().invoke(
        cli,
        ["gazetteer", "search", "Taramiyah", "--country", "IQ", "--json",
         "--gazetteer", str(cli_gazetteer)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["geonameid"] == 98403
    assert rows[0]["key"] == "skeleton"


def test_cli_info__json(cli_gazetteer):
    result = CliRunner().invoke(
        cli, ["gazetteer", "info", "--json", "--gazetteer", str(cli_gazetteer)]
    )
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["places"] == 28
    assert info["by_source"]["NL.txt"] == 8
    assert {s["name"]: s["malformed"] for s in info["sources"]}["IQ.zip"] == 2


def test_cli_add__user_file(tmp_path):
    target = build(tmp_path / "g.sqlite", [GEONAMES / "NL.txt"], include_default=False)
    result = CliRunner().invoke(
        cli, ["gazetteer", "add", str(USER / "places.geojson"), "--gazetteer", str(target)]
    )
    assert result.exit_code == 0, result.output
    with Gazetteer.open(target) as g:
        assert g.info()["by_source"] == {"NL.txt": 8, "places.geojson": 2}
    assert os.listdir(tmp_path) == ["g.sqlite"]


def test_cli_build__non_geonames_txt_is_one_error_line(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Meeting notes\n", encoding="utf-8")
    target = tmp_path / "g.sqlite"
    result = CliRunner().invoke(
        cli, ["gazetteer", "build", "--no-default", str(notes), "--gazetteer", str(target)]
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("geomap: error: ")
    assert lines[0].endswith(
        "notes.txt: not a GeoNames file geomap knows (main table, admin1/admin2 codes, "
        "countryInfo, alternateNames, featureCodes)"
    )
    assert "Traceback" not in result.output
    assert not target.exists()
    assert _tmp_files(tmp_path) == []


def test_cli_build__no_default_needs_a_source(tmp_path):
    result = CliRunner().invoke(
        cli, ["gazetteer", "build", "--no-default", "--gazetteer", str(tmp_path / "g.sqlite")]
    )
    assert result.exit_code == 2
    assert result.stderr == "geomap: error: --no-default needs at least one SOURCE\n"


def test_read_user_places__long_and_lng_headers(tmp_path):
    for column in ("long", "lng", "longitude"):
        path = tmp_path / f"points-{column}.csv"
        path.write_text(f"name,lat,{column}\nCheckpoint 17 North,35.52,44.39\n", encoding="utf-8")
        report = LoadReport(path.name)
        (record,) = read_user_places(path, report)
        assert (record.place.lat, record.place.lon) == (35.52, 44.39)


def test_area_middle__the_middle_of_the_settled_box_not_the_crowd():
    from geomap.gazetteer.embedded import area_middle

    # Three towns crowded in the south and one far north: the mean would sit
    # in the south; the area's middle is halfway up.
    towns = [(42.0, -80.0), (42.1, -79.9), (42.2, -80.1), (52.0, -84.0)]
    assert area_middle(towns) == (47.0, -81.95)


def test_area_middle__across_the_antimeridian():
    from geomap.gazetteer.embedded import area_middle

    # Towns either side of 180 degrees (Chukotka, Fiji): the middle is near 180, not 0.
    lat, lon = area_middle([(-17.0, 178.0), (-16.0, -179.0)])
    assert lat == -16.5
    assert abs(abs(lon) - 179.5) < 1e-9


def test_embedded_gazetteer__a_province_sits_amid_its_towns(gazetteer):
    # Ontario's towns crowd its south; the province's point must be near its
    # middle (about 49 N, 84.5 W), not by Lake Ontario.
    (ontario,) = [
        c.place for c in gazetteer.candidates("Ontario") if c.place.feature_code == "ADM1"
    ]
    assert ontario.lat > 47.0


@pytest.mark.parametrize(
    "name",
    ["Taramiyah", "Fallouja", "Mosoul", "Kirkouk", "Baqouba", "Haditha", "Tikrit", "Raqqah",
     "Dayr az Zawr", "Aleppo", "Halab", "Idlib", "ISIS", "Trump", "Mosul", "Rutba", "Ramadi"],
)  # fmt: skip
def test_candidates__pairs_left_unread_change_nothing(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The skeleton path skips the name rows _score would reject: the same candidates.
    from geomap.gazetteer import lookup
    from geomap.gazetteer.keys import fold

    skipped = gazetteer._candidates_uncached(fold(name), name)
    monkeypatch.setattr(lookup, "_worth_reading", lambda folded, bare, skel, wanted: wanted)
    assert gazetteer._candidates_uncached(fold(name), name) == skipped


def test_could_score__false_only_when_no_candidate_scores_so(gazetteer: Gazetteer) -> None:
    # could_score spares candidates() for close-spelling tests: it must never say
    # False where some candidate reaches the score (a misspelt real name, say).
    import random

    con = sqlite3.connect(gazetteer.path)
    try:
        rows = con.execute("SELECT name FROM names ORDER BY random() LIMIT 400").fetchall()
    finally:
        con.close()
    rng = random.Random(11)
    names = ["Trump", "Facebook", "Taramiyah", "Tarmiyah", "Mosoul", "Fallouja", "Kobane"]
    for (name,) in rows:
        i = rng.randrange(len(name) + 1)
        names += [name, name[:i] + "e" + name[i:], name[:i] + name[i + 1 :], name + "a"]
    said_false = 0
    for name in names:
        for minimum in (0.5, 0.75, 0.8, 0.87):
            if not gazetteer.could_score(name, minimum):
                said_false += 1
                found = gazetteer.candidates(name)
                assert not found or found[0].score < minimum, (name, minimum, found[0])
    assert said_false > 100


def test_candidates__spellings_that_fold_alike_share_rows_not_scores(gazetteer: Gazetteer) -> None:
    # "Baghdad" and "BAGHDAD" read the same rows once; each is still scored as written.
    from geomap.gazetteer.keys import fold

    plain, shouted = gazetteer.candidates("Baghdad"), gazetteer.candidates("BAGHDAD")
    assert plain[0].key == "exact" and shouted[0].key == "folded"
    for name in ("Baghdad", "BAGHDAD", "Baghdad's", "Mosoul"):
        fresh = gazetteer._candidates_uncached(fold(name), name)
        assert tuple(gazetteer.candidates(name, limit=10_000)) == fresh
