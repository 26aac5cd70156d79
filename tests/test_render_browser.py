"""The rendered map in a real browser: Debian's Chromium driven by Playwright.

Every request other than the page's own file is blocked and recorded, so these
tests prove the page works offline and fetches nothing. They check markers
per type, popups, layer toggles, the date filter, the heat map, and that
hostile document text shows as text and never runs. Playwright uses the
system Chromium (``executable_path``); nothing is downloaded. Skipped, with
the reason, where no Chromium is installed (``apt-get install chromium``).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from geomap.records import Incident
from geomap.render import write_map


def _chromium() -> str | None:
    """The Chromium to drive: $GEOMAP_CHROMIUM, else chromium on PATH."""
    return os.environ.get("GEOMAP_CHROMIUM") or shutil.which("chromium")


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: install Debian's (apt-get install -y chromium) "
    "or set GEOMAP_CHROMIUM to a Chromium binary",
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is missing: pip install -e '.[dev]'"
)

PWN = "window.__pwned = (window.__pwned || 0) + 1"
HOSTILE_QUOTE = (
    f"Gunmen in Mosul (مدينة الموصل) wrote <script>{PWN}</script> and "
    f'<img src=x onerror="{PWN}"> then ${{{PWN}}} with a ` backtick, '
    f"a stray </script><script>{PWN}</script> and a path C:\\users\\x, "
    "<!-- a comment, a line\u2028separator."
)
HOSTILE_TYPE = f'<img src=y onerror="{PWN}">'
HOSTILE_TITLE = f"<script>{PWN}</script> Iraq & co"


def _incident(n: int, event_type: str, place: str, lat: float, lon: float, **kw: Any) -> Incident:
    fields: dict[str, Any] = {
        "id": f"doc:{n}",
        "event_type": event_type,
        "sub_event_type": "Armed clash",
        "date": "2020-03-01",
        "date_precision": "day",
        "place": place,
        "geonameid": None,
        "country": "",
        "admin1": "",
        "lat": lat,
        "lon": lon,
        "geo_precision": 1,
        "uncertainty_km": 5.0,
        "quote": f"Fighting was reported in {place} on Sunday.",
        "doc_id": "doc",
        "start": 0,
        "end": 10,
        "mention_text": place,
    }
    fields.update(kw)
    return Incident(**fields)


# Far apart, so that no two cluster at the zoom that fits them all.
INCIDENTS = [
    _incident(
        1,
        "Battles",
        "Mosul",
        36.335,
        43.119,
        quote=HOSTILE_QUOTE,
        source_title="<b>Bad link</b>",
        source_url=f"javascript:{PWN}",
    ),
    _incident(2, "Battles", "Lagos", 6.45, 3.39, date="2020-01-15"),
    _incident(
        3,
        "Protests",
        "Bogotá",
        4.71,
        -74.07,
        date="2019-12-01",
        source_title="Good source",
        source_url="https://example.org/report?a=1&b=2",
    ),
    _incident(4, "Riots", "Jakarta", -6.2, 106.85, date=None, date_precision=None),
    _incident(
        5,
        HOSTILE_TYPE,
        "Kyiv",
        50.45,
        30.52,
        geometry_wkt="POLYGON ((30 50, 31 50, 30.5 51, 30 50))",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium and one browser context for the module (a page per test)."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        yield context
        context.close()
        chromium.close()


@dataclasses.dataclass
class MapPage:
    """An opened map: the Playwright page, blocked requests and console errors."""

    page: Any
    url: str
    requests: list[str]
    errors: list[str]

    def count(self, selector: str) -> int:
        return int(self.page.locator(selector).count())

    def markers(self, type_index: int) -> int:
        return self.count(f".geomap-marker.geomap-type-{type_index}")

    def overlay(self, label: str) -> Any:
        return self.page.locator(".leaflet-control-layers-overlays label", has_text=label).locator(
            "input"
        )


@pytest.fixture
def open_map(browser: Any, tmp_path: Path) -> Iterator[Callable[..., MapPage]]:
    """Render incidents to a file and open it with the network blocked."""
    pages: list[Any] = []

    def opener(incidents: list[Incident], title: str = "geomap test", places: Any = ()) -> MapPage:
        path = tmp_path / f"map{len(pages)}.html"
        write_map(incidents, path, title=title, places=places)
        page = browser.new_page()
        pages.append(page)
        opened = MapPage(page, path.as_uri(), [], [])

        def route(route: Any) -> None:
            if route.request.url == opened.url:
                route.continue_()
            else:
                opened.requests.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda err: opened.errors.append(str(err)))
        page.goto(opened.url)
        page.wait_for_function("window.geomap && window.geomap.view !== null")
        return opened

    yield opener
    for page in pages:
        page.close()


def _type_index(name: str) -> int:
    return sorted({i.event_type for i in INCIDENTS}).index(name)


def test_map__offline_markers_per_type(open_map: Callable[..., MapPage]) -> None:
    opened = open_map(INCIDENTS)
    assert opened.requests == []
    assert opened.errors == []
    assert opened.markers(_type_index("Battles")) == 2
    assert opened.markers(_type_index("Protests")) == 1
    assert opened.markers(_type_index("Riots")) == 1
    assert opened.markers(_type_index(HOSTILE_TYPE)) == 1
    assert opened.count(".marker-cluster") == 0
    # Country outlines (a canvas) are the base layer; no tile was asked for.
    assert opened.count(".leaflet-overlay-pane canvas") == 1
    assert opened.count(".leaflet-tile") == 0
    assert opened.page.locator(".leaflet-control-layers-base input:checked").count() == 1
    checked_base = opened.page.locator(".leaflet-control-layers-base label", has_text="offline")
    assert checked_base.locator("input").is_checked()
    # Scale bar, fullscreen button, legend counts.
    assert opened.count(".leaflet-control-scale") == 1
    assert opened.count(".geomap-fullscreen") == 1
    assert opened.page.locator("#geomap-panel").get_attribute("data-shown") == "5"


def test_map__hostile_text_shows_as_text_and_never_runs(
    open_map: Callable[..., MapPage],
) -> None:
    opened = open_map(INCIDENTS, title=HOSTILE_TITLE)
    page = opened.page
    assert page.title() == HOSTILE_TITLE
    assert page.locator(".geomap-title").inner_text() == HOSTILE_TITLE
    assert HOSTILE_TYPE in page.locator(".leaflet-control-layers-overlays").inner_text()
    assert HOSTILE_TYPE in page.locator("#geomap-legend").inner_text()
    texts = []
    for index in range(len(INCIDENTS)):  # open every popup, as a user would
        page.locator(".geomap-marker").nth(index).dispatch_event("click")
        texts.append(page.locator(".leaflet-popup-content").last.inner_text())
    page.wait_for_timeout(200)  # let any injected handler fire
    assert page.evaluate("window.__pwned") is None
    assert opened.requests == []  # no <img src=x> was created
    assert opened.errors == []
    assert page.locator("img").count() == 0
    benign = open_map(INCIDENTS[1:4])  # same page, no hostile text
    assert page.locator("script").count() == benign.count("script")
    assert any(HOSTILE_QUOTE.split("\u2028")[0] in text for text in texts)
    assert any(HOSTILE_TYPE in text for text in texts)


def test_map__popup_quote_mark_and_links(open_map: Callable[..., MapPage]) -> None:
    opened = open_map(INCIDENTS)
    page = opened.page
    mosul = page.evaluate(
        """() => {
            const m = geomap.view.markers[0];
            m.openPopup();
            const box = document.querySelector('.leaflet-popup-content');
            return {
                quote: box.querySelector('blockquote').textContent,
                mark: box.querySelector('mark').textContent,
                links: box.querySelectorAll('a[href]').length,
                source: box.textContent,
            };
        }"""
    )
    assert mosul["quote"] == HOSTILE_QUOTE
    assert mosul["mark"] == "Mosul"
    assert mosul["links"] == 0  # javascript: URL is not linked
    assert "<b>Bad link</b> (doc)" in mosul["source"]
    assert "Date2020-03-01 (day)" in mosul["source"]
    link = page.evaluate(
        """() => {
            geomap.view.markers[2].openPopup();
            const a = document.querySelector('.leaflet-popup-content a');
            return {href: a.href, rel: a.rel, target: a.target, text: a.textContent};
        }"""
    )
    assert link == {
        "href": "https://example.org/report?a=1&b=2",
        "rel": "noopener noreferrer",
        "target": "_blank",
        "text": "Good source",
    }
    assert opened.requests == []


def test_map__merged_incident_lists_every_source(open_map: Callable[..., MapPage]) -> None:
    from geomap.merge import merge_incidents

    reports = [
        _incident(
            7,
            "Battles",
            "Mosul",
            36.335,
            43.119,
            doc_id="wire",
            source_title="Good source",
            source_url="https://example.org/wire",
        ),
        _incident(
            8,
            "Battles",
            "Mosul",
            36.335,
            43.119,
            doc_id="blog",
            quote=HOSTILE_QUOTE,
            source_title=HOSTILE_TITLE,
            source_url=f"javascript:{PWN}",
        ),
    ]
    (merged,) = merge_incidents(reports)
    opened = open_map([merged])
    popup = opened.page.evaluate(
        """() => {
            geomap.view.markers[0].openPopup();
            const box = document.querySelector('.leaflet-popup-content');
            const items = Array.from(box.querySelectorAll('li.geomap-source'));
            return {
                text: box.textContent,
                sources: items.map((li) => li.querySelector('.geomap-source-title').textContent),
                quotes: items.map((li) => li.querySelector('blockquote').textContent),
                marks: items.map((li) => li.querySelector('mark').textContent),
                links: Array.from(box.querySelectorAll('a[href]')).map((a) => a.href),
            };
        }"""
    )
    assert "Reports2 sources" in popup["text"]
    assert popup["sources"] == [f"{HOSTILE_TITLE} (blog)", "Good source (wire)"]
    assert popup["quotes"] == [HOSTILE_QUOTE, "Fighting was reported in Mosul on Sunday."]
    assert popup["marks"] == ["Mosul", "Mosul"]
    assert popup["links"] == ["https://example.org/wire"]  # the javascript: URL is not linked
    opened.page.wait_for_timeout(200)
    assert opened.page.evaluate("window.__pwned") is None
    assert opened.page.locator("img").count() == 0
    assert opened.errors == [] and opened.requests == []


def test_map__toggling_a_type_hides_its_markers(open_map: Callable[..., MapPage]) -> None:
    opened = open_map(INCIDENTS)
    battles = _type_index("Battles")
    opened.overlay("Battles").uncheck()
    assert opened.markers(battles) == 0
    assert opened.markers(_type_index("Protests")) == 1
    assert opened.page.locator("#geomap-panel").get_attribute("data-shown") == "3"
    opened.overlay("Battles").check()
    assert opened.markers(battles) == 2
    assert opened.errors == []


def test_map__date_filter(open_map: Callable[..., MapPage]) -> None:
    opened = open_map(INCIDENTS)
    page = opened.page
    panel = page.locator("#geomap-panel")
    assert page.locator("#geomap-date-from").input_value() == "2019-12-01"
    assert page.locator("#geomap-date-to").input_value() == "2020-03-01"
    page.fill("#geomap-date-to", "2020-01-31")  # drops the three 2020-03-01 incidents
    assert panel.get_attribute("data-shown") == "3"
    assert page.locator("#geomap-date-slider").input_value() == "1"  # at 2020-01-15
    assert opened.markers(_type_index("Battles")) == 1
    count = page.locator(f'.geomap-count[data-type="{_type_index("Battles")}"]')
    assert count.inner_text() == "1 of 2"
    page.locator("#geomap-undated").uncheck()  # Jakarta has no date
    assert panel.get_attribute("data-shown") == "2"
    assert opened.markers(_type_index("Riots")) == 0
    page.locator("#geomap-date-reset").click()
    page.wait_for_function("document.getElementById('geomap-panel').dataset.shown === '5'")
    assert count.inner_text() == "2"
    # The slider moves the end date through the dates that occur.
    page.locator("#geomap-date-slider").fill("0")
    assert page.locator("#geomap-date-to").input_value() == "2019-12-01"
    assert panel.get_attribute("data-shown") == "2"  # Bogotá and undated Jakarta
    assert opened.errors == []


def test_map__heat_and_uncertainty_layers(open_map: Callable[..., MapPage]) -> None:
    opened = open_map(INCIDENTS)
    assert opened.count(".leaflet-heatmap-layer") == 0  # off by default
    opened.overlay("Heat map").check()
    assert opened.count(".leaflet-heatmap-layer") == 1
    assert opened.count("path.leaflet-interactive, .leaflet-overlay-pane svg path") >= 1
    opened.overlay("Uncertainty").uncheck()
    assert opened.count(".leaflet-overlay-pane svg path") == 0
    assert opened.errors == []


def test_map__empty_page_works(open_map: Callable[..., MapPage]) -> None:
    opened = open_map([])
    assert opened.errors == []
    assert opened.requests == []
    assert opened.count(".geomap-marker") == 0
    assert "No incidents" in opened.page.locator("#geomap-legend").inner_text()


def test_map__seed_markers_and_screenshot(
    open_map: Callable[..., MapPage], gazetteer: Any, seed_text: str, tmp_path: Path
) -> None:
    from geomap.pipeline import make_document, parse_document

    parsed = parse_document(make_document(seed_text, doc_id="seed"), gazetteer)
    incidents = list(parsed.incidents)
    assert incidents
    opened = open_map(incidents, title="Seed", places=parsed.mentions)
    names = sorted({i.event_type for i in incidents})
    drawn = opened.page.evaluate(
        """() => geomap.view.clusters.getLayers().map(
            m => m.options.icon.options.className.match(/geomap-type-(\\d+)/)[1])"""
    )
    for index, name in enumerate(names):
        expected = sum(1 for i in incidents if i.event_type == name)
        assert drawn.count(str(index)) == expected, name
    assert opened.count(".geomap-marker") + opened.count(".marker-cluster") >= 1
    places = opened.page.evaluate("geomap.view.places.getLayers().length")
    assert places >= len({m.mention.text for m in parsed.mentions if m.location}) > 0
    assert not opened.page.evaluate("geomap.view.map.hasLayer(geomap.view.places)")  # off
    opened.overlay("Places").check()
    assert opened.page.evaluate("geomap.view.map.hasLayer(geomap.view.places)")
    # The screenshot stays out of the repository: in tmp_path, or where
    # GEOMAP_SCREENSHOT_DIR says, for a person to look at.
    shot = Path(os.environ.get("GEOMAP_SCREENSHOT_DIR") or tmp_path) / "seed-map.png"
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert opened.errors == []
    assert opened.requests == []
