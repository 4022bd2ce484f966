/* The atlas's own behaviour, inlined into every map after Leaflet.
 * All HTML it places comes from the page's JSON, already escaped in Python. */
var atlas = (function () {
  "use strict";
  var legsByRoute = {};
  var current = null; // the selected time slice, or null when the map has none
  var text = { filtered: "{shown} of {total} figures cover {label}.", showAll: "Show all periods" };

  function register(layer) {
    var route = layer.feature.properties.route;
    (legsByRoute[route] = legsByRoute[route] || []).push(layer);
  }

  function scaledDashes(dashArray, factor) {
    if (!dashArray) return null;
    return dashArray.split(/\s+/).map(function (n) { return Math.round(Number(n) * factor * 10) / 10; }).join(" ");
  }

  function styleLegs(slice, noFigure) {
    Object.keys(legsByRoute).forEach(function (route) {
      var width = slice.routes[route];
      legsByRoute[route].forEach(function (layer) {
        var base = layer.feature.properties.style;
        if (width === null || width === undefined) {
          layer.setStyle(noFigure);
        } else {
          var factor = Math.max(1, width / base.weight);
          layer.setStyle({
            weight: width, dashArray: scaledDashes(base.dashArray, factor), opacity: base.opacity, lineCap: base.lineCap
          });
        }
      });
    });
  }

  function overlaps(element, slice) {
    return element.getAttribute("data-start") <= slice.end && slice.start <= element.getAttribute("data-end");
  }

  /* Show only the figures of the selected period in a popup, with a way to see them all. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }

  function filterPopup(container) {
    if (!current || current.all) return;
    var items = container.querySelectorAll("li[data-start]");
    if (!items.length) return;
    var shown = 0;
    items.forEach(function (li) {
      var keep = overlaps(li, current);
      li.hidden = !keep;
      if (keep) shown += 1;
    });
    container.querySelectorAll("tr").forEach(function (tr) {
      var lis = tr.querySelectorAll("li[data-start]");
      if (lis.length) tr.hidden = Array.prototype.every.call(lis, function (li) { return li.hidden; });
    });
    var note = document.createElement("p");
    note.className = "atlas-period-note";
    note.textContent = fill(text.filtered, { shown: shown, total: items.length, label: current.label }) + " ";
    var all = document.createElement("button");
    all.type = "button";
    all.textContent = text.showAll;
    all.addEventListener("click", function () {
      container.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });
      note.remove();
    });
    note.appendChild(all);
    container.insertBefore(note, container.firstChild);
  }

  function periods(map, config) {
    if (config.text) text = config.text;
    var control = L.control({ position: "bottomleft" });
    var buttons = {};
    var summary, legend;
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "atlas-panel atlas-periods");
      div.setAttribute("role", "region");
      div.setAttribute("aria-label", text.aria || "Period");
      var heading = L.DomUtil.create("div", "atlas-periods-heading", div);
      heading.textContent = config.heading;
      var bar = L.DomUtil.create("div", "atlas-period-buttons", div);
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", config.heading);
      config.slices.forEach(function (slice) {
        var button = L.DomUtil.create("button", "atlas-period-button", bar);
        button.type = "button";
        button.textContent = slice.label;
        button.setAttribute("data-period", slice.id);
        button.addEventListener("click", function () { select(slice.id); });
        buttons[slice.id] = button;
      });
      legend = L.DomUtil.create("div", "atlas-width-legend", div);
      summary = L.DomUtil.create("div", "atlas-period-summary", div);
      summary.setAttribute("aria-live", "polite");
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };

    function select(id) {
      var slice = config.slices.filter(function (s) { return s.id === id; })[0];
      if (!slice) return;
      current = slice;
      Object.keys(buttons).forEach(function (key) {
        buttons[key].setAttribute("aria-pressed", key === id ? "true" : "false");
      });
      styleLegs(slice, config.noFigure);
      summary.innerHTML = slice.summary;
      legend.innerHTML = slice.legend;
      map.closePopup();
      map.fire("atlas:period", { period: id });
    }

    control.addTo(map);
    map.on("popupopen", function (e) {
      var content = e.popup.getElement().querySelector(".atlas-popup");
      if (content) filterPopup(content);
    });
    select(config.initial);
    return { select: select, current: function () { return current && current.id; } };
  }

  function legs(route) { return (legsByRoute[route] || []).slice(); }

  /* Fill each ".atlas-figures-ref" slot in a popup or panel with a copy of the table it names
     from the text under the map (each table is in the page once, whatever shows it). */
  var tables = null;
  function fillFigures(container) {
    var slots = container.querySelectorAll(".atlas-figures-ref");
    if (!slots.length) return;
    if (!tables) {
      tables = {};
      document.querySelectorAll("#atlas-text table[data-figures]").forEach(function (t) {
        tables[t.getAttribute("data-figures")] = t;
      });
    }
    slots.forEach(function (slot) {
      var table = tables[slot.getAttribute("data-ref")];
      if (!table) { slot.remove(); return; }
      var copy = table.cloneNode(true);
      var caption = copy.querySelector("caption");
      if (caption) caption.textContent = slot.getAttribute("data-caption");
      slot.replaceWith(copy);
    });
  }

  /* Routes, places and losses as buttons for keyboard and screen-reader users:
     named by their (escaped) tooltip text; Enter or Space opens the popup. */
  function keyboard(layer, escapedName) {
    layer.on("add", function () {
      var el = layer.getElement && layer.getElement();
      if (!el || el.getAttribute("role")) return;
      var decoder = document.createElement("textarea");
      decoder.innerHTML = escapedName || "";  // already-escaped text: entities back to characters
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", decoder.value);
      el.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          layer.openPopup();
        }
      });
    });
  }

  var lastFit = null;

  /* Fit again, e.g. after panels were hidden for a picture of the map. */
  function refit() { if (lastFit) fit(lastFit[0], lastFit[1]); }

  /* Fit the routes into the part of the map the panels leave free (on wide screens). */
  function fit(map, bounds) {
    lastFit = [map, bounds];
    var size = map.getSize();
    var topLeft = [20, 20], bottomRight = [20, 20];
    if (size.x >= 900) {  // keep most of a wide map for the routes: panels may overlap the edges
      var title = document.querySelector(".atlas-title");
      var legend = document.querySelector(".atlas-legend");
      if (title) topLeft[0] = Math.min(title.offsetWidth + 20, size.x * 0.2);
      if (legend) bottomRight[0] = Math.min(legend.offsetWidth + 20, size.x * 0.15);
    }
    map.fitBounds(bounds, { paddingTopLeft: topLeft, paddingBottomRight: bottomRight, animate: false });
  }

  /* ---- Work that waits until the routes are on screen ---- */
  // The land, the places and the losses are added just after the first frame is painted,
  // so the routes show without waiting for them (the land alone takes ~100 ms to decode).
  var soon = [];
  var quiet = 0;  // > 0 while layers are added by the page itself, not by the reader

  function afterFirstPaint(task) {
    soon.push(task);
    if (soon.length === 1) {
      requestAnimationFrame(function () {
        setTimeout(function () {
          var tasks = soon;
          soon = [];
          quiet += 1;
          try { tasks.forEach(function (t) { t(); }); } finally { quiet -= 1; }
        }, 0);
      });
    }
  }

  var pending = [];  // overlays shown by default but not yet added

  function showSoon(map, layer) {
    pending.push(layer);
    afterFirstPaint(function () {
      var at = pending.indexOf(layer);
      if (at < 0) return;  // the address asked to hide it meanwhile
      pending.splice(at, 1);
      map.addLayer(layer);
    });
  }

  function shown(map, layer) { return map.hasLayer(layer) || pending.indexOf(layer) >= 0; }

  /* ---- Overlays by id, for links to a view (#layers=...) ---- */
  var overlays = [];  // [{id, layer}] in layer-control order

  function overlay(id, layer) { overlays.push({ id: id, layer: layer }); }

  /* ---- The view in the address: #layers=arctic,pacific&year=1942&view=4/62.0/20.0 ---- */
  var VIEW = /^(\d{1,2}(?:\.\d{1,4})?)\/(-?\d{1,2}(?:\.\d{1,6})?)\/(-?\d{1,3}(?:\.\d{1,6})?)$/;
  var ID_LIST = /^[a-z0-9_-]+(,[a-z0-9_-]+)*$|^$/;

  /* Read a hash into {layers, year, view}; anything malformed is left out, never thrown. */
  function parseHash(hash) {
    var out = {};
    if (typeof hash !== "string" || hash.charAt(0) !== "#" || hash.length > 2000) return out;
    hash.slice(1).split("&").forEach(function (pair) {
      var cut = pair.indexOf("=");
      if (cut < 1) return;
      var key = pair.slice(0, cut), value;
      try { value = decodeURIComponent(pair.slice(cut + 1)); } catch (e) { return; }
      if (key === "layers" && ID_LIST.test(value)) {
        out.layers = value ? value.split(",") : [];
      } else if (key === "year" && /^[a-z0-9_-]{1,40}$/.test(value)) {
        out.year = value;
      } else if (key === "view") {
        var m = VIEW.exec(value);
        if (!m) return;
        var zoom = Number(m[1]), lat = Number(m[2]), lng = Number(m[3]);
        if (lat >= -85 && lat <= 85 && lng >= -540 && lng <= 540 && zoom >= 0 && zoom <= 20) {
          out.view = { zoom: zoom, lat: lat, lng: lng };
        }
      }
    });
    return out;
  }

  function trim(number, digits) { return String(Number(number.toFixed(digits))); }

  function state(map, periodControl) {
    var applying = false;

    function visibleIds() {
      return overlays.filter(function (o) { return shown(map, o.layer); }).map(function (o) { return o.id; });
    }

    function serialize() {
      var c = map.getCenter();
      var parts = ["layers=" + visibleIds().join(",")];
      if (periodControl && periodControl.current()) parts.push("year=" + encodeURIComponent(periodControl.current()));
      parts.push("view=" + trim(map.getZoom(), 2) + "/" + trim(c.lat, 3) + "/" + trim(c.lng, 3));
      return "#" + parts.join("&");
    }

    function keepViewInLinks(hash) {
      document.querySelectorAll("a.atlas-keep-view").forEach(function (a) {
        var base = a.getAttribute("href").split("#")[0];
        a.setAttribute("href", base + hash);
      });
    }

    function write() {
      if (applying || quiet) return;
      var hash = serialize();
      if (hash !== location.hash) {
        try { history.replaceState(null, "", hash); } catch (e) { /* e.g. a sandboxed frame: keep going */ }
      }
      keepViewInLinks(hash);
    }

    function apply(wanted) {
      applying = true;
      try {
        var known = overlays.map(function (o) { return o.id; });
        // A list naming no layer of this map (a link to another map, a typo) is ignored.
        if (wanted.layers && wanted.layers.length && !wanted.layers.some(function (id) { return known.indexOf(id) >= 0; })) {
          wanted.layers = null;
        }
        if (wanted.layers) {
          overlays.forEach(function (o) {
            var show = wanted.layers.indexOf(o.id) >= 0;
            if (show && !shown(map, o.layer)) map.addLayer(o.layer);
            if (!show) {
              var at = pending.indexOf(o.layer);
              if (at >= 0) pending.splice(at, 1);
              if (map.hasLayer(o.layer)) map.removeLayer(o.layer);
            }
          });
        }
        if (wanted.year && periodControl) periodControl.select(wanted.year);
        if (wanted.view) map.setView([wanted.view.lat, wanted.view.lng], wanted.view.zoom, { animate: false });
      } finally {
        applying = false;
      }
    }

    apply(parseHash(location.hash));
    map.on("overlayadd overlayremove moveend atlas:period", write);
    window.addEventListener("hashchange", function () { apply(parseHash(location.hash)); });
    return { serialize: serialize, apply: apply };
  }

  /* ---- Page behaviour: embedding, small screens, the text under the map, printing ---- */
  function isEmbedded() {
    try { return window.self !== window.top; } catch (e) { return true; }
  }

  function page(map, options) {
    var body = document.body;
    var params = new URLSearchParams(location.search);
    var bare = params.get("chrome") === "0";
    var embedded = isEmbedded();
    var title = document.querySelector(".atlas-title");
    var legendDetails = document.querySelector(".atlas-legend details");
    var layersControl = options.layersControl;

    if (bare) body.classList.add("atlas-bare");
    // Last of the deferred work: pictures and tests wait for this mark of a complete map.
    afterFirstPaint(function () { map.getContainer().setAttribute("data-land", "drawn"); });
    // Controls first in the tab order (they come after the map's panes in Leaflet's markup);
    // their places on screen are set by CSS, not by this order.
    var controls = map.getContainer().querySelector(".leaflet-control-container");
    if (controls) map.getContainer().insertBefore(controls, map.getContainer().firstChild);
    if (embedded) {
      body.classList.add("atlas-embedded");
      // Let the page around the frame scroll: the wheel zooms only once the map is clicked.
      map.scrollWheelZoom.disable();
      var container = map.getContainer();
      var wake = function () { map.scrollWheelZoom.enable(); };
      container.addEventListener("pointerdown", wake);
      container.addEventListener("focus", wake);
      container.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
      if (title) {
        var open = document.createElement("a");
        open.href = location.href.split("?")[0].split("#")[0];
        open.target = "_blank";
        open.rel = "noopener";
        open.className = "atlas-open-full";
        open.textContent = options.text.openFull;
        var nav = title.querySelector(".atlas-nav");
        (nav || title).appendChild(document.createTextNode(" · "));
        (nav || title).appendChild(open);
      }
    }

    // Small frames and phones: start with the panels folded, so the routes show.
    var size = map.getSize();
    var compact = bare || size.x < 700 || size.y < 500;
    if (compact) {
      body.classList.add("atlas-compact");
      if (legendDetails) legendDetails.open = false;
      if (layersControl) {
        layersControl.collapse();
        map.on("click popupopen", function () { layersControl.collapse(); });
      }
    }
    if (title) foldable(map, title, compact, options.text.fold);
    // The text under the map comes after this script: fill the panel's tables once it is read.
    if (title) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () { fillFigures(title); });
      } else {
        fillFigures(title);
      }
    }

    // The link to the text moves focus there without changing the address (which holds the view).
    document.querySelectorAll("a[href='#atlas-text']").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var target = document.getElementById("atlas-text");
        if (!target) return;
        e.preventDefault();
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      });
    });

    // Printing: lay the map out again for the paper (keeping the reader's view), and back after.
    pageMap = map;
    window.addEventListener("beforeprint", function () { preparePrint(false); });
    window.addEventListener("afterprint", function () { map.invalidateSize({ animate: false }); });
    // Chromium applies the print layout after "beforeprint"; measure the map again once it has.
    if (window.matchMedia) {
      var printing = window.matchMedia("print");
      var onChange = function (e) { map.invalidateSize({ animate: false }); };
      if (printing.addEventListener) printing.addEventListener("change", onChange);
    }
  }

  var pageMap = null;

  /* Fit the map to the printed page; with fitRoutes, frame all the routes (as export does). */
  function preparePrint(fitRoutes) {
    var map = pageMap;
    if (!map) return;
    var legendDetails = document.querySelector(".atlas-legend details");
    if (legendDetails) legendDetails.open = true;
    map.invalidateSize({ animate: false });
    if (fitRoutes) refit();
  }

  /* The title panel folds to its heading: by the reader (a button), and while a popup is open. */
  function foldable(map, panel, startFolded, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "atlas-fold";
    button.setAttribute("aria-label", label);
    button.title = label;
    panel.insertBefore(button, panel.firstChild);
    function show(folded) {
      panel.classList.toggle("atlas-folded", folded);
      button.setAttribute("aria-expanded", folded ? "false" : "true");
      button.textContent = folded ? "\u25B8" : "\u25BE";
    }
    button.addEventListener("click", function () { show(!panel.classList.contains("atlas-folded")); });
    map.on("popupopen", function () { panel.classList.add("atlas-folded-popup"); });
    map.on("popupclose", function () { panel.classList.remove("atlas-folded-popup"); });
    show(startFolded);
  }

  return {
    register: register, periods: periods, filterPopup: filterPopup, legs: legs, fit: fit, refit: refit,
    keyboard: keyboard, fillFigures: fillFigures, afterFirstPaint: afterFirstPaint, showSoon: showSoon,
    overlay: overlay, parseHash: parseHash, state: state, page: page, preparePrint: preparePrint
  };
})();
