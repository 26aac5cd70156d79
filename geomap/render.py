"""Incidents -> an interactive Leaflet map (one HTML page), via folium.

The only module that imports folium. Markers are coloured by event type with
the Okabe-Ito palette (readable with the common colour-vision deficiencies),
one layer per event type plus one for uncertainty shapes, and a legend.

Every document-derived string passes through :func:`escape_html` before it
reaches the page. HTML escaping alone is not enough here: folium pastes popup
and tooltip HTML into JavaScript template literals inside a ``<script>``, so
``$``, backticks and backslashes are turned into character references too;
an article quoting ``${alert(1)}`` or ``</script>`` then shows as text.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium
from shapely.geometry import shape

from geomap.export import atomic_write_text, uncertainty_geometry
from geomap.records import Incident

__all__ = [
    "DEFAULT_COLOR",
    "EVENT_COLORS",
    "escape_html",
    "render_map",
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

_UNCERTAINTY_LAYER = "Uncertainty"
_WORLD_CENTER = (20.0, 0.0)  # (lat, lon) of the empty map's view
_WORLD_ZOOM = 2
_MAX_FIT_ZOOM = 12  # one incident must not zoom to street level
_UNCERTAINTY_STYLE = {
    "color": "#555555",
    "weight": 1,
    "fillColor": "#999999",
    "fillOpacity": 0.15,
    "dashArray": "4 4",
}

# Characters that still mean something inside a JavaScript template literal
# after html.escape: "$" (with "{", starts ${...}), "`" (ends it) and "\" (escapes).
_JS_TEMPLATE_REFS = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;"})


def escape_html(text: str) -> str:
    """Escape text for HTML that folium may embed in a JavaScript template literal.

    ``html.escape(quote=True)`` handles ``& < > " '``; then ``$``, backtick and
    backslash become ``&#36;``, ``&#96;`` and ``&#92;``, which the browser shows
    as the original characters but JavaScript never sees.

    >>> escape_html("<b>${x}</b> `C:\\\\u`")
    '&lt;b&gt;&#36;{x}&lt;/b&gt; &#96;C:&#92;u&#96;'
    """
    return html.escape(text, quote=True).translate(_JS_TEMPLATE_REFS)


def _color(event_type: str) -> str:
    """Marker colour for an event type; black for types outside the palette."""
    return EVENT_COLORS.get(event_type, DEFAULT_COLOR)


def _highlight_quote(quote: str, mention: str) -> str:
    """Escape the quote and wrap the first occurrence of the mention in ``<mark>``.

    The quote is split before escaping (before, mention, after) so the search
    runs on the raw text and the markup added cannot be escaped or injected.
    """
    at = quote.find(mention) if mention else -1
    if at < 0:
        return escape_html(quote)
    before, after = quote[:at], quote[at + len(mention) :]
    return f"{escape_html(before)}<mark>{escape_html(mention)}</mark>{escape_html(after)}"


def _text(value: Any) -> str:
    """Escaped display text for an optional value; an em dash for missing ones."""
    return "\u2014" if value is None or value == "" else escape_html(str(value))


def _popup_html(incident: Incident) -> str:
    """The popup body: what, when, where, how precisely, the quote and its source."""
    place = ", ".join(p for p in (incident.place, incident.admin1, incident.country) if p)
    source = incident.doc_id
    if incident.source_title:
        source = f"{incident.source_title} ({incident.doc_id})"
    rows = [
        ("Event", f"{_text(incident.event_type)} / {_text(incident.sub_event_type)}"),
        ("Date", f"{_text(incident.date)} ({_text(incident.date_precision)})"),
        ("Place", _text(place)),
        (
            "Precision",
            f"{incident.geo_precision:d} (\u00b1{incident.uncertainty_km:.1f} km)",
        ),
        ("Source", _text(source)),
    ]
    table = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    quote = _highlight_quote(incident.quote, incident.mention_text)
    return f'<table>{table}</table><blockquote dir="auto">{quote}</blockquote>'


def _add_marker(layer: folium.FeatureGroup, incident: Incident) -> None:
    """Add the incident's circle marker, with popup and tooltip, to its layer."""
    color = _color(incident.event_type)
    folium.CircleMarker(
        location=(incident.lat, incident.lon),
        radius=7,
        color=color,
        weight=2,
        fill=True,
        fill_color=color,
        fill_opacity=0.8,
        popup=folium.Popup(_popup_html(incident), max_width=400),
        tooltip=folium.Tooltip(
            f"{escape_html(incident.place)} \u2014 {escape_html(incident.event_type)}"
        ),
    ).add_to(layer)


def _uncertainty_style(_feature: dict[str, Any]) -> dict[str, Any]:
    """Light, dashed outline for uncertainty shapes (folium style callback)."""
    return dict(_UNCERTAINTY_STYLE)


def _add_uncertainty(layer: folium.FeatureGroup, geometry: dict[str, Any]) -> None:
    """Draw one uncertainty shape; it carries coordinates only, no document text."""
    feature = {"type": "Feature", "properties": {}, "geometry": geometry}
    folium.GeoJson(feature, style_function=_uncertainty_style).add_to(layer)


def _legend_html(counts: Counter[str]) -> str:
    """A fixed-position box listing each event type present, its colour and count."""
    items = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;'
        f'border-radius:6px;margin-right:6px;background:{_color(event_type)}"></span>'
        f"{escape_html(event_type)} ({count})</div>"
        for event_type, count in sorted(counts.items())
    )
    return (
        '<div id="geomap-legend" style="position:fixed;bottom:24px;left:12px;'
        "z-index:1000;background:white;padding:6px 10px;border:1px solid #888;"
        'border-radius:4px;font:13px sans-serif;">'
        f"<b>Event types</b>{items}</div>"
    )


def _bounds(incidents: Sequence[Incident], shapes: Iterable[dict[str, Any]]) -> list[list[float]]:
    """South-west and north-east ``[lat, lon]`` corners around points and shapes."""
    lats = [i.lat for i in incidents]
    lons = [i.lon for i in incidents]
    for geometry in shapes:
        min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
        lats += [min_lat, max_lat]
        lons += [min_lon, max_lon]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _build_map(incidents: Sequence[Incident], title: str) -> folium.Map:
    """Assemble the folium map: layers, markers, shapes, legend, bounds."""
    fmap = folium.Map(location=_WORLD_CENTER, zoom_start=_WORLD_ZOOM, tiles="OpenStreetMap")
    fmap.get_root().header.add_child(folium.Element(f"<title>{escape_html(title)}</title>"))
    uncertainty = folium.FeatureGroup(name=_UNCERTAINTY_LAYER)
    layers: dict[str, folium.FeatureGroup] = {}
    shapes: list[dict[str, Any]] = []
    for incident in incidents:
        shape = uncertainty_geometry(incident)
        if shape is not None:
            shapes.append(shape)
            _add_uncertainty(uncertainty, shape)
        if incident.event_type not in layers:
            layers[incident.event_type] = folium.FeatureGroup(name=escape_html(incident.event_type))
        _add_marker(layers[incident.event_type], incident)
    if shapes:
        uncertainty.add_to(fmap)
    for layer in layers.values():
        layer.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    counts = Counter(incident.event_type for incident in incidents)
    fmap.get_root().html.add_child(folium.Element(_legend_html(counts)))
    if incidents:
        fmap.fit_bounds(_bounds(incidents, shapes), max_zoom=_MAX_FIT_ZOOM)
    return fmap


def render_map(incidents: Iterable[Incident], *, title: str = "geomap incidents") -> str:
    """Return a complete HTML page mapping the incidents.

    Markers are coloured by event type, grouped in one toggleable layer per
    type, with popups (escaped quote with the place name marked, date, place,
    precision, source) and tooltips; uncertainty shapes are drawn in an
    "Uncertainty" layer. The view fits the data, or shows the whole world
    when there are no incidents (the page is still valid). Leaflet and the
    OpenStreetMap tiles still load from the network for now.
    """
    return _build_map(list(incidents), title).get_root().render()


def write_map(
    incidents: Iterable[Incident],
    path: str | os.PathLike[str],
    *,
    title: str = "geomap incidents",
) -> Path:
    """Write :func:`render_map`'s page to ``path`` atomically and return the path.

    Raises :class:`~geomap.errors.OutputError` when the file cannot be written.
    """
    return atomic_write_text(path, render_map(incidents, title=title))
