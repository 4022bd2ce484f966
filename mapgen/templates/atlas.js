/* The atlas's page: draws the scene Python wrote into the page's JSON island, and answers the reader.
 *
 * Nothing here is assembled from Python strings. A card is built from its data, every text escaped
 * (cardHtml, convoyCard); the HTML it places as it comes (the period's measure and headlines)
 * comes from the island, made by templates that escaped every text; everything else is set as text.
 * The pure functions come first; tests call them on a blank page (atlas.pure).
 */
var atlas = (function () {
  "use strict";

  /* ==== Pure functions ==== */

  var VIEW = /^(\d{1,2}(?:\.\d{1,4})?)\/(-?\d{1,2}(?:\.\d{1,6})?)\/(-?\d{1,3}(?:\.\d{1,6})?)$/;
  var ID_LIST = /^[a-z0-9_-]+(,[a-z0-9_-]+)*$|^$/;
  var TOKEN = /^[a-z0-9_-]{1,40}$/;
  var MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

  /* The address's hash as {layers, year, month, view}; anything malformed is left out, never thrown. */
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
      } else if (key === "year" && TOKEN.test(value)) {
        out.year = value;
      } else if (key === "month" && MONTH.test(value)) {
        out.month = value;
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

  /* A dash pattern given in line widths, in pixels for a line `width` wide: "2.4 1.6" at 5 -> "12 8". */
  function scaledDashes(dash, width) {
    if (!dash || !dash.length) return null;
    return dash.map(function (n) { return String(Math.round(n * width * 10) / 10); }).join(" ");
  }

  /* Leaflet path options for a leg of `mode` drawn `width` wide in `colour`: the line itself and,
     for rail, road and river, the white line on top. `state`: "figure", "none" or "idle". */
  function lineStyles(styles, mode, colour, width, state) {
    var mode_ = styles.modes[mode] || styles.modes.sea;
    var opacity = styles.opacity;
    if (state === "none") { width = styles.noFigure.weight; opacity = styles.noFigure.opacity; }
    if (state === "idle") { width = styles.notRunning.weight; opacity = styles.notRunning.opacity; colour = styles.notRunning.color; }
    width = width || mode_.weight;
    var base = {
      color: colour, weight: width, opacity: opacity, dashArray: scaledDashes(mode_.dash, width),
      lineCap: mode_.dash ? "butt" : "round", lineJoin: "round"
    };
    var inner = null;
    if (mode_.inner && width >= 2.5) {
      var innerWidth = Math.max(1, mode_.inner.width * width);
      inner = {
        color: "#ffffff", weight: innerWidth, opacity: opacity, dashArray: scaledDashes(mode_.inner.dash, width),
        lineCap: "butt", lineJoin: "round"
      };
    }
    return { base: base, inner: inner };
  }

  function escapeAttr(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The SVG of a place's marker (and of its legend swatch): a filled, outlined circle centred in a square. */
  function placeSvg(styles, kind, size) {
    var s = styles.places[kind] || styles.places.city, o = styles.outline, c = size / 2;
    return '<svg width="' + size + '" height="' + size + '" viewBox="0 0 ' + size + " " + size + '" aria-hidden="true">' +
      '<circle cx="' + c + '" cy="' + c + '" r="' + s.radius + '" fill="' + escapeAttr(s.fill) + '" stroke="' +
      escapeAttr(o.stroke) + '" stroke-width="' + o.width + '"/></svg>';
  }

  /* A loss: a filled circle (a cross on it for a sinking); `rough`: a dashed ring for a rough position. */
  function eventSvg(styles, kind, size, rough) {
    var s = styles.events[kind] || styles.events.sinking, c = size / 2, r = s.radius, d = r * 0.55;
    var circle = rough
      ? '<circle cx="' + c + '" cy="' + c + '" r="' + r + '" fill="#ffffff" fill-opacity="0.85" stroke="' + escapeAttr(s.fill) +
        '" stroke-width="2" stroke-dasharray="3 2"/>'
      : '<circle cx="' + c + '" cy="' + c + '" r="' + r + '" fill="' + escapeAttr(s.fill) + '" stroke="#ffffff" stroke-width="1.5"/>';
    var cross = s.cross && !rough
      ? '<path d="M' + (c - d) + " " + (c - d) + "L" + (c + d) + " " + (c + d) + "M" + (c + d) + " " + (c - d) + "L" + (c - d) +
        " " + (c + d) + '" stroke="' + escapeAttr(s.cross) + '" stroke-width="1.8"/>'
      : "";
    return '<svg width="' + size + '" height="' + size + '" viewBox="0 0 ' + size + " " + size + '" aria-hidden="true">' + circle + cross + "</svg>";
  }

  /* The SVG sample of a line for the key: the same styles as on the map, 40 pixels long. */
  function lineSvg(styles, mode, colour, width, state) {
    var st = lineStyles(styles, mode, colour, width, state), h = Math.max(12, Math.ceil(st.base.weight) + 4), y = h / 2;
    function path(o) {
      return '<line x1="2" y1="' + y + '" x2="42" y2="' + y + '" stroke="' + escapeAttr(o.color) + '" stroke-width="' + o.weight +
        '" stroke-opacity="' + o.opacity + '" stroke-linecap="' + o.lineCap + '"' + (o.dashArray ? ' stroke-dasharray="' + o.dashArray + '"' : "") + "/>";
    }
    return '<svg width="44" height="' + h + '" aria-hidden="true">' + path(st.base) + (st.inner ? path(st.inner) : "") + "</svg>";
  }

  function arrowSvg(colour, size) {
    return '<svg width="' + size + '" height="' + size + '" viewBox="-7 -7 14 14" aria-hidden="true"><path d="M -5 -5 L 6 0 L -5 5 Z" fill="#ffffff" stroke="' +
      escapeAttr(colour) + '" stroke-width="2"/></svg>';
  }

  /* Which side a label shows on at `zoom` (see mapgen/labels.py), or null when it must not show. */
  function labelSide(zooms, zoom) {
    for (var i = 0; i < zooms.length; i++) {
      var run = zooms[i], last = i === zooms.length - 1;
      if (zoom >= run[0] - 1e-9 && (zoom <= run[1] + 1e-9 || (last && run[1] >= 9))) return run[2];
    }
    return null;
  }

  /* Fill "{name}" fields of a message. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }

  /* The lowest zoom at which `width` pixels show no more than `degrees` of longitude. */
  function minZoomFor(width, degrees) {
    return Math.max(0, Math.log(width * 360 / (256 * degrees)) / Math.LN2);
  }

  /* Where the card of a clicked feature goes in a map of `size` (x, y), given the boxes of its controls
     ({left, top, right, bottom}) and the clicked point: in a column at the right or the left on wide maps,
     in a band at the top or the bottom on narrow ones, never over a control, and away from the point.
     Returns {left, top, width, maxHeight}. */
  function cardPlace(size, controls, point, narrow) {
    var margin = 10, options = [];
    function column(left, width) {
      var top = margin, bottom = size.y - margin;
      controls.forEach(function (c) {
        if (c.right <= left || c.left >= left + width) return;
        if (c.top < size.y / 2) top = Math.max(top, c.bottom + margin);
        else bottom = Math.min(bottom, c.top - margin);
      });
      return { left: left, top: top, width: width, maxHeight: Math.max(80, bottom - top), bottom: bottom };
    }
    if (!narrow) {
      var width = Math.min(380, Math.floor(size.x / 2) - 2 * margin);
      var right = column(size.x - margin - width, width), left = column(margin, width);
      options = point && point.x > size.x / 2 ? [left, right] : [right, left];
    } else {
      var full = column(margin, size.x - 2 * margin);
      var half = Math.floor((full.bottom - full.top) / 2) - margin;
      var topBand = { left: full.left, top: full.top, width: full.width, maxHeight: Math.max(80, point ? point.y - full.top - 2 * margin : half) };
      var bottomTop = point ? point.y + 2 * margin : full.top + half;
      var bottomBand = { left: full.left, top: bottomTop, width: full.width, maxHeight: Math.max(80, full.bottom - bottomTop), anchorBottom: size.y - full.bottom };
      options = point && point.y > (full.top + full.bottom) / 2 ? [topBand, bottomBand] : [bottomBand, topBand];
    }
    return options[0];
  }

  function overlaps(start, end, period) { return start <= period.end && period.start <= end; }

  /* ==== The page ==== */

  var map, scene, styles, words;
  var routeLayers = {};      // route id -> {group, legs: [{base, inner, hit, mode, item}], colour}
  var places = [];           // {item, marker}
  var events = [];           // {item, marker, area}
  var labels = [];           // {item, marker, side}
  var groups = {};           // overlay id -> layer group
  var shown = {};            // overlay id -> bool
  var periodControl = null;
  var sharedCanvas = null;   // on a large map, the one canvas of lines and places
  var current = null;        // the period shown, or null
  var quiet = 0;             // > 0 while the page itself changes the map (not the reader)
  var tables = null;
  var renderers = [];        // the canvases, redrawn at once for print
  var openers = {};          // feature id -> function opening its card (legs, places, losses)
  var whenDrawn = [], drawnAll = false;  // callbacks of atlas.ready, and whether they have run
  var hashParts = [];        // functions adding "key=value" to the address (atlas.hashPart)
  var address = null;        // the address's state, once the map is drawn (see state())

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  /* Links to the web open in a new tab, so the map stays open (set here, not written on every link). */
  function outward(root) {
    root.querySelectorAll('a[href^="http"]:not([target])').forEach(function (a) { a.target = "_blank"; a.rel = "noopener"; });
  }

  function decode(text, precision) {
    return polyline.decode(text, precision);
  }

  function shifted(latlngs, by) {
    return latlngs.map(function (p) { return [p[0], p[1] + by]; });
  }

  /* ---- popups ---- */

  function controlPadding() {
    var container = map.getContainer(), box = container.getBoundingClientRect();
    var topLeft = [10, 10], bottomRight = [10, 10];
    container.querySelectorAll(".leaflet-control").forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (!r.width || !r.height) return;
      var left = r.left - box.left, top = r.top - box.top;
      if (top < box.height / 2) topLeft[1] = Math.max(topLeft[1], r.bottom - box.top + 8);
      else bottomRight[1] = Math.max(bottomRight[1], box.bottom - r.top + 8);
    });
    return { topLeft: topLeft, bottomRight: bottomRight };
  }

  function fillFigures(container) {
    var slots = container.querySelectorAll(".atlas-figures-ref");
    if (!slots.length) return;
    if (!tables) {
      var found = document.querySelectorAll("#atlas-text table[data-figures]");
      if (!found.length && document.readyState === "loading") return;  // the text under the map is not read yet
      tables = {};
      found.forEach(function (t) { tables[t.getAttribute("data-figures")] = t; });
    }
    slots.forEach(function (slot) {
      var table = tables[slot.getAttribute("data-ref")];
      if (!table) { slot.remove(); return; }
      var copy = table.cloneNode(true);
      var caption = copy.querySelector("caption"), key = slot.getAttribute("data-caption-key");
      var route = slot.getAttribute("data-route");
      if (caption) {
        caption.textContent = key ? words["caption." + key] + (route ? ": " + routeName(route) : "") : slot.getAttribute("data-caption");
      }
      slot.replaceWith(copy);
    });
  }

  /* Only the figures of the period shown, with a way to see them all. */
  function filterPopup(container) {
    if (!current || current.all) return;
    var items = container.querySelectorAll("li[data-start]");
    if (!items.length) return;
    var count = 0;
    items.forEach(function (li) {
      var keep = overlaps(li.getAttribute("data-start"), li.getAttribute("data-end"), current);
      li.hidden = !keep;
      if (keep) count += 1;
    });
    container.querySelectorAll("tr").forEach(function (tr) {
      var lis = tr.querySelectorAll("li[data-start]");
      if (lis.length) tr.hidden = Array.prototype.every.call(lis, function (li) { return li.hidden; });
    });
    var note = el("p", "atlas-period-note");
    note.textContent = fill(words.filtered, { shown: count, total: items.length, label: current.label }) + " ";
    var all = el("button", "atlas-show-all", note);
    all.type = "button";
    all.textContent = words.showAll;
    all.addEventListener("click", function () {
      container.querySelectorAll("[hidden]").forEach(function (node) { node.hidden = false; });
      note.remove();
    });
    var after = container.querySelector(".atlas-headline") || container.querySelector("h2");
    after.parentNode.insertBefore(note, after.nextSibling);
  }

  function headlines(container) {
    container.querySelectorAll(".atlas-headline[data-route]").forEach(function (slot) {
      var route = slot.getAttribute("data-route");
      var info = current && current.routes[route];
      slot.innerHTML = info ? info.headline : "";  // template output, escaped in Python
      outward(slot);
      slot.hidden = !info;
    });
  }

  /* ---- the card of a clicked feature (in place of a Leaflet popup: it never needs the map to pan) ---- */
  var card = null, cardBody = null, cardReturn = null, highlight = null;

  function makeCard() {
    card = el("section", "atlas-card", map.getContainer().parentNode);
    card.hidden = true;
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-modal", "false");
    var close = el("button", "atlas-card-close", card);
    close.type = "button";
    close.setAttribute("aria-label", words.close);
    close.title = words.close;
    close.textContent = "\u00D7";
    close.addEventListener("click", function () { closeCard(); });
    cardBody = el("div", "atlas-popup", card);
    card.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); closeCard(); } });
    L.DomEvent.disableClickPropagation(card);
    L.DomEvent.disableScrollPropagation(card);
  }

  function routeName(id) {
    var found = scene.routes.filter(function (r) { return r.id === id; })[0];
    return found ? found.name : id;
  }

  /* The kicker above a card's title and its "more" summary: words written once in the scene. */
  function standardWords(root) {
    root.querySelectorAll(".atlas-kicker[data-kicker]").forEach(function (p) {
      var kind = p.getAttribute("data-kicker"), routes = p.getAttribute("data-routes").split(" ").filter(Boolean);
      if (kind === "route") {
        var route = scene.routes.filter(function (r) { return r.id === routes[0]; })[0];
        var swatch = el("span", "atlas-swatch", p);
        swatch.style.background = route ? route.colour : "#888";
        p.appendChild(document.createTextNode(routeName(routes[0])));
      } else {
        p.textContent = words[kind] + (routes.length ? " \u00B7 " + routes.map(routeName).join(", ") : "");
      }
    });
    root.querySelectorAll("details[data-more] > summary").forEach(function (summary) {
      summary.textContent = words["more." + summary.parentNode.getAttribute("data-more")];
    });
  }

  function controlBoxes() {
    var container = map.getContainer(), box = container.getBoundingClientRect(), out = [];
    container.querySelectorAll(".leaflet-control").forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (!r.width || !r.height || c.closest("[hidden]")) return;
      out.push({ left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top });
    });
    return out;
  }

  function placeCard(latlng) {
    var size = map.getSize(), point = latlng ? map.latLngToContainerPoint(latlng) : null;
    var place = cardPlace(size, controlBoxes(), point, size.x < 560);
    card.style.left = place.left + "px";
    card.style.width = place.width + "px";
    card.style.maxHeight = place.maxHeight + "px";
    if (place.anchorBottom !== undefined && point === null) {
      card.style.top = "";
      card.style.bottom = place.anchorBottom + "px";
    } else {
      card.style.bottom = "";
      card.style.top = place.top + "px";
    }
  }

  function closeCard() {
    if (!card || card.hidden) return;
    card.hidden = true;
    if (highlight) { map.removeLayer(highlight); highlight = null; }
    map.fire("atlas:cardclose");
    if (cardReturn && document.contains(cardReturn)) cardReturn.focus({ preventScroll: true });
    cardReturn = null;
  }

  /* A leg's, place's or loss's card from its data in the scene (see mapgen/popups.py); the kicker, the
     "more" summary, the figures and the sources are filled in by openPopup from what the page has once. */
  function cardHtml(c, more) {
    var esc = escapeAttr, refs = c.refs || [], notes = c.notes || [], sources = c.sources || [];
    var html = '<p class="atlas-kicker" data-kicker="' + esc(c.kicker) + '" data-routes="' + esc((c.routes || []).join(" ")) + '"></p><h2></h2>';
    if (c.when) html += '<p class="atlas-when">' + esc(c.when) + "</p>";
    if (c.headline) html += '<p class="atlas-headline" data-route="' + esc(c.headline) + '"></p>';
    if (c.approximate) {
      html += '<p class="atlas-approximate"><strong>' + esc(words.approximateLabel) + "</strong>: " +
        esc(fill(words.approximate, { radius: c.approximate })) + "</p>";
    }
    refs.forEach(function (r) {
      html += '<div class="atlas-figures-ref" data-ref="' + esc(r[0]) + '" data-caption-key="' + esc(r[1]) + '"' +
        (r[2] ? ' data-route="' + esc(r[2]) + '"' : "") + "></div>";
    });
    var sourceList = function (ids) {
      return '<ul class="atlas-sources">' + ids.map(function (id) { return '<li data-source="' + esc(id) + '"></li>'; }).join("") + "</ul>";
    };
    if (notes.length || sources.length || c.position) {
      html += '<details class="atlas-more" data-more="' + more + '"><summary></summary>' +
        notes.map(function (n) { return '<p class="atlas-note">' + esc(n) + "</p>"; }).join("") +
        (sources.length ? "<p>" + esc(words.sources) + "</p>" + sourceList(sources) : "") +
        (c.position ? '<div class="atlas-position">' + esc(words.positionFrom) + " " + sourceList([c.position[0]]) +
          (c.position[1] ? " (" + esc(fill(words.record, { ref: c.position[1] })) + ")" : "") + "</div>" : "") +
        "</details>";
    }
    return html;
  }

  /* The card of a feature: its HTML, headed by its name (written once in the scene, as text). */
  function openPopup(html, latlng, mark, id, title) {
    if (!card) makeCard();
    map.eachLayer(function (layer) { if (layer.closeTooltip) layer.closeTooltip(); });
    cardBody.innerHTML = html;  // built of escaped text by cardHtml or convoyCard
    var titleSlot = cardBody.querySelector("h2");
    if (titleSlot && !titleSlot.textContent) titleSlot.textContent = title || "";
    standardWords(cardBody);
    // each source is written once, in the list under the map: the card shows a copy
    cardBody.querySelectorAll("li[data-source]").forEach(function (li) {
      var entry = document.getElementById("atlas-source-" + li.getAttribute("data-source"));
      if (entry) entry.childNodes.forEach(function (node) { li.appendChild(node.cloneNode(true)); });
      else li.remove();
    });
    fillFigures(cardBody);
    outward(cardBody);
    // a citation in a card goes straight to the source (its entry under the map has the address)
    cardBody.querySelectorAll("a.atlas-cite").forEach(function (a) {
      var entry = document.getElementById(a.getAttribute("href").slice(1));
      var link = entry && entry.querySelector("a[href]");
      if (link) { a.href = link.href; a.target = "_blank"; a.rel = "noopener"; a.title = link.textContent; }
    });
    headlines(cardBody);
    filterPopup(cardBody);
    var heading = cardBody.querySelector("h2");
    if (heading) {
      heading.id = "atlas-card-title";
      heading.setAttribute("tabindex", "-1");
      card.setAttribute("aria-labelledby", "atlas-card-title");
    }
    if (highlight) { map.removeLayer(highlight); highlight = null; }
    if (mark) highlight = mark.addTo(map);
    cardReturn = document.activeElement && document.activeElement !== document.body ? document.activeElement : null;
    card.setAttribute("data-feature", id || "");
    card.hidden = false;
    placeCard(latlng);
    card.scrollTop = 0;
    map.fire("atlas:cardopen");
    if (heading) heading.focus({ preventScroll: true });
  }

  /* A feature a reader can reach with Tab and open with Enter or Space. */
  function reachable(element, name, open) {
    if (!element || element.getAttribute("role")) return;
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", name);
    element.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); }
    });
  }

  /* ---- drawing ---- */

  function drawBasemap() {
    var base = scene.basemap, p = base.precision;
    // Land and borders share one canvas, borders drawn last: a print renders each canvas as an opaque
    // picture, so a second canvas on top would hide the land under it.
    var landPane = map.createPane("atlasLand"); landPane.style.zIndex = 200;
    var land = base.land.map(function (rings) { return rings.map(function (r) { return decode(r, p); }); });
    var lines = base.borders.lines.map(function (r) { return decode(r, p); });
    var ussr = base.borders.ussr.map(function (rings) { return rings.map(function (r) { return decode(r, p); }); });
    var landRenderer = L.canvas({ pane: "atlasLand", padding: 0.5 });
    var borderRenderer = landRenderer;
    renderers.push(landRenderer);
    var landStyle = L.extend({}, styles.land, { renderer: landRenderer, interactive: false });
    var lineStyle = styles.borders[base.borders.style];
    var ussrStyle = styles.borders.ussr;
    var bordersGroup = L.layerGroup();
    // the world three times over, so that land and borders are wherever a reader can pan
    [-360, 0, 360].forEach(function (by) {
      L.polygon(land.map(function (rings) { return rings.map(function (r) { return shifted(r, by); }); }), landStyle).addTo(map);
      L.polygon(ussr.map(function (rings) { return rings.map(function (r) { return shifted(r, by); }); }), {
        renderer: borderRenderer, interactive: false, stroke: false, fill: true,
        fillColor: ussrStyle.fillColor, fillOpacity: ussrStyle.fillOpacity
      }).addTo(bordersGroup);
      L.polyline(lines.map(function (r) { return shifted(r, by); }), {
        renderer: borderRenderer, interactive: false, color: lineStyle.color, weight: lineStyle.weight,
        opacity: lineStyle.opacity, dashArray: lineStyle.dash ? lineStyle.dash.join(" ") : null
      }).addTo(bordersGroup);
      L.polygon(ussr.map(function (rings) { return rings.map(function (r) { return shifted(r, by); }); }), {
        renderer: borderRenderer, interactive: false, fill: false, color: ussrStyle.color,
        weight: ussrStyle.weight, opacity: ussrStyle.opacity
      }).addTo(bordersGroup);
    });
    groups.borders = bordersGroup;
    map.attributionControl.addAttribution(escapeAttr(base.attribution));
  }

  function legStyle(route, mode) {
    var info = current && current.routes[route.id];
    if (!info) return lineStyles(styles, mode, route.colour, null, "figure");
    if (info.status === "figure") return lineStyles(styles, mode, route.colour, Math.max(info.width, 1), "figure");
    return lineStyles(styles, mode, route.colour, null, info.status);
  }

  function drawRoutes() {
    // A large map draws its lines and places on one canvas: a canvas on top of another would take
    // every click, and the one under it would never hear of them.
    var renderer = scene.canvas ? (sharedCanvas = L.canvas({ tolerance: 8 })) : L.svg();
    var arrowPane = map.createPane("atlasArrows"); arrowPane.style.zIndex = 450; arrowPane.style.pointerEvents = "none";
    scene.routes.forEach(function (route) {
      var group = L.featureGroup();
      var drawn = { group: group, legs: [], colour: route.colour };
      route.legs.forEach(function (leg) {
        var latlngs = decode(leg.line, scene.precision);
        var st = lineStyles(styles, leg.mode, route.colour, null, "figure");
        var cls = "atlas-leg atlas-route-" + route.id + " atlas-mode-" + leg.mode;
        var base = L.polyline(latlngs, L.extend({}, st.base, { renderer: renderer, interactive: false, className: cls })).addTo(group);
        var inner = L.polyline(latlngs, L.extend({}, st.inner || { stroke: false }, { renderer: renderer, interactive: false, className: "atlas-leg-inner atlas-mode-" + leg.mode }));
        inner.addTo(group);
        // on a canvas the clickable line is not drawn at all: the canvas's tolerance makes it wide
        var hit = L.polyline(latlngs, scene.canvas
          ? { renderer: renderer, stroke: false, bubblingMouseEvents: false, leg: leg.id }
          : { renderer: renderer, weight: 18, opacity: 0, bubblingMouseEvents: false, leg: leg.id, className: "atlas-leg-hit atlas-route-" + route.id });
        hit.addTo(group);
        var open = function (latlng) {
          var mark = L.polyline(latlngs, { renderer: renderer, interactive: false, color: "#ffbf47", weight: Math.max(10, (base.options.weight || 4) + 8), opacity: 0.55, className: "atlas-selected" });
          openPopup(cardHtml(leg.card, "leg"), latlng || latlngs[Math.floor(latlngs.length / 2)], mark, leg.id, leg.name);
          if (mark.bringToBack) mark.bringToBack();
        };
        var name = route.name + ": " + leg.name;
        // the tooltip first: Leaflet opens it on a click too (for touch), and the card then closes it
        hit.bindTooltip(document.createTextNode(name), { sticky: true });
        hit.on("click", function (e) { open(e.latlng); });
        openers[leg.id] = function () { open(); };
        hit.on("add", function () { reachable(hit.getElement && hit.getElement(), name, function () { open(); }); });
        leg.arrows.forEach(function (a) {
          L.marker([a[0], a[1]], {
            pane: "atlasArrows", interactive: false, keyboard: false,
            icon: L.divIcon({
              className: "atlas-arrow", iconSize: [styles.arrow, styles.arrow], iconAnchor: [styles.arrow / 2, styles.arrow / 2],
              html: '<span style="display:block;transform:rotate(' + Number(a[2]) + 'deg)">' + arrowSvg(route.colour, styles.arrow) + "</span>"
            })
          }).addTo(group);
        });
        drawn.legs.push({ base: base, inner: inner, hit: hit, mode: leg.mode, item: leg });
      });
      routeLayers[route.id] = drawn;
      groups[route.id] = group;
    });
  }

  function selectionRing(at) {
    return L.circleMarker(at, { radius: 14, color: "#ffbf47", weight: 4, opacity: 0.9, fill: false, interactive: false, className: "atlas-selected" });
  }

  /* A marker's icon; `shift` sets it apart from others at the same place (pixels, from the scene). */
  function markerIcon(html, className, shift) {
    var size = styles.hit, dx = shift ? shift[0] : 0, dy = shift ? shift[1] : 0;
    return L.divIcon({ className: className, html: html, iconSize: [size, size], iconAnchor: [size / 2 - dx, size / 2 - dy] });
  }

  function drawPoints() {
    var size = styles.hit;
    var pointRenderer = scene.canvas ? sharedCanvas : null;
    groups.places = L.layerGroup();
    scene.places.forEach(function (item) {
      var marker = pointRenderer
        ? L.circleMarker(item.at, { renderer: pointRenderer, radius: (styles.places[item.kind] || styles.places.city).radius,
            fill: true, fillOpacity: 1, fillColor: (styles.places[item.kind] || styles.places.city).fill, color: styles.outline.stroke,
            weight: styles.outline.width, bubblingMouseEvents: false, className: "atlas-place atlas-kind-" + item.kind })
        : L.marker(item.at, {
          icon: markerIcon(placeSvg(styles, item.kind, size), "atlas-place atlas-kind-" + item.kind + (item.minor ? " atlas-minor" : ""), item.shift),
          keyboard: false
        });
      var open = function () { openPopup(cardHtml(item.card, "place"), item.at, selectionRing(item.at), item.id, item.name); };
      openers[item.id] = open;
      marker.bindTooltip(document.createTextNode(item.name), { direction: "top", offset: [0, -8] });
      marker.on("click", open);
      marker.on("add", function () {
        var node = marker.getElement && marker.getElement();
        if (node) node.setAttribute("data-feature", item.id);
        reachable(node, item.name, open);
      });
      places.push({ item: item, marker: marker });
    });
    groups.losses = L.layerGroup();
    var areaPane = map.createPane("atlasAreas"); areaPane.style.zIndex = 390;
    scene.events.forEach(function (item) {
      var rough = !!item.area, s = styles.events[item.kind] || styles.events.sinking;
      var marker = L.marker(item.at, {
        icon: markerIcon(eventSvg(styles, item.kind, size, rough), "atlas-event atlas-event-" + item.kind + (rough ? " atlas-approximate" : ""), item.shift),
        keyboard: false
      });
      var area = rough ? L.polygon(decode(item.area, scene.precision), {
        pane: "atlasAreas", color: s.fill, fillColor: s.fill, weight: styles.eventArea.weight, opacity: styles.eventArea.opacity,
        fillOpacity: styles.eventArea.fillOpacity, dashArray: styles.eventArea.dash.join(" "), bubblingMouseEvents: false,
        className: "atlas-event-area atlas-event-" + item.kind
      }) : null;
      var open = function () { openPopup(cardHtml(item.card, "event"), item.at, selectionRing(item.at), item.id, item.title || item.name); };
      openers[item.id] = open;
      marker.bindTooltip(document.createTextNode(item.name), { direction: "top", offset: [0, -8] });
      marker.on("click", open);
      if (area) area.on("click", open);
      marker.on("add", function () {
        marker.getElement().setAttribute("data-feature", item.id);
        reachable(marker.getElement(), item.name, open);
      });
      events.push({ item: item, marker: marker, area: area });
    });
  }

  function drawLabels() {
    var pane = map.createPane("atlasLabels"); pane.style.zIndex = 650; pane.style.pointerEvents = "none";
    groups.names = L.layerGroup();
    var placeAt = {};  // a place's name is written at its marker: the scene gives the position once
    scene.places.forEach(function (p) { placeAt[p.id] = p.at; });
    scene.labels.forEach(function (item) {
      item.at = item.at || placeAt[item.for];
      item.kind = item.kind || "place";
      var shift = item.shift || [0, 0];
      var span = '<span class="atlas-label atlas-label-' + item.kind + '" style="--offset:' + Number(item.offset || 0) + "px;--dx:" +
        Number(shift[0]) + "px;--dy:" + Number(shift[1]) + 'px">' + escapeAttr(item.text) + "</span>";
      var marker = L.marker(item.at, {
        pane: "atlasLabels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "atlas-label-anchor", html: span, iconSize: [0, 0] })
      });
      labels.push({ item: item, marker: marker, side: null });
    });
  }

  /* ---- the convoys of a month ---- */

  var convoyControl = null;

  /* The card of a convoy: built from its data in the scene, every text set as text. */
  function convoyCard(item, latlng) {
    var cw = scene.convoys.words, esc = escapeAttr;
    var names = function (ids) { return ids.map(function (id) { return placeNames[id] || id; }).join(" / "); };
    var rows = ["ships_sailed", "ships_arrived", "ships_returned", "ships_sunk", "escorts_lost"];
    var others = function (field) {
      var found = item.disputes.filter(function (d) { return d[0] === field; });
      if (!found.length) return "";
      return '<div class="atlas-others">' + esc(cw.others) + " " + found.map(function (d) {
        return esc(d[1]) + ' (<a class="atlas-cite" href="#atlas-source-' + esc(d[2]) + '">' + esc(scene.convoys.cite[d[2]] || d[2]) + "</a>)";
      }).join("; ") + "</div>";
    };
    var html = '<p class="atlas-kicker">' + esc(cw.kicker + " \u00B7 " + cw[item.dir]) + "</p><h2></h2>" +
      '<p class="atlas-when">' + esc(item.when) + "</p><p>" + esc(names(item.from) + " \u2192 " + names(item.to)) + "</p>" +
      (item.assumed ? '<p class="atlas-note">' + esc(cw.assumed) + "</p>" : "") +
      '<table class="atlas-figures atlas-convoy-counts"><tbody>';
    ["departed_from", "departed", "arrived_at", "arrived"].forEach(function (field) {
      var more = others(field);
      if (more) html += '<tr><th scope="row">' + esc(cw[field]) + "</th><td>" + more + "</td></tr>";
    });
    rows.forEach(function (field, k) {
      var n = item.n[k], shown = n === null ? cw.unknown : String(n);
      var mark = item.inferred && item.inferred.indexOf(k) >= 0 ? ' <abbr title="' + esc(cw.inferred) + '">*</abbr>' : "";
      html += '<tr><th scope="row">' + esc(cw[field]) + '</th><td><span class="atlas-value">' + esc(shown) + "</span>" + mark + others(field) + "</td></tr>";
    });
    html += "</tbody></table>" + (item.note ? '<p class="atlas-note">' + esc(item.note) + "</p>" : "") +
      '<details class="atlas-more"><summary>' + esc(cw.sources) + '</summary><ul class="atlas-sources">' +
      item.sources.map(function (id) { return '<li data-source="' + esc(id) + '"></li>'; }).join("") + "</ul></details>";
    openPopup(html, latlng, null, item.id, item.name);
  }

  function lossCard(loss) {
    var cw = scene.convoys.words, esc = escapeAttr;
    var html = '<p class="atlas-kicker">' + esc(fill(cw.sunk_kicker, { name: convoyNames[loss.convoy] || loss.convoy })) + "</p><h2></h2>" +
      '<p class="atlas-when">' + esc(loss.when) + "</p>" + (loss.note ? '<p class="atlas-note">' + esc(loss.note) + "</p>" : "") +
      '<details class="atlas-more" open><summary>' + esc(cw.sources) + '</summary><ul class="atlas-sources">' +
      loss.sources.map(function (id) { return '<li data-source="' + esc(id) + '"></li>'; }).join("") + "</ul></details>";
    openPopup(html, loss.at, selectionRing(loss.at), "loss:" + loss.convoy + ":" + loss.name, loss.name);
  }

  var placeNames = {}, convoyNames = {};

  function drawConvoys() {
    var data = scene.convoys;
    if (!data) return null;
    scene.places.forEach(function (p) { placeNames[p.id] = p.name; });
    data.items.forEach(function (c) { convoyNames[c.id] = c.name; });
    var pane = map.createPane("atlasConvoys"); pane.style.zIndex = 420; pane.style.pointerEvents = "none";
    var renderer = L.svg({ pane: "atlasConvoys" }), cs = styles.convoys;
    var group = groups.convoys = L.layerGroup();
    var byId = {}, lossesOf = {};
    data.items.forEach(function (item) {
      var track = data.tracks[item.track], own = cs[item.dir], layers = [];
      track.lines.forEach(function (text) {
        var latlngs = decode(text, scene.precision);
        layers.push(L.polyline(latlngs, { renderer: renderer, interactive: false, color: cs.casing.color, opacity: cs.casing.opacity,
          weight: item.width + cs.casing.extra, lineCap: "butt" }));
        var line = L.polyline(latlngs, { renderer: renderer, color: own.color, weight: item.width, opacity: 1,
          dashArray: scaledDashes(own.dash, item.width), lineCap: "butt", bubblingMouseEvents: false,
          className: "atlas-convoy atlas-convoy-" + item.dir });
        line.bindTooltip(document.createTextNode(item.name), { sticky: true });
        line.on("click", function (e) { convoyCard(item, e.latlng); });
        line.on("add", function () {
          var node = line.getElement();
          node.setAttribute("data-convoy", item.id);
          reachable(node, item.name, function () { convoyCard(item, null); });
        });
        layers.push(line);
      });
      track.arrows.forEach(function (a) {
        layers.push(L.marker([a[0], a[1]], {
          pane: "atlasArrows", interactive: false, keyboard: false,
          icon: L.divIcon({
            className: "atlas-arrow atlas-convoy-arrow", iconSize: [styles.arrow, styles.arrow], iconAnchor: [styles.arrow / 2, styles.arrow / 2],
            html: '<span style="display:block;transform:rotate(' + Number(a[2]) + 'deg)">' + arrowSvg(own.color, styles.arrow) + "</span>"
          })
        }));
      });
      byId[item.id] = { item: item, layers: layers };
      openers[item.id] = function () { convoyCard(item, null); };
    });
    data.losses.forEach(function (loss) {
      var marker = L.marker(loss.at, {
        icon: markerIcon(eventSvg(styles, "sinking", styles.hit, false), "atlas-event atlas-convoy-loss"), keyboard: false
      });
      marker.bindTooltip(document.createTextNode(loss.name + " \u00B7 " + (convoyNames[loss.convoy] || "")), { direction: "top", offset: [0, -8] });
      marker.on("click", function () { lossCard(loss); });
      marker.on("add", function () { reachable(marker.getElement(), loss.name, function () { lossCard(loss); }); });
      (lossesOf[loss.convoy] = lossesOf[loss.convoy] || []).push(marker);
    });
    return monthControl(data, group, byId, lossesOf);
  }

  function monthControl(data, group, byId, lossesOf) {
    var section = document.querySelector(".atlas-convoys"), cw = data.words;
    var slider = section && section.querySelector(".atlas-month-slider");
    var label = section && section.querySelector(".atlas-month-label");
    var list = section && section.querySelector(".atlas-month-at");
    var play = section && section.querySelector(".atlas-month-play");
    var months = data.months, index = {}, at = -1, timer = null;
    months.forEach(function (m, k) { index[m.id] = k; });
    var chart = section ? monthChart(data, section.querySelector(".atlas-month-chart"), function (k) { stop(); select(k); }) : null;

    function select(k) {
      k = Math.max(0, Math.min(months.length - 1, k));
      var month = months[k];
      at = k;
      group.clearLayers();
      month.at.forEach(function (id) {
        var drawn = byId[id];
        if (!drawn) return;
        drawn.layers.forEach(function (layer) { group.addLayer(layer); });
        (lossesOf[id] || []).forEach(function (marker) { group.addLayer(marker); });
      });
      map.getContainer().setAttribute("data-month", month.id);
      if (slider) { slider.value = String(k); slider.setAttribute("aria-valuetext", month.label); }
      if (label) label.textContent = month.label;
      if (chart) chart.mark(k);
      if (list) {
        list.textContent = "";
        if (month.at.length) {
          el("p", "atlas-month-heading", list).textContent = fill(cw.at_sea, { month: month.label });
          var ul = el("ul", "atlas-month-list", list);
          month.at.forEach(function (id) {
            var drawn = byId[id], item = drawn ? drawn.item : null;
            var button = el("button", "atlas-month-convoy", el("li", "", ul));
            button.type = "button";
            if (!item) { button.textContent = convoyNames[id] || id; button.disabled = true; return; }
            var sailed = item.n[0], sunk = item.n[3];
            button.textContent = sailed === null ? item.name : fill(sunk === null ? cw.item_sailed : cw.item, { name: item.name, sailed: sailed, sunk: sunk });
            button.setAttribute("data-convoy", id);
            button.addEventListener("click", function () { convoyCard(item, null); });
          });
        } else {
          list.innerHTML = data.quiet[month.why];  // template output, escaped in Python
        }
      }
      map.fire("atlas:month", { month: month.id });
    }
    function setPlaying(on) {
      if (!play) return;
      play.setAttribute("aria-pressed", on ? "true" : "false");
      var text = play.getAttribute(on ? "data-pause" : "data-play");
      play.setAttribute("aria-label", text); play.title = text;
      play.classList.toggle("atlas-playing", on);
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } setPlaying(false); }
    if (slider) slider.addEventListener("input", function () { stop(); select(Number(slider.value)); });
    if (play) play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (at >= months.length - 1) select(0);
      setPlaying(true);
      timer = setInterval(function () { if (at >= months.length - 1) stop(); else select(at + 1); }, 1200);
    });
    select(0);
    return {
      select: function (id) { if (id in index) { stop(); select(index[id]); return true; } return false; },
      current: function () { return months[at] && months[at].id; }
    };
  }

  /* Ships sailed each month as bars, to the USSR above the line and home below, the sunk in red;
     a click on a month shows it. The numbers are in the table under the map. */
  function monthChart(data, slot, choose) {
    if (!slot) return null;
    var months = data.months, n = months.length, w = 300, h = 108, mid = 52, base = 96, step = w / n;
    var top = 0;
    months.forEach(function (m) { top = Math.max(top, m.east[0], m.west[0]); });
    var scale = top ? (mid - 4) / top : 0, down = top ? (base - mid - 4) / top : 0;
    var svg = '<svg viewBox="0 0 ' + w + " " + h + '" width="100%" role="img" aria-label="' + escapeAttr(data.words.chart) + '">';
    months.forEach(function (m, k) {
      var x = (k * step).toFixed(1), bw = Math.max(1, step - 1).toFixed(1);
      svg += '<g data-k="' + k + '"><rect x="' + x + '" y="0" width="' + step.toFixed(1) + '" height="' + base + '" fill="transparent"/>';
      if (m.id.slice(5) === "01" || k === 0) {  // each year named where it starts
        svg += '<text x="' + x + '" y="' + (h - 1) + '">' + escapeAttr(m.id.slice(0, 4)) + "</text>";
      }
      if (m.east[0]) svg += '<rect x="' + x + '" y="' + (mid - m.east[0] * scale).toFixed(1) + '" width="' + bw + '" height="' + (m.east[0] * scale).toFixed(1) + '" fill="#6a6a6a"/>';
      if (m.east[2]) svg += '<rect x="' + x + '" y="' + (mid - m.east[2] * scale).toFixed(1) + '" width="' + bw + '" height="' + (m.east[2] * scale).toFixed(1) + '" fill="#B00020"/>';
      if (m.west[0]) svg += '<rect x="' + x + '" y="' + (mid + 1) + '" width="' + bw + '" height="' + (m.west[0] * down).toFixed(1) + '" fill="#a5a5a5"/>';
      if (m.west[2]) svg += '<rect x="' + x + '" y="' + (mid + 1) + '" width="' + bw + '" height="' + (m.west[2] * down).toFixed(1) + '" fill="#B00020"/>';
      svg += "</g>";
    });
    svg += '<line x1="0" x2="' + w + '" y1="' + (mid + 0.5) + '" y2="' + (mid + 0.5) + '" stroke="#333" stroke-width="1"/>';
    svg += '<rect class="atlas-month-mark" x="0" y="0" width="' + step.toFixed(1) + '" height="' + base + '" fill="none" stroke="#111" stroke-width="1.5"/></svg>';
    slot.innerHTML = svg;  // numbers and an escaped label only
    var mark = slot.querySelector(".atlas-month-mark");
    slot.querySelector("svg").addEventListener("click", function (e) {
      var g = e.target.closest("g[data-k]");
      if (g) choose(Number(g.getAttribute("data-k")));
    });
    return { mark: function (k) { mark.setAttribute("x", (k * step).toFixed(1)); } };
  }

  /* ---- what is shown ---- */

  function routeShown(id) { return shown[id] !== false; }

  function refresh() {
    scene.routes.forEach(function (route) { toggle(groups[route.id], routeShown(route.id)); });
    places.forEach(function (p) {
      toggle(p.marker, shown.places !== false && (p.item.routes.length === 0 || p.item.routes.some(routeShown)), groups.places);
      // on the shared canvas a route shown again is drawn last: places go back on top
      if (sharedCanvas && p.marker._map) p.marker.bringToFront();
    });
    events.forEach(function (e) {
      var on = shown.losses !== false && routeShown(e.item.route);
      toggle(e.marker, on, groups.losses);
      if (e.area) toggle(e.area, on, groups.losses);
    });
    toggle(groups.places, true);
    toggle(groups.losses, true);
    toggle(groups.borders, shown.borders !== false);
    if (groups.convoys) toggle(groups.convoys, shown.convoys !== false);
    toggle(groups.names, true);
    refreshLabels();
    document.querySelectorAll(".atlas-layers input[data-layer]").forEach(function (box) {
      box.checked = shown[box.getAttribute("data-layer")] !== false;
    });
  }

  function toggle(layer, on, parent) {
    var holder = parent || map;
    if (!layer) return;
    if (on && !holder.hasLayer(layer)) holder.addLayer(layer);
    if (!on && holder.hasLayer(layer)) holder.removeLayer(layer);
  }

  var placeShown = {};
  function refreshLabels() {
    var zoom = map.getZoom();
    places.forEach(function (p) { placeShown[p.item.id] = groups.places.hasLayer(p.marker); });
    labels.forEach(function (label) {
      var item = label.item;
      var owner = item["for"] ? shown.names !== false && placeShown[item["for"]] : shown.borders !== false;
      var side = owner ? labelSide(item.zooms, zoom) : null;
      if (side !== label.side) {
        label.side = side;
        if (side) {
          // a country's name may go to another of its anchors ("c2": the second after the first)
          var anchor = side.charAt(0) === "c" && side.length > 1 ? Number(side.slice(1)) : 0;
          label.marker.setLatLng(anchor ? item.anchors[anchor - 1] : item.at);
          label.marker.addTo(groups.names);
          var span = label.marker.getElement() && label.marker.getElement().firstChild;
          if (span) span.className = "atlas-label atlas-label-" + item.kind + " atlas-side-" + side.charAt(0);
        } else {
          groups.names.removeLayer(label.marker);
        }
      }
    });
  }

  /* Zoomed out, the places on the way are drawn smaller (CSS), so the ends of the routes stand out. */
  function zoomClass() {
    map.getContainer().classList.toggle("atlas-far", map.getZoom() < 3);
  }

  /* ---- the period ---- */

  /* Each route's legs in the current period's style. A route that looks the same as before is left
     alone, and a style is made once per route and mode: a voyage-by-voyage map has thousands of legs.
     The white inner line is hidden rather than removed, so the order of what is drawn never changes
     (and the clickable lines, never styled, need not be brought forward). */
  function restyle() {
    scene.routes.forEach(function (route) {
      var drawn = routeLayers[route.id], info = current && current.routes[route.id];
      var look = info ? info.status + " " + info.width : "";
      if (drawn.look === look) return;
      drawn.look = look;
      var byMode = {};
      drawn.legs.forEach(function (leg) {
        var st = byMode[leg.mode] || (byMode[leg.mode] = legStyle(route, leg.mode));
        leg.base.setStyle(st.base);
        leg.inner.setStyle(st.inner ? L.extend({ stroke: true }, st.inner) : { stroke: false });
      });
    });
  }

  function periods() {
    var config = scene.periods;
    var section = document.querySelector(".atlas-periods");
    if (!config || !section) return null;
    var buttons = {}, measure = section.querySelector(".atlas-measure"), play = section.querySelector(".atlas-play");
    var timer = null;
    section.querySelectorAll(".atlas-period-button").forEach(function (b) {
      buttons[b.getAttribute("data-period")] = b;
      b.addEventListener("click", function () { stop(); select(b.getAttribute("data-period")); });
    });

    function select(id) {
      var slice = config.slices.filter(function (s) { return s.id === id; })[0];
      if (!slice) return;
      current = slice;
      Object.keys(buttons).forEach(function (key) { buttons[key].setAttribute("aria-pressed", key === id ? "true" : "false"); });
      restyle();
      measure.innerHTML = slice.measure;  // template output, escaped in Python
      outward(measure);
      drawSwatches(measure);
      headlines(section);
      section.querySelectorAll(".atlas-period-list li[data-route]").forEach(function (li) {
        var info = slice.routes[li.getAttribute("data-route")];
        li.setAttribute("data-status", info ? info.status : "none");
      });
      closeCard();
      map.fire("atlas:period", { period: id });
    }

    var steps = config.slices.filter(function (s) { return !s.all; }).map(function (s) { return s.id; });
    function setPlaying(on) {
      play.setAttribute("aria-pressed", on ? "true" : "false");
      var label = play.getAttribute(on ? "data-pause" : "data-play");
      play.setAttribute("aria-label", label);
      play.title = label;
      play.classList.toggle("atlas-playing", on);
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } setPlaying(false); }
    function step() {
      var at = steps.indexOf(current && current.id);
      if (at >= steps.length - 1) { stop(); return false; }
      select(steps[at + 1]);
      if (at + 1 >= steps.length - 1) stop();
      return true;
    }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (steps.indexOf(current && current.id) < 0 || steps.indexOf(current.id) === steps.length - 1) select(steps[0]);
      else step();
      setPlaying(true);
      timer = setInterval(step, 2200);
    });
    if (!steps.length) play.hidden = true;
    select(config.initial);
    return { select: select, stop: stop, current: function () { return current && current.id; } };
  }

  /* ---- the panel ---- */

  function drawSwatches(root) {
    (root || document).querySelectorAll(".atlas-swatch-slot").forEach(function (slot) {
      var kind = slot.getAttribute("data-swatch"), svg = "";
      if (kind === "route") svg = lineSvg(styles, "sea", slot.getAttribute("data-colour"), 5, "figure");
      else if (kind === "mode") svg = lineSvg(styles, slot.getAttribute("data-mode"), "#333333", 5, "figure");
      else if (kind === "width") svg = lineSvg(styles, "sea", "#444444", Number(slot.getAttribute("data-px")), "figure");
      else if (kind === "none") svg = lineSvg(styles, "sea", "#444444", null, "none");
      else if (kind === "idle") svg = lineSvg(styles, "sea", "#444444", null, "idle");
      else if (kind === "place") svg = placeSvg(styles, slot.getAttribute("data-kind") || "port", 20);
      else if (kind === "event") svg = eventSvg(styles, slot.getAttribute("data-kind") || "sinking", 20, false);
      else if (kind === "area") svg = eventSvg(styles, "sinking", 20, true);
      else if (kind === "arrow") svg = arrowSvg("#333333", 14);
      else if (kind === "border") {
        var b = styles.borders[slot.getAttribute("data-style") || scene.basemap.borders.style];
        svg = '<svg width="44" height="12" aria-hidden="true"><line x1="2" y1="6" x2="42" y2="6" stroke="' + escapeAttr(b.color) +
          '" stroke-width="' + (b.weight + 0.5) + '"' + (b.dash ? ' stroke-dasharray="' + b.dash.join(" ") + '"' : "") + "/></svg>";
      } else if (kind === "ussr") {
        var u = styles.borders.ussr;
        svg = '<svg width="44" height="14" aria-hidden="true"><rect x="2" y="2" width="40" height="10" fill="' + escapeAttr(u.fillColor) +
          '" fill-opacity="' + (u.fillOpacity * 3) + '" stroke="' + escapeAttr(u.color) + '" stroke-width="' + u.weight + '"/></svg>';
      } else if (kind === "label") svg = '<svg width="44" height="14" aria-hidden="true"><text x="2" y="11" font-size="11">Abc</text></svg>';
      slot.innerHTML = svg;
    });
  }

  function compact() {
    var params = new URLSearchParams(location.search);
    return params.get("chrome") === "0" || window.matchMedia("(max-width: 699px), (max-height: 499px)").matches;
  }

  function panel() {
    var body = document.body, panelNode = document.getElementById("atlas-panel");
    var params = new URLSearchParams(location.search);
    if (params.get("chrome") === "0") body.classList.add("atlas-bare");
    if (!panelNode) return;
    drawSwatches(panelNode);
    panelNode.querySelectorAll(".atlas-layers input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        shown[box.getAttribute("data-layer")] = box.checked;
        refresh();
        map.fire("atlas:layers");
      });
    });
    var toggleButton = panelNode.querySelector(".atlas-panel-toggle");
    var reopen = null;
    function setOpen(open) {
      var small = compact();
      body.classList.toggle("atlas-panel-closed", !open);
      toggleButton.setAttribute("aria-expanded", open ? "true" : "false");
      var label = toggleButton.getAttribute(small ? (open ? "data-collapse" : "data-expand") : (open ? "data-hide" : "data-show"));
      toggleButton.setAttribute("aria-label", label);
      toggleButton.title = label;
      if (reopen) reopen.getContainer().hidden = open || small;
      var center = map.getCenter(), zoom = map.getZoom();
      map.invalidateSize({ animate: false });
      map.setView(center, zoom, { animate: false });
    }
    toggleButton.addEventListener("click", function () { setOpen(body.classList.contains("atlas-panel-closed")); });
    // on wide screens a closed panel is opened again from a button on the map
    reopen = L.control({ position: "topleft" });
    reopen.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar atlas-reopen");
      var a = L.DomUtil.create("a", "", div);
      a.href = "#"; a.setAttribute("role", "button");
      a.setAttribute("aria-label", toggleButton.getAttribute("data-show")); a.title = toggleButton.getAttribute("data-show");
      a.textContent = "\u2630";
      L.DomEvent.on(a, "click", function (e) { L.DomEvent.preventDefault(e); setOpen(true); toggleButton.focus(); });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    reopen.addTo(map);
    setOpen(!compact());
    map.on("atlas:cardopen", function () { if (compact() && !body.classList.contains("atlas-panel-closed")) setOpen(false); });
    var panelWasSmall = compact();
    window.addEventListener("resize", function () {
      var small = compact();
      if (small !== panelWasSmall) { panelWasSmall = small; setOpen(!small); }
      limits();
    });
    // Links to the text under the map move focus there without changing the address (which holds the view).
    document.querySelectorAll("a[href='#atlas-text']").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var target = document.getElementById("atlas-text");
        if (!target) return;
        e.preventDefault();
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      });
    });
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { fillFigures(panelNode); });
    } else {
      fillFigures(panelNode);
    }
  }

  /* ---- view ---- */

  var subject = null;
  function limits() {
    var west = scene.view.west, size = map.getSize();
    // a little inside the land drawn (the world three times over), so no edge of it ever shows
    map.setMaxBounds([[-85, west - 355], [85, west + 715]]);
    map.setMinZoom(Math.ceil(minZoomFor(size.x, 1070) * 4) / 4);
  }

  var untouched = true;  // the map still shows the view it opened on
  function fit() {
    quiet += 1;
    try { fitNow(); } finally { quiet -= 1; }
  }
  function fitNow(bounds) {
    var pads = controlPadding(), side = cardSide(), extra = bounds ? { left: 0, top: 0, right: 0, bottom: 0 } : nameRoom;
    map.fitBounds(bounds || subject, {
      paddingTopLeft: [Math.max(20, pads.topLeft[0], side.left) + extra.left, Math.max(20, pads.topLeft[1] - 40, side.top) + extra.top],
      paddingBottomRight: [Math.max(20, side.right) + extra.right, Math.max(20, pads.bottomRight[1], side.bottom) + extra.bottom],
      animate: false
    });
  }

  /* The subject is framed on its places, but the name beside a place at the edge can run off the map
     ("ago" for Chicago): once the names are drawn, widen each margin by what runs off it and frame
     again, a few times, as a view centred in its margins moves by half of what is added. */
  var nameRoom = { left: 0, top: 0, right: 0, bottom: 0 };
  /* The names of places in view, each with how far it runs past each edge of the map (px). */
  function overhangs() {
    var box = map.getContainer().getBoundingClientRect(), size = map.getSize(), out = [];
    labels.forEach(function (label) {
      var element = label.side && label.marker._map && label.marker.getElement();
      if (!element || !element.firstChild) return;
      var at = map.latLngToContainerPoint(label.marker.getLatLng());
      if (at.x < 0 || at.y < 0 || at.x > size.x || at.y > size.y) return;  // a place outside the view: not its subject
      var r = element.firstChild.getBoundingClientRect();
      out.push({ element: element, left: box.left - r.left, right: r.right - box.right, top: box.top - r.top, bottom: r.bottom - box.bottom });
    });
    return out;
  }
  function namesOffMap() {
    var over = { left: 0, top: 0, right: 0, bottom: 0 };
    overhangs().forEach(function (o) {
      Object.keys(over).forEach(function (edge) { over[edge] = Math.max(over[edge], o[edge] + 4); });  // 4 px clear of the edge
    });
    return over;
  }
  function makeRoomForNames() {
    var startZoom = map.getZoom();
    for (var pass = 0; pass < 3; pass++) {
      var over = namesOffMap(), size = map.getSize(), before = L.extend({}, nameRoom), changed = false;
      Object.keys(over).forEach(function (edge) {
        var most = (edge === "left" || edge === "right" ? size.x : size.y) / 5;  // never more than a fifth of the map
        var room = Math.min(nameRoom[edge] + Math.ceil(over[edge]), most);
        if (room > nameRoom[edge]) { nameRoom[edge] = room; changed = true; }
      });
      if (!changed) break;
      fit();
      // on a phone the room would cost a whole step of zoom, and with it the names of the countries
      if (map.getZoom() < startZoom - 0.25 - 1e-9) { nameRoom = before; fit(); break; }
    }
    hideCutNames();
  }

  /* A name still cut at the edge is not shown in the opening view (it comes back when the map moves):
     half a name reads as another place. */
  function hideCutNames() {
    var hidden = overhangs().filter(function (o) { return o.left > 0 || o.right > 0 || o.top > 0 || o.bottom > 0; })
      .map(function (o) { o.element.classList.add("atlas-label-cut"); return o.element; });
    if (hidden.length) {
      map.once("movestart zoomstart", function () {
        hidden.forEach(function (element) { element.classList.remove("atlas-label-cut"); });
      });
    }
  }

  /* The room an open card takes at the map's side (a column) or top or bottom (a band), so a framed view keeps clear of it. */
  function cardSide() {
    var out = { left: 0, top: 0, right: 0, bottom: 0 };
    if (!card || card.hidden) return out;
    var size = map.getSize(), box = map.getContainer().getBoundingClientRect(), r = card.getBoundingClientRect();
    var left = r.left - box.left, right = r.right - box.left, top = r.top - box.top, bottom = r.bottom - box.top;
    if (!r.width || !r.height) return out;  // not laid out (a picture without it)
    if (r.width < size.x * 0.6) {
      if (left > size.x / 2) out.right = size.x - left + 10; else out.left = right + 10;
    } else if (top > size.y / 3) {
      out.bottom = size.y - top + 10;
    } else {
      out.top = bottom + 10;
    }
    // a card that leaves too little of the map is framed around, not beside
    if (size.x - out.left - out.right < size.x * 0.4) out.left = out.right = 0;
    if (size.y - out.top - out.bottom < size.y * 0.4) out.top = out.bottom = 0;
    return out;
  }

  function trim(number, digits) { return String(Number(number.toFixed(digits))); }

  function state() {
    var applying = false;
    var known = ["places", "names", "losses", "borders", "convoys"].concat(scene.routes.map(function (r) { return r.id; }));
    function ids() { return known.filter(function (id) { return shown[id] !== false && (groups[id] || id === "names"); }); }
    function serialize() {
      var c = map.getCenter();
      var parts = ["layers=" + ids().join(",")];
      if (periodControl && periodControl.current()) parts.push("year=" + encodeURIComponent(periodControl.current()));
      if (convoyControl && convoyControl.current()) parts.push("month=" + convoyControl.current());
      parts.push("view=" + trim(map.getZoom(), 2) + "/" + trim(c.lat, 3) + "/" + trim(c.lng, 3));
      hashParts.forEach(function (part) { var more = part(); if (more) parts.push(more); });
      return "#" + parts.join("&");
    }
    function keepViewInLinks(hash) {
      document.querySelectorAll("a.atlas-keep-view").forEach(function (a) {
        a.setAttribute("href", a.getAttribute("href").split("#")[0] + hash);
      });
    }
    function write() {
      if (applying || quiet) return;
      store(false);
    }
    /* Write the address now; `push`: as a new entry of the browser's history (Back returns to this one). */
    function store(push) {
      var hash = serialize();
      if (push || hash !== location.hash) {
        try { history[push ? "pushState" : "replaceState"](null, "", hash); } catch (e) { /* a sandboxed frame: keep going */ }
      }
      keepViewInLinks(hash);
    }
    function apply(wanted) {
      applying = true;
      try {
        if (wanted.layers && wanted.layers.length && !wanted.layers.some(function (id) { return known.indexOf(id) >= 0; })) {
          wanted.layers = null;  // a list naming no layer of this map (a link to another map, a typo)
        }
        if (wanted.layers) {
          known.forEach(function (id) { shown[id] = wanted.layers.indexOf(id) >= 0; });
          refresh();
        }
        if (wanted.year && periodControl) periodControl.select(wanted.year);
        if (wanted.month && convoyControl) convoyControl.select(wanted.month);
        if (wanted.view) {
          untouched = false;
          map.setView([wanted.view.lat, wanted.view.lng], wanted.view.zoom, { animate: false });
        }
      } finally {
        applying = false;
      }
    }
    apply(parseHash(location.hash));
    map.on("moveend atlas:period atlas:layers atlas:month", write);
    window.addEventListener("hashchange", function () { apply(parseHash(location.hash)); });
    return { serialize: serialize, apply: apply, store: store };
  }

  function embedded() {
    try { return window.self !== window.top; } catch (e) { return true; }
  }

  function embedding() {
    if (!embedded()) return;
    document.body.classList.add("atlas-embedded");
    // Let the page around the frame scroll: the wheel zooms only once the map is clicked.
    map.scrollWheelZoom.disable();
    var container = map.getContainer(), stage = container.parentNode;
    stage.addEventListener("pointerdown", function () { map.scrollWheelZoom.enable(); });
    container.addEventListener("focus", function () { map.scrollWheelZoom.enable(); });
    stage.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
    var nav = document.querySelector(".atlas-nav");
    if (nav) {
      var open = document.createElement("a");
      open.href = location.href.split("?")[0].split("#")[0];
      open.target = "_blank";
      open.rel = "noopener";
      open.className = "atlas-open-full";
      open.textContent = words.openFull;
      nav.appendChild(document.createTextNode(" · "));
      nav.appendChild(open);
    }
  }

  function controls() {
    L.control.zoom({ position: "topleft", zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(map);
    if (L.Control.FullScreen) {
      new L.Control.FullScreen({
        position: "topleft", title: words.fullscreen, titleCancel: words.fullscreenExit,
        fullscreenElement: document.querySelector(".atlas-app") || false
      }).addTo(map);
    }
    var scale = L.control.scale({ position: "bottomleft", maxWidth: 120, imperial: scene.lang === "en" });
    if (scene.lang !== "en") {
      scale._updateScale = function (node, text, ratio) {
        text = text.replace(/ (km|m)$/, function (all, unit) { return " " + words[unit]; });
        L.Control.Scale.prototype._updateScale.call(this, node, text, ratio);
      };
    }
    scale.addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
    map.attributionControl.setPosition("bottomright");
    // the credits wrap beside the scale rather than run under it
    var fitCredits = function () {
      var scaleBox = scale.getContainer().getBoundingClientRect();
      map.attributionControl.getContainer().style.maxWidth = Math.max(120, map.getSize().x - scaleBox.width - 30) + "px";
    };
    fitCredits();
    map.on("resize", fitCredits);
  }

  function start(leafletMap, island) {
    map = leafletMap;
    scene = JSON.parse(island.textContent);
    styles = scene.styles;
    words = scene.text;
    var container = map.getContainer();
    container.setAttribute("aria-label", fill(words.aria, { title: scene.title }));
    map.options.zoomSnap = 0.25;
    map.options.zoomDelta = 0.5;
    map.setMaxZoom(10);
    controls();
    // controls first in the tab order (they come after the panes in Leaflet's markup)
    var controlBox = container.querySelector(".leaflet-control-container");
    if (controlBox) container.insertBefore(controlBox, container.firstChild);
    outward(document);
    drawRoutes();
    panel();
    periodControl = periods();
    subject = L.latLngBounds(scene.view.bounds);
    limits();
    fit();
    scene.routes.forEach(function (route) { groups[route.id].addTo(map); });
    restyle();
    container.setAttribute("data-drawn", "routes");
    // Land, places and names come just after the routes are on screen.
    requestAnimationFrame(function () {
      setTimeout(function () {
        quiet += 1;
        try {
          drawBasemap();
          drawPoints();
          convoyControl = drawConvoys();
          drawLabels();
          refresh();
          map.on("zoomend", refreshLabels);
          map.on("zoomend", zoomClass);
          zoomClass();
          makeRoomForNames();
          map.on("click", function () { closeCard(); });
          map.on("resize", function () { if (card && !card.hidden) placeCard(null); });
          address = state();
          embedding();
        } finally {
          quiet -= 1;
        }
        container.setAttribute("data-drawn", "all");
        drawnAll = true;
        whenDrawn.splice(0).forEach(function (fn) { fn(); });
      }, 0);
    });
    // On paper the map has another shape: a map still at its opening view is framed on the routes again.
    map.on("dragstart zoomstart", function () { if (!quiet) untouched = false; });
    window.addEventListener("beforeprint", function () { preparePrint(untouched); });
    window.addEventListener("afterprint", function () { map.invalidateSize({ animate: false }); });
    if (window.matchMedia) {
      var printing = window.matchMedia("print");
      if (printing.addEventListener) printing.addEventListener("change", function () { preparePrint(untouched); });
    }
  }

  /* Lay the map out for paper (or a picture) of the current window size; with `refit`, frame the routes. */
  function preparePrint(refit) {
    map.invalidateSize({ animate: false });
    if (refit) fit();
    // Canvases redraw on the next animation frame, which a print does not wait for: redraw them now.
    renderers.forEach(function (r) { if (r._map && r._redraw) { r._update(); r._redraw(); } });
  }

  return {
    start: start,
    preparePrint: preparePrint,
    refit: function () { fit(); },
    period: function (id) { if (periodControl) periodControl.select(id); },
    /* Open the card of a leg, place or loss by its id (false if there is none). */
    openFeature: function (id) { if (!openers[id]) return false; openers[id](); return true; },
    closeCard: function () { closeCard(); },
    /* Which layers are on: {arctic: true, places: false, ...}. */
    layers: function () {
      var out = {};
      Object.keys(groups).forEach(function (id) { out[id] = shown[id] !== false; });
      return out;
    },
    current: function () { return current && current.id; },
    /* Show the convoys at sea in a month ("1942-07"); false if the map has no such month. */
    month: function (id) { return convoyControl ? convoyControl.select(id) : false; },
    currentMonth: function () { return convoyControl ? convoyControl.current() : null; },
    map: function () { return map; },
    /* ---- hooks for other scripts of the page (tour.js) ---- */
    /* The scene Python wrote (read only). */
    scene: function () { return scene; },
    /* Call `fn` once everything is drawn and the address applied (at once if that is done). */
    ready: function (fn) { if (drawnAll) fn(); else whenDrawn.push(fn); },
    /* Show exactly the layers `ids` (route ids, "places", "names", "losses", "borders", "convoys"); null: all. */
    setLayers: function (ids) {
      ["places", "names", "losses", "borders", "convoys"].concat(scene.routes.map(function (r) { return r.id; })).forEach(function (id) {
        shown[id] = !ids || ids.indexOf(id) >= 0;
      });
      refresh();
      map.fire("atlas:layers");
    },
    /* Frame `bounds` ([[south, west], [north, east]]) clear of the controls on the map; null: the whole map. */
    fitBounds: function (bounds) {
      untouched = !bounds;
      quiet += 1;
      try { fitNow(bounds ? L.latLngBounds(bounds) : null); } finally { quiet -= 1; }
    },
    /* `fn()` returns "key=value" (or "") for the address the map writes, after its layers, year and view. */
    hashPart: function (fn) { hashParts.push(fn); },
    /* Write the address now; `push`: as a new entry of the history, so that Back returns to the one before. */
    writeHash: function (push) { if (address) address.store(!!push); },
    pure: {
      parseHash: parseHash, scaledDashes: scaledDashes, lineStyles: lineStyles, labelSide: labelSide, fill: fill,
      minZoomFor: minZoomFor, cardPlace: cardPlace, placeSvg: placeSvg, eventSvg: eventSvg, lineSvg: lineSvg
    }
  };
})();
