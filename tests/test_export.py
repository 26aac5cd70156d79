"""Tests for geomap.export: RFC 7946 GeoJSON, GeoDataFrame, file exports, atomic writes."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path
from typing import Any

import geopandas
import pyogrio
import pytest
import shapely
from shapely.geometry import LinearRing, Point, Polygon, shape

from geomap import export
from geomap.errors import GeomapError, OutputError
from geomap.export import (
    EXPORT_FORMATS,
    INCIDENT_FIELDS,
    INTEGER_FIELDS,
    UNCERTAINTY_WKT,
    atomic_write_text,
    incident_properties,
    parse_formats,
    split_antimeridian,
    to_geodataframe,
    to_geojson,
    uncertainty_geometry,
    write_csv,
    write_export,
    write_geojson,
    write_geopackage,
    write_kml,
    write_parquet,
)
from geomap.records import Incident

# A sector north of Baghdad, written clockwise on purpose (RFC 7946 wants CCW),
# with more than 6 decimals so rounding shows.
SECTOR_CW_WKT = (
    "POLYGON ((44.3012345678 33.6, 44.4 33.8000004, 44.5 33.6, 44.4 33.55, 44.3012345678 33.6))"
)


@pytest.fixture
def tarmiyah() -> Incident:
    """A photo-caption incident placed by a hint, with an uncertainty sector."""
    return Incident(
        id="seed:120-260",
        event_type="Strategic developments",
        sub_event_type="Security operation",
        date="2019-07-23",
        date_precision="day",
        place="Aţ Ţārmīyah",
        geonameid=89570,
        country="IQ",
        admin1="Baghdad",
        lat=33.674441234,
        lon=44.395834567,
        geo_precision=1,
        uncertainty_km=12.5,
        quote="Iraqi troops patrol in Taramiyah, 50 kilometers (31 miles) north of Baghdad.",
        doc_id="seed",
        start=120,
        end=260,
        geometry_wkt=SECTOR_CW_WKT,
        mention_text="Taramiyah",
        source_title="Iraq report",
        source_url="https://example.org/iraq",
        evidence=("hint: 50 km north of Baghdad", "gazetteer point inside sector"),
    )


@pytest.fixture
def mosul() -> Incident:
    """A point incident without uncertainty shape, with casualty counts."""
    return Incident(
        id="seed:900-980",
        event_type="Battles",
        sub_event_type="Armed clash",
        date="2020-03-30",
        date_precision="day",
        place="Mosul",
        geonameid=99072,
        country="IQ",
        admin1="Nineveh",
        lat=36.335,
        lon=43.11889,
        geo_precision=1,
        uncertainty_km=5.0,
        quote="Clashes in Mosul (الموصل) killed 3 and wounded 7.",
        doc_id="seed",
        start=900,
        end=980,
        fatalities=3,
        injuries=7,
        mention_text="Mosul",
    )


@pytest.fixture
def incidents(tarmiyah: Incident, mosul: Incident) -> list[Incident]:
    return [tarmiyah, mosul]


def test_incident_fields__order() -> None:
    assert INCIDENT_FIELDS[:3] == ("id", "event_type", "sub_event_type")
    assert INCIDENT_FIELDS[-3:] == ("evidence", "source_count", "sources")
    assert len(INCIDENT_FIELDS) == 25
    assert len(set(INCIDENT_FIELDS)) == len(INCIDENT_FIELDS)


def test_incident_properties__values(tarmiyah: Incident) -> None:
    props = incident_properties(tarmiyah)
    assert tuple(props) == INCIDENT_FIELDS
    assert props["lat"] == 33.674441
    assert props["lon"] == 44.395835
    assert props["evidence"] == ["hint: 50 km north of Baghdad", "gazetteer point inside sector"]
    assert props["place"] == "Aţ Ţārmīyah"
    assert props["geonameid"] == 89570
    assert props["fatalities"] is None
    assert props["source_url"] == "https://example.org/iraq"
    assert props["source_count"] == 1
    assert props["sources"] == [
        {
            "doc_id": "seed",
            "incident_id": "seed:120-260",
            "title": "Iraq report",
            "url": "https://example.org/iraq",
            "quote": tarmiyah.quote,
            "start": 120,
            "end": 260,
            "mention_text": "Taramiyah",
        }
    ]


def test_to_geojson__feature_collection(incidents: list[Incident]) -> None:
    collection = to_geojson(incidents)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert [f["type"] for f in collection["features"]] == ["Feature", "Feature"]
    assert [f["id"] for f in collection["features"]] == ["seed:120-260", "seed:900-980"]
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"])


def test_to_geojson__keeps_input_order(incidents: list[Incident]) -> None:
    reversed_ids = [f["id"] for f in to_geojson(reversed(incidents))["features"]]
    assert reversed_ids == ["seed:900-980", "seed:120-260"]


def test_to_geojson__coordinates_lon_lat_rounded(incidents: list[Incident]) -> None:
    features = to_geojson(incidents)["features"]
    assert features[0]["geometry"]["coordinates"] == [44.395835, 33.674441]
    assert features[1]["geometry"]["coordinates"] == [43.11889, 36.335]


def test_to_geojson__properties_equal_incident_fields(incidents: list[Incident]) -> None:
    for feature, incident in zip(to_geojson(incidents)["features"], incidents, strict=True):
        props = dict(feature["properties"])
        props.pop("uncertainty_geometry")
        assert tuple(props) == INCIDENT_FIELDS
        for name in INCIDENT_FIELDS[:-2]:
            expected = getattr(incident, name)
            if name in ("lat", "lon"):
                expected = round(expected, 6)
            elif name == "evidence":
                expected = list(expected)
            assert props[name] == expected, name
        assert props["source_count"] == 1
        assert [s["incident_id"] for s in props["sources"]] == [incident.id]


def test_to_geojson__json_round_trip(incidents: list[Incident]) -> None:
    collection = to_geojson(incidents)
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == collection


def test_to_geojson__uncertainty_polygon_ccw_and_rounded(tarmiyah: Incident) -> None:
    props = to_geojson([tarmiyah])["features"][0]["properties"]
    geometry = props["uncertainty_geometry"]
    assert geometry["type"] == "Polygon"
    exterior = geometry["coordinates"][0]
    assert LinearRing(exterior).is_ccw
    assert exterior[0] == exterior[-1]
    assert [44.301235, 33.6] in exterior
    assert [44.4, 33.8] in exterior
    assert all(round(c, 6) == c for position in exterior for c in position)
    # the incident's point lies in its own uncertainty shape
    assert shape(geometry).contains(Point(tarmiyah.lon, tarmiyah.lat))


def test_to_geojson__no_shape_gives_null(mosul: Incident) -> None:
    props = to_geojson([mosul])["features"][0]["properties"]
    assert props["uncertainty_geometry"] is None


def test_uncertainty_geometry__multipolygon_each_part_ccw(mosul: Incident) -> None:
    wkt = "MULTIPOLYGON (((0 0, 0 1, 1 1, 0 0)), ((5 5, 5 6, 6 6, 5 5)))"
    geometry = uncertainty_geometry(dataclasses.replace(mosul, geometry_wkt=wkt))
    assert geometry is not None
    assert geometry["type"] == "MultiPolygon"
    assert all(LinearRing(part[0]).is_ccw for part in geometry["coordinates"])


def test_uncertainty_geometry__invalid_wkt_raises(mosul: Incident) -> None:
    broken = dataclasses.replace(mosul, geometry_wkt="POLYGON ((1 2, 3")
    with pytest.raises(OutputError, match="seed:900-980"):
        uncertainty_geometry(broken)


def test_to_geojson__empty() -> None:
    assert to_geojson([]) == {"type": "FeatureCollection", "features": []}


def test_write_geojson__read_file_round_trip(incidents: list[Incident], tmp_path: Path) -> None:
    path = write_geojson(incidents, tmp_path / "incidents.geojson")
    assert path == tmp_path / "incidents.geojson"
    frame = geopandas.read_file(path, engine="pyogrio")
    assert len(frame) == len(incidents)
    assert frame.crs.to_epsg() == 4326
    points = [(p.x, p.y) for p in frame.geometry]
    assert points == [(44.395835, 33.674441), (43.11889, 36.335)]
    assert list(frame["place"]) == ["Aţ Ţārmīyah", "Mosul"]
    assert list(frame["event_type"]) == ["Strategic developments", "Battles"]


def test_write_geojson__utf8_unescaped(incidents: list[Incident], tmp_path: Path) -> None:
    path = write_geojson(incidents, tmp_path / "incidents.geojson")
    text = path.read_text(encoding="utf-8")
    assert "Aţ Ţārmīyah" in text
    assert "الموصل" in text
    assert json.loads(text) == to_geojson(incidents)


def test_write_geojson__no_temp_files_left(incidents: list[Incident], tmp_path: Path) -> None:
    write_geojson(incidents, tmp_path / "incidents.geojson")
    write_geojson(incidents[:1], tmp_path / "incidents.geojson")  # replace existing
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.geojson"]
    collection = json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))
    assert len(collection["features"]) == 1


def test_write_geojson__missing_directory_raises(incidents: list[Incident], tmp_path: Path) -> None:
    target = tmp_path / "missing" / "incidents.geojson"
    with pytest.raises(OutputError, match="does not exist") as info:
        write_geojson(incidents, target)
    assert isinstance(info.value, GeomapError)
    assert isinstance(info.value, OSError)
    assert not target.parent.exists()


def test_write_geojson__non_finite_coordinates_raise(mosul: Incident, tmp_path: Path) -> None:
    broken = dataclasses.replace(mosul, lat=math.nan)
    with pytest.raises(OutputError, match="non-finite"):
        write_geojson([broken], tmp_path / "incidents.geojson")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_text__failed_rename_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def failing_replace(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.os, "replace", failing_replace)
    with pytest.raises(OutputError, match="Permission denied") as info:
        atomic_write_text(target, "new")
    assert isinstance(info.value.__cause__, PermissionError)
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_text__new_file_readable_per_umask(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    export._file_mode.cache_clear()
    path = atomic_write_text(tmp_path / "out.txt", "text")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_to_geodataframe__columns_crs_values(incidents: list[Incident]) -> None:
    frame = to_geodataframe(incidents)
    assert frame.crs.to_epsg() == 4326
    assert list(frame.columns) == [*INCIDENT_FIELDS, "geometry"]
    assert len(frame) == 2
    assert frame.loc[0, "evidence"] == "hint: 50 km north of Baghdad; gazetteer point inside sector"
    assert frame.loc[1, "evidence"] == ""
    assert (frame.geometry.x.tolist(), frame.geometry.y.tolist()) == (
        [44.395835, 43.11889],
        [33.674441, 36.335],
    )
    assert frame.loc[1, "fatalities"] == 3


def test_to_geodataframe__empty() -> None:
    frame = to_geodataframe([])
    assert len(frame) == 0
    assert list(frame.columns) == [*INCIDENT_FIELDS, "geometry"]
    assert frame.crs.to_epsg() == 4326


# -- antimeridian --------------------------------------------------------------


def _lons(geometry: Any) -> list[float]:
    return [x for x, _ in shapely.get_coordinates(geometry)]


@pytest.mark.parametrize(
    "ring",
    [
        [(179, -18), (-179, -18), (-179, -17), (179, -17), (179, -18)],  # wrapped
        [(179, -18), (181, -18), (181, -17), (179, -17), (179, -18)],  # unwrapped east
        [(-181, -18), (-179, -18), (-179, -17), (-181, -17), (-181, -18)],  # unwrapped west
    ],
)
def test_split_antimeridian__two_parts(ring: list[tuple[float, float]]) -> None:
    split = split_antimeridian(Polygon(ring))
    assert split.geom_type == "MultiPolygon"
    bounds = sorted(part.bounds for part in split.geoms)
    assert bounds == [(-180.0, -18.0, -179.0, -17.0), (179.0, -18.0, 180.0, -17.0)]
    assert split.area == pytest.approx(2.0)


def test_split_antimeridian__keeps_holes() -> None:
    shell = [(178, -20), (-178, -20), (-178, -16), (178, -16), (178, -20)]
    hole = [(179.5, -18.5), (179.5, -17.5), (-179.5, -17.5), (-179.5, -18.5), (179.5, -18.5)]
    split = split_antimeridian(Polygon(shell, [hole]))
    assert split.area == pytest.approx(16.0 - 1.0)
    assert all(-180 <= x <= 180 for x in _lons(split))


@pytest.mark.parametrize(
    "wkt",
    [
        "POLYGON ((44.3 33.6, 44.5 33.6, 44.4 33.8, 44.3 33.6))",
        "MULTIPOLYGON (((179 0, 180 0, 180 1, 179 0)), ((-180 0, -179 0, -180 1, -180 0)))",
        "POINT (179 0)",
    ],
)
def test_split_antimeridian__leaves_others_alone(wkt: str) -> None:
    geom = shapely.from_wkt(wkt)
    assert split_antimeridian(geom).equals(geom)


def test_uncertainty_geometry__antimeridian_split_ccw(mosul: Incident) -> None:
    fiji = dataclasses.replace(
        mosul,
        lat=-17.5,
        lon=179.9,
        geometry_wkt="POLYGON ((179.5 -18, -179.5 -18, -179.5 -17, 179.5 -17, 179.5 -18))",
    )
    geometry = uncertainty_geometry(fiji)
    assert geometry is not None
    assert geometry["type"] == "MultiPolygon"
    assert all(LinearRing(part[0]).is_ccw for part in geometry["coordinates"])
    assert all(-180 <= x <= 180 for x in _lons(shape(geometry)))
    assert shape(geometry).area == pytest.approx(1.0)


def test_uncertainty_geometry__hint_disc_near_antimeridian(mosul: Incident) -> None:
    from geomap.hints import disc

    wkt = disc(-17.7, 179.9, 50.0).wkt
    geometry = uncertainty_geometry(dataclasses.replace(mosul, geometry_wkt=wkt))
    assert geometry is not None
    assert all(-180 <= x <= 180 for x in _lons(shape(geometry)))
    assert max(_lons(shape(geometry))) - min(_lons(shape(geometry))) <= 360
    assert shape(geometry).area < 1.0  # a 50 km disc, not a band round the globe


# -- file exports -----------------------------------------------------------------


def test_to_geodataframe__integer_fields_nullable(incidents: list[Incident]) -> None:
    frame = to_geodataframe(incidents)
    for name in INTEGER_FIELDS:
        assert str(frame[name].dtype) == "Int64", name
    assert frame["fatalities"].isna().tolist() == [True, False]


def _int64_mapper(arrow_type: Any) -> Any:
    import pandas
    import pyarrow

    return pandas.Int64Dtype() if arrow_type == pyarrow.int64() else None


def _assert_same_frame(got: Any, expected: Any) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    assert got.crs.to_epsg() == 4326
    for name in expected.columns:
        if name == "geometry":
            assert list(got.geometry) == list(expected.geometry)
            continue
        want = [None if _missing(v) else v for v in expected[name]]
        have = [None if _missing(v) else v for v in got[name]]
        assert have == want, name


def _missing(value: Any) -> bool:
    import pandas

    return value is None or bool(pandas.isna(value))


def test_write_geopackage__round_trip(incidents: list[Incident], tmp_path: Path) -> None:
    path = write_geopackage(incidents, tmp_path / "incidents.gpkg")
    assert path == tmp_path / "incidents.gpkg"
    assert pyogrio.list_layers(path).tolist() == [["incidents", "Point"]]
    got = pyogrio.read_dataframe(
        path, use_arrow=True, arrow_to_pandas_kwargs={"types_mapper": _int64_mapper}
    )
    expected = export._export_frame(incidents)
    _assert_same_frame(got, expected)
    for name in INTEGER_FIELDS:
        assert str(got[name].dtype) == "Int64", name
    assert got.loc[0, UNCERTAINTY_WKT].startswith("POLYGON ((")
    assert got.loc[1, UNCERTAINTY_WKT] == ""
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.gpkg"]


def test_write_parquet__round_trip(incidents: list[Incident], tmp_path: Path) -> None:
    path = write_parquet(incidents, tmp_path / "incidents.parquet")
    got = geopandas.read_parquet(path)
    expected = export._export_frame(incidents)
    _assert_same_frame(got, expected)
    assert list(got.dtypes.astype(str)) == list(expected.dtypes.astype(str))
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.parquet"]


def test_write_csv__longitude_latitude(incidents: list[Incident], tmp_path: Path) -> None:
    import pandas

    path = write_csv(incidents, tmp_path / "incidents.csv")
    table = pandas.read_csv(path, keep_default_na=False, na_values=[""])
    assert "longitude" in table.columns and "latitude" in table.columns
    assert "lat" not in table.columns and "lon" not in table.columns
    assert table["longitude"].tolist() == [44.395835, 43.11889]
    assert table["latitude"].tolist() == [33.674441, 36.335]
    frame = geopandas.GeoDataFrame(
        table,
        geometry=geopandas.points_from_xy(table["longitude"], table["latitude"]),
        crs="EPSG:4326",
    )
    assert list(frame.geometry) == list(to_geodataframe(incidents).geometry)
    assert table["place"].tolist() == ["Aţ Ţārmīyah", "Mosul"]
    assert "الموصل" in table.loc[1, "quote"]
    assert table["fatalities"].isna().tolist() == [True, False]
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,event_type,sub_event_type,date,date_precision,place")


def test_write_kml__timestamps_and_fields(
    incidents: list[Incident], mosul: Incident, tmp_path: Path
) -> None:
    undated = dataclasses.replace(mosul, id="u", date=None, date_precision=None)
    path = write_kml([*incidents, undated], tmp_path / "incidents.kml")
    text = path.read_text(encoding="utf-8")
    assert text.count("<TimeStamp>") == 2
    assert "<when>2019-07-23</when>" in text and "<when>2020-03-30</when>" in text
    assert "<name>Strategic developments: Aţ Ţārmīyah</name>" in text
    got = geopandas.read_file(path, engine="pyogrio")
    assert len(got) == 3
    assert got["Name"].tolist()[:2] == ["Strategic developments: Aţ Ţārmīyah", "Battles: Mosul"]
    assert got["id"].tolist() == ["seed:120-260", "seed:900-980", "u"]
    assert got["char_end"].astype(int).tolist() == [260, 980, 980]
    assert [(p.x, p.y) for p in got.geometry][:2] == [(44.395835, 33.674441), (43.11889, 36.335)]
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.kml"]


@pytest.mark.parametrize("fmt", [*EXPORT_FORMATS, "geojson"])
def test_write_export__every_format_atomic(
    fmt: str, incidents: list[Incident], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"incidents.{fmt}"
    write_export(incidents, target, fmt)
    before = target.read_bytes()

    def failing_replace(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.os, "replace", failing_replace)
    with pytest.raises(OutputError, match="Permission denied"):
        write_export(incidents[:1], target, fmt)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_write_export__missing_directory(
    fmt: str, incidents: list[Incident], tmp_path: Path
) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_export(incidents, tmp_path / "missing" / f"incidents.{fmt}", fmt)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_write_export__empty(fmt: str, tmp_path: Path) -> None:
    path = write_export([], tmp_path / f"incidents.{fmt}", fmt)
    assert path.exists()


def test_write_export__unknown_format(incidents: list[Incident], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'shp'"):
        write_export(incidents, tmp_path / "incidents.shp", "shp")


# -- the map command's --format and --online --------------------------------------


def test_parse_formats__cases() -> None:
    assert parse_formats(()) == ()
    assert parse_formats(["gpkg,csv,kml,parquet"]) == EXPORT_FORMATS
    assert parse_formats([" KML ", "kml,", "geojson"]) == ("kml",)
    with pytest.raises(ValueError, match="unknown format 'shp'; choose from gpkg, csv"):
        parse_formats(["gpkg,shp"])


def test_map_command__formats_and_online(gazetteer_path: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from geomap.cli import cli
    from tests.conftest import SEED

    out = tmp_path / "out"
    args = ["map", str(SEED), "--out", str(out), "--gazetteer", str(gazetteer_path)]
    result = CliRunner().invoke(cli, [*args, "--format", "gpkg,csv", "--format", "kml,parquet"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"incidents.{ext}" for ext in sorted(["csv", "geojson", "gpkg", "html", "kml", "parquet"])
    ]
    collection = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    count = len(collection["features"])
    assert count >= 4
    assert len(geopandas.read_file(out / "incidents.gpkg")) == count
    assert len(geopandas.read_parquet(out / "incidents.parquet")) == count
    assert len(geopandas.read_file(out / "incidents.kml")) == count
    assert ",latitude,longitude," in (out / "incidents.csv").read_text(encoding="utf-8")
    offline = (out / "incidents.html").stat().st_size

    result = CliRunner().invoke(cli, [*args, "--online"])
    assert result.exit_code == 0, result.output
    html = (out / "incidents.html").read_text(encoding="utf-8")
    assert '<script src="https://unpkg.com/leaflet@' in html
    assert len(html.encode("utf-8")) < offline - 150_000


def test_map_command__unknown_format_fails_before_work(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from geomap.cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["map", "missing.txt", "--out", str(out), "--format", "gpkg,shp"]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--format': unknown format 'shp'" in result.output
    assert not out.exists()
