"""Incidents -> one self-contained, offline Leaflet map (a single HTML page).

The only module that imports folium. folium lays out the page (the map
element, scale bar, fitting the view to the data); the incidents themselves
travel as one JSON document inside ``<script type="application/json">`` and
are drawn by our own small script, ``geomap/assets/geomap.js``: shaped and
coloured markers per event type (Okabe-Ito colours, readable with the common
colour-vision deficiencies), clustering, a layer per event type, uncertainty
shapes, a heat map, a date-range filter and fullscreen.

Offline by default: Leaflet, Leaflet.markercluster and Leaflet.heat are
inlined at render time from installed registry packages (``xstatic-leaflet``,
``xstatic-leaflet-markercluster`` and the copy of Leaflet.heat in folium's own
wheel), the default base layer is country outlines (Natural Earth shapes from
the ``countryinfo`` package, simplified here), and OpenStreetMap and satellite
tiles are optional base layers for users with a network. ``online=True``
links Leaflet and the plugins from a CDN instead, for a smaller file.

Escaping, per context: document text never becomes markup. Text in the page
body (title, legend) goes through :func:`escape_html`; everything else is
data in the JSON block, escaped by :func:`json_for_script` so that no
``</script>``, ``<!--`` or U+2028/U+2029 can end or bend the block, and the
script puts it on the page with ``textContent``, never ``innerHTML``. A
source URL becomes a link only if it is ``http`` or ``https``
(:func:`safe_url`).
"""

from __future__ import annotations

import base64
import functools
import html
import importlib
import json
import math
import os
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium
import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geomap.export import atomic_write_text, uncertainty_geometry
from geomap.records import Incident, ResolvedMention, Source, sources_of

__all__ = [
    "DEFAULT_COLOR",
    "DEFAULT_SHAPE",
    "EVENT_COLORS",
    "EVENT_SHAPES",
    "escape_html",
    "json_for_script",
    "render_map",
    "safe_url",
    "write_map",
]

EVENT_COLORS: dict[str, str] = {
    "Battles": "#D55E00",  # vermillion
    "Explosions/Remote violence": "#E69F00",  # orange
    "Violence against civilians": "#CC79A7",  # reddish purple
    "Protests": "#0072B2",  # blue
    "Riots": "#56B4E9",  # sky blue
    "Strategic developments": "#009E73",  # bluish green
}
"""Marker colour per ACLED event type, from the Okabe-Ito colour-blind-safe palette."""

DEFAULT_COLOR = "#000000"
"""Colour of any event type not in :data:`EVENT_COLORS` (Okabe-Ito black)."""

EVENT_SHAPES: dict[str, str] = {
    "Battles": "diamond",
    "Explosions/Remote violence": "star",
    "Violence against civilians": "triangle",
    "Protests": "circle",
    "Riots": "square",
    "Strategic developments": "hexagon",
}
"""Marker shape per ACLED event type: a second cue besides colour (and in greyscale)."""

DEFAULT_SHAPE = "cross"
"""Shape of any event type not in :data:`EVENT_SHAPES`."""

_ICON_SIZE = 18  # px; marker icons are drawn in an 18 x 18 SVG view box
_WORLD_CENTER = (20.0, 0.0)  # (lat, lon) of the empty map's view
_WORLD_ZOOM = 2
_MIN_ZOOM = 1
_MAX_ZOOM = 18  # as far as the online tile layers go
_MAX_FIT_ZOOM = 12  # one incident must not zoom to street level
_OUTLINE_TOLERANCE_DEG = 0.05  # Douglas-Peucker tolerance for country outlines (~5 km)
_OUTLINE_DECIMALS = 2  # ~1 km: finer than the simplification, so invisible
_PRECISION_WORDS = {1: "town or exact site", 2: "near or part of a town", 3: "region"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Leaflet and plugins: (package, resource path) of the inlined files, and the
# CDN URL used instead when the page may go online. The CDN versions match
# the packages pinned in pyproject.toml.
_LEAFLET = "xstatic.pkg.leaflet"
_CLUSTER = "xstatic.pkg.leaflet_markercluster"
_CSS_ASSETS: tuple[tuple[str, str, str], ...] = (
    (_LEAFLET, "data/leaflet.css", "https://unpkg.com/leaflet@{leaflet}/dist/leaflet.css"),
    (
        _CLUSTER,
        "data/MarkerCluster.css",
        "https://unpkg.com/leaflet.markercluster@{cluster}/dist/MarkerCluster.css",
    ),
    (
        _CLUSTER,
        "data/MarkerCluster.Default.css",
        "https://unpkg.com/leaflet.markercluster@{cluster}/dist/MarkerCluster.Default.css",
    ),
)
_JS_ASSETS: tuple[tuple[str, str, str], ...] = (
    (_LEAFLET, "data/leaflet.js", "https://unpkg.com/leaflet@{leaflet}/dist/leaflet.js"),
    (
        _CLUSTER,
        "data/leaflet.markercluster.js",
        "https://unpkg.com/leaflet.markercluster@{cluster}/dist/leaflet.markercluster.js",
    ),
    (
        "folium",
        "templates/leaflet_heat.min.js",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/"
        "leaflet_heat.min.js",
    ),
)
_OWN_ASSETS = Path(__file__).resolve().parent / "assets"  # our own CSS and script

# Characters that still mean something inside a JavaScript template literal
# after html.escape: "$" (with "{", starts ${...}), "`" (ends it) and "\" (escapes).
_JS_TEMPLATE_REFS = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;"})

# Inside a <script> block a JSON string must not contain "</script", "<!--"
# or (for older parsers) U+2028/U+2029; in JSON these characters only occur
# inside strings, where the \\uXXXX escapes mean the same characters.
_JSON_SCRIPT_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def escape_html(text: str) -> str:
    """Escape text for HTML, also where it may end up in a JavaScript template literal.

    ``html.escape(quote=True)`` handles ``& < > " '``; then ``$``, backtick and
    backslash become ``&#36;``, ``&#96;`` and ``&#92;``, which the browser shows
    as the original characters but JavaScript never sees.

    >>> escape_html("<b>${x}</b> `C:\\\\u`")
    '&lt;b&gt;&#36;{x}&lt;/b&gt; &#96;C:&#92;u&#96;'
    """
    return html.escape(text, quote=True).translate(_JS_TEMPLATE_REFS)


def json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` and the
    line/paragraph separators U+2028/U+2029 become escapes, so a string holding
    ``</script>`` or ``<!--`` cannot end the element or start a comment; the
    JSON still parses to the same value. NaN and infinities are refused.

    >>> json_for_script({"q": "</script><!-- \\u2028"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(_JSON_SCRIPT_ESCAPES)


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is an absolute ``http``/``https`` URL, else None.

    A source URL becomes a link in the popup; ``javascript:``, ``data:``,
    ``vbscript:`` and relative URLs would run code or point into the page, so
    they are dropped (the title is still shown, as text). Whitespace and
    control characters, which browsers strip to find a scheme, are refused.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> safe_url(" java\\tscript:alert(1)") is None
    True
    """
    if not url or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _color(event_type: str) -> str:
    """Marker colour for an event type; black for types outside the palette."""
    return EVENT_COLORS.get(event_type, DEFAULT_COLOR)


def _polygon_path(corners: int, outer: float, inner: float | None = None) -> str:
    """SVG path of a regular polygon (or a star, with ``inner``) centred in the icon.

    The first corner points up. Coordinates are in the 18 x 18 icon box.
    """
    centre = _ICON_SIZE / 2
    radii = [outer] if inner is None else [outer, inner]
    steps = corners * len(radii)
    points = []
    for k in range(steps):
        angle = -math.pi / 2 + k * 2 * math.pi / steps
        radius = radii[k % len(radii)]
        points.append(
            f"{centre + radius * math.cos(angle):.2f},{centre + radius * math.sin(angle):.2f}"
        )
    return "M" + "L".join(points) + "Z"


_SHAPE_PATHS: dict[str, str] = {
    "circle": "M2,9a7,7 0 1,0 14,0a7,7 0 1,0 -14,0Z",
    "square": "M3,3H15V15H3Z",
    "diamond": "M9,1L17,9L9,17L1,9Z",
    "triangle": "M9,1.5L17,16H1Z",
    "star": _polygon_path(5, 8.5, 3.6),
    "hexagon": _polygon_path(6, 7.8),
    "cross": "M6.5,1H11.5V6.5H17V11.5H11.5V17H6.5V11.5H1V6.5H6.5Z",
}
"""SVG path (18 x 18 box) per marker shape name."""


def _shape_path(event_type: str) -> str:
    """SVG path of the marker shape for an event type."""
    return _SHAPE_PATHS[EVENT_SHAPES.get(event_type, DEFAULT_SHAPE)]


def _icon_svg(event_type: str, size: int = 14) -> str:
    """Inline SVG of a type's marker (for the legend); colour and path are our constants."""
    return (
        f'<svg class="geomap-swatch" width="{size}" height="{size}" '
        f'viewBox="0 0 {_ICON_SIZE} {_ICON_SIZE}" aria-hidden="true">'
        f'<path d="{_shape_path(event_type)}" fill="{_color(event_type)}" '
        'stroke="#222" stroke-width="1.2"/></svg>'
    )


def _quote_parts(quote: str, mention: str) -> list[str]:
    """Split the quote around the first occurrence of the mention: [before, mention, after].

    The page marks the middle part. Without the mention in the quote, the
    middle and last parts are empty.

    >>> _quote_parts("Clashes in Mosul today", "Mosul")
    ['Clashes in ', 'Mosul', ' today']
    >>> _quote_parts("Clashes", "Mosul")
    ['Clashes', '', '']
    """
    at = quote.find(mention) if mention else -1
    if at < 0:
        return [quote, "", ""]
    return [quote[:at], mention, quote[at + len(mention) :]]


def _iso_date(value: str | None) -> str | None:
    """The date if it is an ISO ``YYYY-MM-DD`` string (filterable), else None."""
    return value if value and _ISO_DATE.fullmatch(value) else None


def _source_data(source: Source) -> dict[str, Any]:
    """One report of an incident for the popup: title, safe link, document, marked quote."""
    return {
        "docId": source.doc_id,
        "title": source.title,
        "url": safe_url(source.url),
        "quote": _quote_parts(source.quote, source.mention_text),
    }


def _incident_data(incident: Incident, type_index: int) -> dict[str, Any]:
    """One incident as the page's script needs it: display text, position, shape.

    ``sources`` lists every report of the incident (one unless several were
    merged); the first is also in ``quote``, ``sourceTitle`` and the like.
    """
    return {
        "id": incident.id,
        "type": type_index,
        "subType": incident.sub_event_type,
        "date": _iso_date(incident.date),
        "dateText": incident.date,
        "datePrecision": incident.date_precision,
        "place": ", ".join(p for p in (incident.place, incident.admin1, incident.country) if p),
        "name": incident.place,
        "lat": round(incident.lat, 6),
        "lon": round(incident.lon, 6),
        "precision": incident.geo_precision,
        "precisionText": _PRECISION_WORDS.get(incident.geo_precision, ""),
        "uncertaintyKm": round(incident.uncertainty_km, 1),
        "fatalities": incident.fatalities,
        "injuries": incident.injuries,
        "quote": _quote_parts(incident.quote, incident.mention_text),
        "sourceTitle": incident.source_title,
        "sourceUrl": safe_url(incident.source_url),
        "docId": incident.doc_id,
        "sources": [_source_data(source) for source in sources_of(incident)],
        "geometry": uncertainty_geometry(incident),
    }


def place_key(resolved: ResolvedMention) -> tuple[str, float, float] | None:
    """What makes a mention one entry of the "places" layer (its name and point),
    or None when it has no point to draw (demonyms, abstentions)."""
    location = resolved.location
    if location is None or resolved.mention.kind != "toponym":
        return None
    lat, lon = round(location.lat, 6), round(location.lon, 6)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return resolved.mention.text, lat, lon


def _places_data(mentions: Iterable[ResolvedMention]) -> list[dict[str, Any]]:
    """Every resolved place mention (once per name and point), for the "places" layer."""
    seen: set[tuple[str, float, float]] = set()
    places = []
    for resolved in mentions:
        key = place_key(resolved)
        if key is None or key in seen:
            continue
        seen.add(key)
        text, lat, lon = key
        location = resolved.location
        name = location.place.name if location and location.place else text
        places.append({"text": text, "name": name, "lat": lat, "lon": lon})
    return places


def _page_data(
    incidents: Sequence[Incident], places: Iterable[ResolvedMention] = ()
) -> dict[str, Any]:
    """The JSON document the page's script draws: types (with counts), incidents, places."""
    counts = Counter(incident.event_type for incident in incidents)
    names = sorted(counts)
    index = {name: i for i, name in enumerate(names)}
    types = [
        {"name": name, "color": _color(name), "path": _shape_path(name), "count": counts[name]}
        for name in names
    ]
    items = [_incident_data(incident, index[incident.event_type]) for incident in incidents]
    dates = sorted(item["date"] for item in items if item["date"])
    return {
        "types": types,
        "incidents": items,
        "dateMin": dates[0] if dates else None,
        "dateMax": dates[-1] if dates else None,
        "places": _places_data(places),
    }


@functools.cache
def _country_outlines() -> dict[str, Any]:
    """World country outlines as a GeoJSON FeatureCollection, simplified for the page.

    The shapes are the Natural Earth-derived outlines shipped by the
    ``countryinfo`` package. Each is simplified with a 0.05 degree tolerance
    (topology kept) and rounded to 0.01 degree, which shrinks the layer from
    about 250 kB to about 150 kB while looking the same at the zooms where
    outlines matter; OpenStreetMap is there for detail. Cached per process.
    """
    from countryinfo import CountryInfo

    features = []
    for info in CountryInfo.all().values():
        for feature in (info.get("geoJSON") or {}).get("features", []):
            geom = shape(feature["geometry"])
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            geom = geom.simplify(_OUTLINE_TOLERANCE_DEG, preserve_topology=True)
            geom = shapely.transform(geom, lambda c: np.round(c, _OUTLINE_DECIMALS))
            if geom.is_empty:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": str(info.get("name", ""))},
                    "geometry": mapping(geom),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _package_file(package: str, name: str) -> Path:
    """Path of a file shipped inside an installed package (``name`` relative to it)."""
    module = importlib.import_module(package)
    return Path(str(module.__file__)).parent / name


def _resource_text(package: str, name: str) -> str:
    """Text of a file shipped inside an installed package."""
    return _package_file(package, name).read_text(encoding="utf-8")


def _own_asset(name: str) -> str:
    """Text of one of geomap's own assets (``geomap/assets/``)."""
    return (_OWN_ASSETS / name).read_text(encoding="utf-8")


def _versions() -> dict[str, str]:
    """Versions of the installed asset packages, for the CDN URLs of ``online`` pages."""
    import xstatic.pkg.leaflet
    import xstatic.pkg.leaflet_markercluster

    return {
        "leaflet": xstatic.pkg.leaflet.VERSION,
        "cluster": xstatic.pkg.leaflet_markercluster.VERSION,
    }


def _inline_css_images(css: str, package: str) -> str:
    """Replace ``url(images/x.png)`` in a package's CSS with ``data:`` URIs of the files."""

    def data_uri(match: re.Match[str]) -> str:
        raw = _package_file(package, f"data/{match.group(1)}").read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(raw).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def _script_text(js: str) -> str:
    """JavaScript made safe to put between ``<script>`` tags.

    ``</script`` and ``<!--`` may only occur in strings, regular expressions or
    comments, where ``<\\/script`` and ``<\\!--`` mean the same; source-map
    comments are dropped (the maps are not inlined and would be fetched by
    developer tools).
    """
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    js = js.replace("<!--", "<\\!--")
    return re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)


def _style_text(css: str) -> str:
    """CSS made safe to put between ``<style>`` tags; source-map comments dropped."""
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)


@functools.cache
def _asset_tags(online: bool) -> str:
    """The ``<style>``/``<script>`` (or, online, ``<link>``/``<script src>``) tags of the page.

    Offline, every third-party file is read from its installed package and
    inlined; online, they are linked from a CDN. geomap's own CSS and script
    are always inlined. Cached per process: the files do not change.
    """
    tags = []
    versions = _versions() if online else {}
    for package, name, cdn in _CSS_ASSETS:
        if online:
            tags.append(f'<link rel="stylesheet" href="{cdn.format(**versions)}"/>')
        else:
            css = _inline_css_images(_resource_text(package, name), package)
            tags.append(f"<style>{_style_text(css)}</style>")
    tags.append(f"<style>{_style_text(_own_asset('geomap.css'))}</style>")
    for package, name, cdn in _JS_ASSETS:
        if online:
            tags.append(f'<script src="{cdn.format(**versions)}"></script>')
        else:
            tags.append(f"<script>{_script_text(_resource_text(package, name))}</script>")
    tags.append(f"<script>{_script_text(_own_asset('geomap.js'))}</script>")
    return "\n".join(tags)


def _panel_html(title: str, types: list[dict[str, Any]], date_min: str | None) -> str:
    """The side panel: title, date-range filter (when dates exist) and legend with counts.

    All document text here (title, event type names) is HTML-escaped; dates
    are ISO strings checked by :func:`_iso_date`, colours and shapes are ours.
    """
    items = "".join(
        f'<li data-type="{i}">{_icon_svg(t["name"])}'
        f'<span class="geomap-type-name">{escape_html(t["name"])}</span> '
        f'(<span class="geomap-count" data-type="{i}">{t["count"]}</span>)</li>'
        for i, t in enumerate(types)
    )
    legend = f"<ul>{items}</ul>" if types else '<p class="geomap-empty">No incidents</p>'
    dates = ""
    if date_min is not None:
        dates = (
            '<form id="geomap-dates" class="geomap-dates">'
            "<b>Dates</b>"
            '<label>from <input type="date" id="geomap-date-from"></label>'
            '<label>to <input type="date" id="geomap-date-to"></label>'
            '<input type="range" id="geomap-date-slider" aria-label="Latest date shown">'
            '<label><input type="checkbox" id="geomap-undated" checked> undated</label>'
            '<button type="reset" id="geomap-date-reset">All dates</button>'
            "</form>"
        )
    return (
        '<div id="geomap-panel" class="geomap-panel">'
        f'<div class="geomap-title">{escape_html(title)}</div>'
        f'<div id="geomap-shown" class="geomap-shown"></div>{dates}'
        f'<div id="geomap-legend" class="geomap-legend"><b>Event types</b>{legend}</div>'
        "</div>"
    )


class _GeomapLayers(folium.MacroElement):
    """The script that draws the incidents: calls ``geomap.init`` on the folium map."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
            geomap.init({{ this._parent.get_name() }}, {
                data: "geomap-data",
                countries: "geomap-countries",
                online: {{ this.online | tojson }},
            });
        {% endmacro %}
        """
    )

    def __init__(self, *, online: bool) -> None:
        super().__init__()
        self._name = "GeomapLayers"
        self.online = online


class _PageMap(folium.Map):
    """A folium map that links no CDN: the page's assets are added by :func:`_asset_tags`."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


def _bounds(incidents: Sequence[Incident], shapes: Iterable[dict[str, Any]]) -> list[list[float]]:
    """South-west and north-east ``[lat, lon]`` corners around points and shapes."""
    lats = [i.lat for i in incidents]
    lons = [i.lon for i in incidents]
    for geometry in shapes:
        min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
        lats += [min_lat, max_lat]
        lons += [min_lon, max_lon]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _build_map(
    incidents: Sequence[Incident],
    title: str,
    online: bool,
    places: Iterable[ResolvedMention] = (),
) -> folium.Map:
    """Assemble the page: folium map, assets, data blocks, panel, drawing script, bounds."""
    fmap = _PageMap(
        location=_WORLD_CENTER,
        zoom_start=_WORLD_ZOOM,
        tiles=None,
        control_scale=True,
    )
    # Without tiles folium sets no zoom limits; clustering needs a maximum zoom.
    fmap.options.update(min_zoom=_MIN_ZOOM, max_zoom=_MAX_ZOOM)
    root = fmap.get_root()
    root.header.add_child(folium.Element(f"<title>{escape_html(title)}</title>"))
    root.header.add_child(folium.Element(_asset_tags(online)))
    data = _page_data(incidents, places)
    root.html.add_child(folium.Element(_panel_html(title, data["types"], data["dateMin"])))
    root.html.add_child(
        folium.Element(
            '<script type="application/json" id="geomap-data">'
            f"{json_for_script(data)}</script>"
            '<script type="application/json" id="geomap-countries">'
            f"{json_for_script(_country_outlines())}</script>"
        )
    )
    _GeomapLayers(online=online).add_to(fmap)
    if incidents:
        shapes = [item["geometry"] for item in data["incidents"] if item["geometry"]]
        fmap.fit_bounds(_bounds(incidents, shapes), max_zoom=_MAX_FIT_ZOOM)
    return fmap


def render_map(
    incidents: Iterable[Incident],
    *,
    title: str = "geomap incidents",
    online: bool = False,
    places: Iterable[ResolvedMention] = (),
) -> str:
    """Return a complete HTML page mapping the incidents; it works with no network.

    Markers are coloured and shaped by event type and clustered, with one
    toggleable layer per type, popups (type, date and its precision, place
    and its precision, the quote with the place name marked, the source
    linked when its URL is http(s); every source and quote of an incident
    merged from several reports) and tooltips. Uncertainty shapes and a
    heat map are further layers (the heat map off by default), and so are
    ``places``, every resolved mention, to check the geoparsing (off by
    default, drawn only when given); a panel holds
    the legend with counts and a date-range filter. The default base layer is
    country outlines drawn from data in the page; OpenStreetMap and Esri
    satellite tiles are optional base layers. The view fits the data, or
    shows the whole world when there are no incidents (the page still works).

    ``online=True`` links Leaflet and its plugins from a CDN instead of
    inlining them: about 200 kB smaller, but blank without a network.
    """
    return _build_map(list(incidents), title, online, places).get_root().render()


def write_map(
    incidents: Iterable[Incident],
    path: str | os.PathLike[str],
    *,
    title: str = "geomap incidents",
    online: bool = False,
    places: Iterable[ResolvedMention] = (),
) -> Path:
    """Write :func:`render_map`'s page to ``path`` atomically and return the path.

    Raises :class:`~geomap.errors.OutputError` when the file cannot be written.
    """
    page = render_map(incidents, title=title, online=online, places=places)
    return atomic_write_text(path, page)
