"""Tests for geomap.render: offline assets, legend, data block, escaping, empty maps.

The page's behaviour in a real browser is in test_render_browser.py; these
tests read the HTML and the JSON block the page's script draws from.
"""

from __future__ import annotations

import dataclasses
import html.parser
import json
import re
from pathlib import Path
from typing import Any

import pytest

from geomap.errors import OutputError
from geomap.records import Incident, Location, Mention, Place, ResolvedMention
from geomap.render import (
    DEFAULT_COLOR,
    DEFAULT_SHAPE,
    EVENT_COLORS,
    EVENT_SHAPES,
    escape_html,
    json_for_script,
    render_map,
    safe_url,
    write_map,
)

SECTOR_WKT = "POLYGON ((44.3 33.6, 44.5 33.6, 44.4 33.8, 44.3 33.6))"

HOSTILE_QUOTE = (
    "Gunmen in Mosul (الموصل) wrote <script>alert(1)</script> and "
    "<img src=x onerror=alert(1)> then ${alert(1)} with a ` backtick, "
    "a stray </script> and a path C:\\users\\x, <!-- a comment, "
    "a line\u2028separator and \u202eRTL override."
)
BENIGN_QUOTE = "Gunmen in Mosul attacked a checkpoint on Monday, officials said."
HOSTILE_TYPE = '<img src=x onerror="alert(1)">`${x}`'

# Online tile layers: the only remote URLs the offline page may hold, and only
# as optional (non-default) base layers inside geomap's own script.
TILE_URLS = (
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/",
)


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
        source_title="Iraq report",
        source_url="https://example.org/iraq?a=1&b=2",
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
        fatalities=3,
        mention_text="Mosul",
    )


def page_data(page: str) -> dict[str, Any]:
    """The JSON block the page's script draws from."""
    match = re.search(r'<script type="application/json" id="geomap-data">(.*?)</script>', page)
    assert match is not None
    return json.loads(match.group(1))


def legend(page: str) -> str:
    """The legend's HTML."""
    start = page.index('id="geomap-legend"')
    return page[start : page.index("</div>", start)]


class _Tags(html.parser.HTMLParser):
    """Collects every tag with its attributes, and the text of style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse_tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


# -- escaping helpers ------------------------------------------------------


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


@pytest.mark.parametrize(
    "value",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script>",
        "a\u2028b\u2029c",
        "& &amp; > <",
        HOSTILE_QUOTE,
        {"k</script>": ["</SCRIPT>", None, 1.5]},
    ],
)
def test_json_for_script__round_trips_and_cannot_close(value: Any) -> None:
    text = json_for_script(value)
    assert json.loads(text) == value
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_json_for_script__refuses_nan() -> None:
    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("http://example.org", "http://example.org"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//example.org/x", None),
        ("/relative/path", None),
        ("https://", None),
        ("https://exa mple.org", None),
        ("https://[broken", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url__cases(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


# -- offline assets ----------------------------------------------------------


def test_render_map__offline_page_references_no_remote_url(
    tarmiyah: Incident, mosul: Incident
) -> None:
    page = render_map([tarmiyah, mosul])
    tags = parse_tags(page)
    for tag, attrs in tags.tags:
        for name in ("src", "href", "data", "action", "poster", "srcset"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, name, value)
    assert not [attrs for tag, attrs in tags.tags if tag == "link"]
    assert not [attrs for tag, attrs in tags.tags if tag == "script" and "src" in attrs]
    for css in tags.styles:
        assert "@import" not in css
        for url in re.findall(r"url\(([^)]*)\)", css):
            assert url.strip("'\" ").startswith(("data:", "#")), url
    # The online tile layers are in geomap's own script, as optional base layers.
    for url in TILE_URLS:
        assert page.count(url) == 1, url


def test_render_map__inlines_leaflet_and_plugins_only(tarmiyah: Incident) -> None:
    page = render_map([tarmiyah])
    assert "L.markerClusterGroup=function" in page  # Leaflet.markercluster
    assert "L.heatLayer" in page  # Leaflet.heat from folium's wheel
    assert "window.geomap" in page  # our own script
    assert ".leaflet-container" in page  # Leaflet's CSS
    assert "data:image/png;base64," in page  # its layer-control icon
    lowered = page.lower()
    for unused in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "sourcemappingurl"):
        assert unused not in lowered, unused


def test_render_map__country_outlines_inline(mosul: Incident) -> None:
    page = render_map([mosul])
    match = re.search(r'<script type="application/json" id="geomap-countries">(.*?)</script>', page)
    assert match is not None
    assert len(match.group(1)) < 250_000  # simplified
    outlines = json.loads(match.group(1))
    names = {feature["properties"]["name"] for feature in outlines["features"]}
    assert len(names) > 150
    assert {"Iraq", "France", "Brazil"} <= names


def test_render_map__size_offline_and_online(mosul: Incident) -> None:
    offline = render_map([mosul])
    online = render_map([mosul], online=True)
    assert len(offline.encode("utf-8")) < 600_000
    assert len(online) < len(offline) - 150_000
    assert '<script src="https://unpkg.com/leaflet@1.9.3/dist/leaflet.js"></script>' in online
    assert "leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js" in online
    assert "L.markerClusterGroup=function" not in online


# -- legend, layers, data ---------------------------------------------------------


def test_render_map__legend_labels_and_counts(tarmiyah: Incident, mosul: Incident) -> None:
    second_battle = dataclasses.replace(mosul, id="seed:990-1000", lat=36.4)
    page = render_map([tarmiyah, mosul, second_battle])
    box = legend(page)
    assert re.search(r"Battles</span> \(<span[^>]*>2</span>\)", box)
    assert re.search(r"Strategic developments</span> \(<span[^>]*>1</span>\)", box)
    assert f'fill="{EVENT_COLORS["Battles"]}"' in box
    assert f'fill="{EVENT_COLORS["Strategic developments"]}"' in box
    assert "Riots" not in box


def test_render_map__types_colours_and_shapes(tarmiyah: Incident, mosul: Incident) -> None:
    other = dataclasses.replace(mosul, id="x", event_type="Something else")
    data = page_data(render_map([tarmiyah, mosul, other]))
    types = {t["name"]: t for t in data["types"]}
    assert list(types) == ["Battles", "Something else", "Strategic developments"]
    assert types["Battles"]["color"] == EVENT_COLORS["Battles"]
    assert types["Something else"]["color"] == DEFAULT_COLOR
    assert types["Battles"]["count"] == 1
    paths = {t["path"] for t in data["types"]}
    assert len(paths) == 3  # every type its own shape
    assert [data["types"][i["type"]]["name"] for i in data["incidents"]] == [
        "Strategic developments",
        "Battles",
        "Something else",
    ]


def test_event_shapes__distinct_per_type() -> None:
    assert set(EVENT_SHAPES) == set(EVENT_COLORS)
    assert len(set(EVENT_SHAPES.values()) | {DEFAULT_SHAPE}) == len(EVENT_SHAPES) + 1
    assert len(set(EVENT_COLORS.values()) | {DEFAULT_COLOR}) == len(EVENT_COLORS) + 1


def test_render_map__uncertainty_geometry_in_data(tarmiyah: Incident, mosul: Incident) -> None:
    data = page_data(render_map([tarmiyah, mosul]))
    sector, point_only = data["incidents"]
    assert sector["geometry"]["type"] == "Polygon"
    assert [44.4, 33.8] in sector["geometry"]["coordinates"][0]
    assert point_only["geometry"] is None


def test_render_map__popup_fields(tarmiyah: Incident, mosul: Incident) -> None:
    data = page_data(render_map([tarmiyah, mosul]))
    item, battle = data["incidents"]
    assert item["subType"] == "Security operation"
    assert (item["date"], item["dateText"], item["datePrecision"]) == (
        "2019-07-23",
        "2019-07-23",
        "day",
    )
    assert item["place"] == "Aţ Ţārmīyah, Baghdad, IQ"
    assert (item["precision"], item["uncertaintyKm"]) == (2, 12.5)
    assert item["precisionText"] == "near or part of a town"
    assert item["quote"] == [
        "Iraqi troops patrol in ",
        "Taramiyah",
        ", 50 kilometers north of Baghdad.",
    ]
    assert item["sourceTitle"] == "Iraq report"
    assert item["sourceUrl"] == "https://example.org/iraq?a=1&b=2"
    assert (battle["fatalities"], battle["injuries"]) == (3, None)
    assert (data["dateMin"], data["dateMax"]) == ("2019-07-23", "2020-03-30")


def test_render_map__javascript_url_not_linked(mosul: Incident) -> None:
    hostile = dataclasses.replace(
        mosul, source_title="Click me", source_url="javascript:alert(document.domain)"
    )
    page = render_map([hostile])
    assert "javascript:alert" not in page
    item = page_data(page)["incidents"][0]
    assert item["sourceUrl"] is None
    assert item["sourceTitle"] == "Click me"


def test_render_map__non_iso_date_shown_not_filtered(mosul: Incident) -> None:
    data = page_data(render_map([dataclasses.replace(mosul, date="2020-03")]))
    item = data["incidents"][0]
    assert (item["date"], item["dateText"]) == (None, "2020-03")
    assert data["dateMin"] is None


def test_render_map__fits_bounds(tarmiyah: Incident, mosul: Incident) -> None:
    page = render_map([tarmiyah, mosul])
    match = re.search(r"map_\w+\.fitBounds\(\s*\[\[([^\]]+)\],\s*\[([^\]]+)\]\]", page)
    assert match is not None
    south, west = (float(v) for v in match.group(1).split(","))
    north, east = (float(v) for v in match.group(2).split(","))
    assert (south, west) == (33.6, 43.11889)
    assert (north, east) == (36.335, 44.5)
    assert '"maxZoom": 12' in page


def test_render_map__scale_bar_and_zoom_limits(mosul: Incident) -> None:
    page = render_map([mosul])
    assert "L.control.scale()" in page
    assert '"maxZoom": 18' in page


def test_render_map__places_layer_data(mosul: Incident) -> None:
    place = Place(99072, "Mosul", 36.335, 43.11889, "P", "PPLA", "IQ")
    located = Location(36.335, 43.11889, place, precision=1, uncertainty_km=5.0)
    mentions = [
        ResolvedMention(Mention("Mosul", 0, 5, 0), located, 0.9),
        ResolvedMention(Mention("Mosul", 40, 45, 1), located, 0.9),  # same name and point
        ResolvedMention(Mention("<i>Mawsil</i>", 50, 56, 1), located, 0.8),
        ResolvedMention(Mention("Iraqi", 60, 65, 1, kind="demonym"), located, 0.5),
        ResolvedMention(Mention("Nowhere", 70, 77, 1), None, 0.0),
    ]
    page = render_map([mosul], places=mentions)
    assert page_data(page)["places"] == [
        {"text": "Mosul", "name": "Mosul", "lat": 36.335, "lon": 43.11889},
        {"text": "<i>Mawsil</i>", "name": "Mosul", "lat": 36.335, "lon": 43.11889},
    ]
    assert "<i>Mawsil" not in page


# -- hostile text --------------------------------------------------------------


def test_render_map__hostile_quote_is_data_not_markup(mosul: Incident) -> None:
    hostile = dataclasses.replace(
        mosul, quote=HOSTILE_QUOTE, place="<b>Mosul</b>`${x}`", event_type=HOSTILE_TYPE
    )
    page = render_map([hostile])
    for raw in (
        "<img src=x onerror",
        "<script>alert(1)",
        "</script> and",
        "</script>alert",
        "<!-- a comment",
        "<b>Mosul</b>",
        "\u2028",
    ):
        assert raw not in page, raw
    # Outside the JSON block (inert data, drawn with textContent) nothing is left.
    rest = re.sub(r'<script type="application/json" id="geomap-data">.*?</script>', "", page)
    for raw in ("${alert(1)}", "${x}", "C:\\\\users", "backtick", "Mosul"):
        assert raw not in rest, raw
    item = page_data(page)["incidents"][0]
    assert "".join(item["quote"]) == HOSTILE_QUOTE
    assert item["quote"][1] == "Mosul"
    assert item["name"] == "<b>Mosul</b>`${x}`"
    assert page_data(page)["types"][0]["name"] == HOSTILE_TYPE


def test_render_map__hostile_text_adds_no_tags(mosul: Incident) -> None:
    benign = render_map([mosul], title="t")
    hostile = render_map(
        [dataclasses.replace(mosul, quote=HOSTILE_QUOTE, event_type=HOSTILE_TYPE, place="<i>")],
        title="<script>alert(1)</script>",
    )
    for marker in ("<script", "</script", "<img", "<i>", "<!--"):
        assert hostile.lower().count(marker) == benign.lower().count(marker), marker
    assert [t for t, _ in parse_tags(hostile).tags] == [t for t, _ in parse_tags(benign).tags]


def test_render_map__legend_escapes_event_type(mosul: Incident) -> None:
    page = render_map([dataclasses.replace(mosul, event_type=HOSTILE_TYPE)])
    box = legend(page)
    assert escape_html(HOSTILE_TYPE) in box
    assert "<img" not in box


def test_render_map__mention_not_in_quote(mosul: Incident) -> None:
    item = page_data(render_map([dataclasses.replace(mosul, mention_text="Nowhere")]))
    assert item["incidents"][0]["quote"] == [BENIGN_QUOTE, "", ""]


def test_render_map__title_escaped(mosul: Incident) -> None:
    page = render_map([mosul], title="<Iraq> & co")
    assert "<title>&lt;Iraq&gt; &amp; co</title>" in page
    assert '<div class="geomap-title">&lt;Iraq&gt; &amp; co</div>' in page


# -- edge cases ------------------------------------------------------------------


def test_render_map__empty() -> None:
    page = render_map([])
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert "L.map(" in page
    assert not re.search(r"map_\w+\.fitBounds", page)
    assert '"zoom": 2' in page
    assert "No incidents" in legend(page)
    assert 'id="geomap-dates"' not in page
    assert page_data(page) == {
        "types": [],
        "incidents": [],
        "dateMin": None,
        "dateMax": None,
        "places": [],
    }


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


def test_place_key__one_entry_per_name_and_point_none_without_a_point(gazetteer):
    import geomap
    from geomap.render import place_key

    doc = geomap.parse(
        "Rockets hit Mosul. Mosul was quiet later. Iraqi troops left.", gazetteer=gazetteer
    )
    keys = [place_key(rm) for rm in doc.mentions]
    assert keys[0] == keys[1] and keys[0][0] == "Mosul"
    assert keys[2] is None  # a demonym has no point on the map
