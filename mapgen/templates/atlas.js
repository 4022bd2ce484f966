/* The atlas's own behaviour, inlined into every map after Leaflet.
 * All HTML it places comes from the page's JSON, already escaped in Python. */
var atlas = (function () {
  "use strict";
  var legsByRoute = {};
  var current = null; // the selected time slice, or null when the map has none

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
    note.textContent = shown + " of " + items.length + " figures cover " + current.label + ". ";
    var all = document.createElement("button");
    all.type = "button";
    all.textContent = "Show all periods";
    all.addEventListener("click", function () {
      container.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });
      note.remove();
    });
    note.appendChild(all);
    container.insertBefore(note, container.firstChild);
  }

  function periods(map, config) {
    var control = L.control({ position: "bottomleft" });
    var buttons = {};
    var summary, legend;
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "atlas-panel atlas-periods");
      div.setAttribute("role", "region");
      div.setAttribute("aria-label", "Period");
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

  return { register: register, periods: periods, filterPopup: filterPopup, legs: legs, fit: fit, refit: refit };
})();
