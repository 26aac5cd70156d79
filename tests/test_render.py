"""Tests for geomap.render: legend, layers, escaping of hostile text, empty maps."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from geomap.errors import OutputError
from geomap.records import Incident
from geomap.render import DEFAULT_COLOR, EVENT_COLORS, escape_html, render_map, write_map

SECTOR_WKT = "POLYGON ((44.3 33.6, 44.5 33.6, 44.4 33.8, 44.3 33.6))"

HOSTILE_QUOTE = (
    "Gunmen in Mosul (الموصل) wrote <script>alert(1)</script> and "
    "<img src=x onerror=alert(1)> then ${alert(1)} with a ` backtick, "
    "a stray </script> and a path C:\\users\\x."
)
BENIGN_QUOTE = "Gunmen in Mosul attacked a checkpoint on Monday, officials said."


@pytest.fixture
def tarmiyah() -> Incident:
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
        lat=33.67444,
        lon=44.39583,
        geo_precision=2,
        uncertainty_km=12.5,
        quote="Iraqi troops patrol in Taramiyah, 50 kilometers north of Baghdad.",
        doc_id="seed",
        start=120,
        end=260,
        geometry_wkt=SECTOR_WKT,
        mention_text="Taramiyah",
    )


@pytest.fixture
def mosul() -> Incident:
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
        quote=BENIGN_QUOTE,
        doc_id="seed",
        start=900,
        end=980,
        mention_text="Mosul",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("<b>", "&lt;b&gt;"),
        ("a & b", "a &amp; b"),
        ("\"'", "&quot;&#x27;"),
        ("${x}", "&#36;{x}"),
        ("`", "&#96;"),
        ("C:\\users\\x", "C:&#92;users&#92;x"),
        ("الموصل", "الموصل"),
    ],
)
def test_escape_html__cases(text: str, expected: str) -> None:
    assert escape_html(text) == expected


def test_render_map__legend_labels_and_counts(tarmiyah: Incident, mosul: Incident) -> None:
    second_battle = dataclasses.replace(mosul, id="seed:990-1000", lat=36.4)
    page = render_map([tarmiyah, mosul, second_battle])
    legend = page[page.index('id="geomap-legend"') :]
    assert "Battles (2)" in legend
    assert "Strategic developments (1)" in legend
    assert EVENT_COLORS["Battles"] in legend
    assert EVENT_COLORS["Strategic developments"] in legend
    assert "Riots" not in legend


def test_render_map__marker_colours_and_layers(tarmiyah: Incident, mosul: Incident) -> None:
    other = dataclasses.replace(mosul, id="x", event_type="Something else")
    page = render_map([tarmiyah, mosul, other])
    assert page.count(f'"fillColor": "{EVENT_COLORS["Battles"]}"') == 1
    assert page.count(f'"fillColor": "{DEFAULT_COLOR}"') == 1
    for name in ("Battles", "Strategic developments", "Something else", "Uncertainty"):
        assert f'"{name}" :' in page
    assert "L.control.layers" in page


def test_render_map__uncertainty_drawn(tarmiyah: Incident) -> None:
    page = render_map([tarmiyah])
    assert "44.3" in page and "33.8" in page
    assert '"Polygon"' in page
    assert '"dashArray": "4 4"' in page


def test_render_map__popup_fields_and_mark(tarmiyah: Incident) -> None:
    page = render_map([tarmiyah])
    assert "Strategic developments / Security operation" in page
    assert "2019-07-23 (day)" in page
    assert "Aţ Ţārmīyah, Baghdad, IQ" in page
    assert "2 (±12.5 km)" in page
    assert "patrol in <mark>Taramiyah</mark>, 50 kilometers" in page
    assert "Aţ Ţārmīyah — Strategic developments" in page  # tooltip


def test_render_map__fits_bounds(tarmiyah: Incident, mosul: Incident) -> None:
    page = render_map([tarmiyah, mosul])
    match = re.search(r"fitBounds\(\s*\[\[([^\]]+)\],\s*\[([^\]]+)\]\]", page)
    assert match is not None
    south, west = (float(v) for v in match.group(1).split(","))
    north, east = (float(v) for v in match.group(2).split(","))
    assert (south, west) == (33.6, 43.11889)
    assert (north, east) == (36.335, 44.5)


def test_render_map__hostile_quote_escaped(mosul: Incident) -> None:
    hostile = dataclasses.replace(mosul, quote=HOSTILE_QUOTE, place="<b>Mosul</b>`${x}`")
    page = render_map([hostile])
    for raw in (
        "<img src=x onerror",
        "${alert(1)}",
        "<script>alert(1)",
        "</script> and",
        "</script>alert",
        "C:\\users",
        "<b>Mosul</b>",
        "${x}",
    ):
        assert raw not in page, raw
    for escaped in (
        "&lt;img src=x onerror=alert(1)&gt;",
        "&#36;{alert(1)}",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "a &#96; backtick",
        "a stray &lt;/script&gt;",
        "C:&#92;users&#92;x",
        "&lt;b&gt;Mosul&lt;/b&gt;&#96;&#36;{x}&#96;",
        "الموصل",
        "<mark>Mosul</mark>",
    ):
        assert escaped in page, escaped


def test_render_map__hostile_quote_adds_no_script_tags(mosul: Incident) -> None:
    benign = render_map([mosul])
    hostile = render_map([dataclasses.replace(mosul, quote=HOSTILE_QUOTE)])
    assert hostile.lower().count("<script") == benign.lower().count("<script")
    assert hostile.lower().count("</script") == benign.lower().count("</script")


def test_render_map__mention_not_in_quote(mosul: Incident) -> None:
    page = render_map([dataclasses.replace(mosul, mention_text="Nowhere")])
    assert "<mark>" not in page
    assert escape_html(BENIGN_QUOTE) in page


def test_render_map__title_escaped(mosul: Incident) -> None:
    page = render_map([mosul], title="<Iraq> & co")
    assert "<title>&lt;Iraq&gt; &amp; co</title>" in page


def test_render_map__empty() -> None:
    page = render_map([])
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert "L.map(" in page
    assert "fitBounds" not in page
    assert '"zoom": 2' in page
    assert 'id="geomap-legend"' in page


def test_write_map__writes_file(tarmiyah: Incident, tmp_path: Path) -> None:
    path = write_map([tarmiyah], tmp_path / "incidents.html", title="Iraq")
    assert path == tmp_path / "incidents.html"
    text = path.read_text(encoding="utf-8")
    assert "<title>Iraq</title>" in text
    assert "Aţ Ţārmīyah" in text
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.html"]


def test_write_map__missing_directory(tarmiyah: Incident, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_map([tarmiyah], tmp_path / "nope" / "incidents.html")
