/*
 * geomap.js: draws geomap's incidents on a Leaflet map (part of geomap, MIT).
 *
 * geomap.render writes the page: a folium map, two JSON blocks (incidents and
 * country outlines) and a panel (title, date filter, legend). This script
 * turns the JSON into layers: country outlines as the offline base layer,
 * optional online tile layers, clustered markers shaped and coloured by event
 * type, one toggleable layer per type, uncertainty shapes, a heat map and
 * every resolved place mention (both off by default), a date-range filter and
 * a fullscreen button.
 *
 * Security: the JSON holds text from documents. It reaches the page only
 * through textContent and DOM properties, never innerHTML; the one place where
 * Leaflet insists on HTML (layer-control labels) gets esc(). A source URL is
 * linked only if it starts with http:// or https://.
 */
(function () {
  "use strict";

  var TILE_LAYERS = [
    {
      name: "OpenStreetMap (online)",
      url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
      options: {
        maxZoom: 19,
        attribution: "&copy; OpenStreetMap contributors (ODbL)",
      },
    },
    {
      name: "Satellite, Esri (online)",
      url:
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/" +
        "{z}/{y}/{x}",
      options: {
        maxZoom: 19,
        attribution: "Imagery &copy; Esri, Maxar, Earthstar Geographics",
      },
    },
  ];
  var OUTLINES_NAME = "Country outlines (offline)";
  var OUTLINES_ATTRIBUTION = "Country outlines: Natural Earth, via countryinfo";
  var OUTLINE_STYLE = {
    color: "#8a8a8a",
    weight: 0.8,
    fillColor: "#f3f0e8",
    fillOpacity: 1,
  };
  var UNCERTAINTY_STYLE = {
    color: "#555555",
    weight: 1,
    fillColor: "#999999",
    fillOpacity: 0.15,
    dashArray: "4 4",
  };
  var PLACE_STYLE = {
    radius: 4,
    color: "#333333",
    weight: 1,
    fillColor: "#ffffff",
    fillOpacity: 0.9,
  };
  var COLOR = /^#[0-9A-Fa-f]{6}$/;
  var PATH = /^[MLHVZAmlhvza0-9 .,-]+$/;
  var DASH = "\u2014";
  var FULLSCREEN_SVG =
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">' +
    '<path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="#333" ' +
    'stroke-width="2"/></svg>';

  /** Escape text for the few places where Leaflet takes HTML. */
  function esc(text) {
    return String(text).replace(/[&<>"'`$\\]/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }

  /** A new element with an optional class and text (as text, never markup). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Parse the JSON held by a <script type="application/json"> element. */
  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /** The SVG of a type's marker; colour and path are checked against patterns. */
  function iconSvg(type, size) {
    var color = COLOR.test(type.color) ? type.color : "#000000";
    var path = PATH.test(type.path) ? type.path : "M2,2H16V16H2Z";
    return (
      '<svg width="' + size + '" height="' + size + '" viewBox="0 0 18 18" aria-hidden="true">' +
      '<path d="' + path + '" fill="' + color + '" stroke="#222" stroke-width="1.2"/></svg>'
    );
  }

  function casualties(inc) {
    var parts = [];
    if (inc.fatalities !== null && inc.fatalities !== undefined) parts.push(inc.fatalities + " killed");
    if (inc.injuries !== null && inc.injuries !== undefined) parts.push(inc.injuries + " injured");
    return parts.join(", ");
  }

  /** A report's title (or document id), linked only to an http(s) URL, then its document id. */
  function sourceNode(src) {
    var node = el("span", "geomap-source-title");
    var title = src.title || src.docId || DASH;
    if (src.url && /^https?:\/\//i.test(src.url)) {
      var link = el("a", null, title);
      link.href = src.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      node.appendChild(link);
    } else {
      node.appendChild(document.createTextNode(title));
    }
    if (src.title && src.docId) node.appendChild(document.createTextNode(" (" + src.docId + ")"));
    return node;
  }

  /** A quote as a blockquote, the place name (parts[1]) marked; all as text. */
  function quoteNode(parts) {
    var quote = el("blockquote");
    quote.dir = "auto";
    quote.appendChild(document.createTextNode(parts[0]));
    if (parts[1]) quote.appendChild(el("mark", null, parts[1]));
    if (parts[2]) quote.appendChild(document.createTextNode(parts[2]));
    return quote;
  }

  /**
   * The popup of one incident, built as DOM nodes from its data. An incident
   * merged from several reports lists each: its source, then its quote.
   */
  function popup(inc, type) {
    var box = el("div", "geomap-popup");
    var table = el("table");
    function row(name, value) {
      var tr = el("tr");
      tr.appendChild(el("th", null, name));
      var td = el("td");
      if (typeof value === "string") td.textContent = value;
      else td.appendChild(value);
      tr.appendChild(td);
      table.appendChild(tr);
    }
    row("Event", type.name + (inc.subType ? " / " + inc.subType : ""));
    row(
      "Date",
      inc.dateText ? inc.dateText + (inc.datePrecision ? " (" + inc.datePrecision + ")" : "") : DASH
    );
    row("Place", inc.place || DASH);
    row(
      "Precision",
      inc.precision +
        (inc.precisionText ? " " + DASH + " " + inc.precisionText : "") +
        " (\u00b1" + Number(inc.uncertaintyKm).toFixed(1) + " km)"
    );
    var hurt = casualties(inc);
    if (hurt) row("Casualties", hurt);
    var sources = inc.sources && inc.sources.length
      ? inc.sources
      : [{ docId: inc.docId, title: inc.sourceTitle, url: inc.sourceUrl, quote: inc.quote }];
    if (sources.length === 1) {
      row("Source", sourceNode(sources[0]));
      box.appendChild(table);
      box.appendChild(quoteNode(sources[0].quote));
      return box;
    }
    row("Reports", sources.length + " sources");
    box.appendChild(table);
    var list = el("ol", "geomap-sources");
    sources.forEach(function (src) {
      var item = el("li", "geomap-source");
      item.appendChild(sourceNode(src));
      item.appendChild(quoteNode(src.quote));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  /** A Leaflet control with one button that toggles fullscreen for the whole page. */
  function fullscreenControl(map) {
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar geomap-fullscreen");
        var button = L.DomUtil.create("a", "", bar);
        button.href = "#";
        button.title = "Full screen";
        button.setAttribute("role", "button");
        button.setAttribute("aria-label", "Full screen");
        button.innerHTML = FULLSCREEN_SVG;
        L.DomEvent.on(button, "click", function (event) {
          L.DomEvent.preventDefault(event);
          L.DomEvent.stopPropagation(event);
          if (document.fullscreenElement) document.exitFullscreen();
          else document.documentElement.requestFullscreen();
        });
        return bar;
      },
    });
    document.addEventListener("fullscreenchange", function () {
      map.invalidateSize();
    });
    return new Control();
  }

  /** Wire the date inputs, slider and checkbox of the panel; returns a predicate. */
  function dateFilter(data, onChange) {
    var form = document.getElementById("geomap-dates");
    if (!form || !data.dateMin) {
      return function (inc) {
        return true;
      };
    }
    var from = document.getElementById("geomap-date-from");
    var to = document.getElementById("geomap-date-to");
    var slider = document.getElementById("geomap-date-slider");
    var undated = document.getElementById("geomap-undated");
    var days = [];
    data.incidents.forEach(function (inc) {
      if (inc.date && days.indexOf(inc.date) < 0) days.push(inc.date);
    });
    days.sort();
    [from, to].forEach(function (input) {
      input.min = data.dateMin;
      input.max = data.dateMax;
    });
    from.defaultValue = data.dateMin;
    to.defaultValue = data.dateMax;
    slider.min = "0";
    slider.max = String(days.length - 1);
    slider.step = "1";
    slider.defaultValue = String(days.length - 1);
    from.value = from.defaultValue;
    to.value = to.defaultValue;
    slider.value = slider.defaultValue;
    slider.disabled = days.length < 2;
    slider.addEventListener("input", function () {
      to.value = days[Number(slider.value)];
      onChange();
    });
    // Typing an end date moves the slider to the last date that is not later.
    function syncSlider() {
      var k = days.length - 1;
      while (k > 0 && to.value && days[k] > to.value) k -= 1;
      slider.value = String(k);
    }
    to.addEventListener("input", syncSlider);
    to.addEventListener("change", syncSlider);
    [from, to, undated].forEach(function (input) {
      input.addEventListener("input", onChange);
      input.addEventListener("change", onChange);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(onChange, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    return function (inc) {
      if (!inc.date) return undated.checked;
      return (!from.value || inc.date >= from.value) && (!to.value || inc.date <= to.value);
    };
  }

  /**
   * Draw the page's incidents on `map` (a Leaflet map made by folium).
   * options.data / options.countries: ids of the JSON blocks.
   */
  function init(map, options) {
    var data = readJson(options.data) || { types: [], incidents: [] };
    var countries = readJson(options.countries);
    var panel = document.getElementById("geomap-panel");
    map.attributionControl.setPrefix("Leaflet");

    var baseLayers = {};
    var outlines = L.geoJSON(countries, {
      style: OUTLINE_STYLE,
      interactive: false,
      renderer: L.canvas({ padding: 0.5 }),
      attribution: OUTLINES_ATTRIBUTION,
    });
    baseLayers[OUTLINES_NAME] = outlines.addTo(map);
    TILE_LAYERS.forEach(function (tiles) {
      baseLayers[tiles.name] = L.tileLayer(tiles.url, tiles.options);
    });

    var clusters = L.markerClusterGroup
      ? L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40, showCoverageOnHover: false })
      : L.featureGroup();
    clusters.addTo(map);
    var uncertainty = L.featureGroup();
    var heat = L.heatLayer ? L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.35 }) : null;

    var icons = data.types.map(function (type, i) {
      return L.divIcon({
        html: iconSvg(type, 18),
        className: "geomap-marker geomap-type-" + i,
        iconSize: [18, 18],
        iconAnchor: [9, 9],
        popupAnchor: [0, -8],
        tooltipAnchor: [9, 0],
      });
    });
    var markers = data.incidents.map(function (inc) {
      var type = data.types[inc.type];
      var marker = L.marker([inc.lat, inc.lon], { icon: icons[inc.type] });
      marker.bindPopup(
        function () {
          return popup(inc, type);
        },
        { maxWidth: 400 }
      );
      marker.bindTooltip(function () {
        var reports = inc.sources && inc.sources.length > 1 ? " (" + inc.sources.length + " reports)" : "";
        return el("span", null, inc.name + " " + DASH + " " + type.name + reports);
      });
      return marker;
    });
    var shapes = data.incidents.map(function (inc) {
      return inc.geometry
        ? L.geoJSON(inc.geometry, { style: UNCERTAINTY_STYLE, interactive: false })
        : null;
    });

    var enabled = data.types.map(function () {
      return true;
    });
    var typeLayers = data.types.map(function () {
      return L.layerGroup().addTo(map);
    });
    var overlays = {};
    data.types.forEach(function (type, i) {
      overlays[
        '<span class="geomap-layer" data-type="' + i + '">' + iconSvg(type, 14) + " " +
          esc(type.name) + "</span>"
      ] = typeLayers[i];
    });
    if (shapes.some(Boolean)) overlays["Uncertainty"] = uncertainty.addTo(map);
    if (heat && markers.length) overlays["Heat map"] = heat;
    var places = L.featureGroup();
    (data.places || []).forEach(function (place) {
      L.circleMarker([place.lat, place.lon], PLACE_STYLE)
        .bindTooltip(function () {
          return el("span", null, place.text + " → " + place.name);
        })
        .addTo(places);
    });
    if (data.places && data.places.length) overlays["Places (every mention)"] = places;
    L.control.layers(baseLayers, overlays, { collapsed: false, position: "topright" }).addTo(map);
    if (document.fullscreenEnabled) fullscreenControl(map).addTo(map);

    var inDates;
    function refresh() {
      var shown = [];
      var latlngs = [];
      var counts = data.types.map(function () {
        return 0;
      });
      uncertainty.clearLayers();
      data.incidents.forEach(function (inc, k) {
        if (!inDates(inc)) return;
        counts[inc.type] += 1;
        if (!enabled[inc.type]) return;
        shown.push(markers[k]);
        latlngs.push([inc.lat, inc.lon]);
        if (shapes[k]) uncertainty.addLayer(shapes[k]);
      });
      clusters.clearLayers();
      clusters.addLayers ? clusters.addLayers(shown) : shown.forEach(function (m) { clusters.addLayer(m); });
      if (heat) heat.setLatLngs(latlngs);
      var nodes = document.querySelectorAll(".geomap-count");
      Array.prototype.forEach.call(nodes, function (node) {
        var i = Number(node.getAttribute("data-type"));
        var total = data.types[i].count;
        node.textContent = counts[i] === total ? String(total) : counts[i] + " of " + total;
      });
      if (panel) panel.setAttribute("data-shown", String(shown.length));
      var status = document.getElementById("geomap-shown");
      if (status) status.textContent = shown.length + " of " + markers.length + " incidents shown";
    }
    inDates = dateFilter(data, refresh);
    map.on("overlayadd overlayremove", function (event) {
      var i = typeLayers.indexOf(event.layer);
      if (i >= 0) {
        enabled[i] = event.type === "overlayadd";
        refresh();
      }
    });
    if (panel) {
      L.DomEvent.disableClickPropagation(panel);
      L.DomEvent.disableScrollPropagation(panel);
    }
    refresh();
    // What was drawn, for scripts and tests that inspect the page.
    window.geomap.view = {
      map: map,
      clusters: clusters,
      markers: markers,
      typeLayers: typeLayers,
      heat: heat,
      uncertainty: uncertainty,
      outlines: outlines,
      places: places,
    };
  }

  window.geomap = { init: init, esc: esc, view: null };
})();
