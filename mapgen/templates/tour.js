/* Guided tours: the steps of a map's tours (scene.tours, from routes/data/tours/), shown in the panel (a
 * sheet under the map on phones) or, on a bare map (?chrome=0), in a box on the map. Each step sets the
 * layers, year, view and open card through atlas's public hooks; the address holds the step
 * (#tour=1&step=3), so a link opens it, and Back, Forward and an edited address follow it.
 * Words from the data are set as text, never as HTML. Nothing is stored: no storage, no cookies.
 */
var atlasTour = (function () {
  "use strict";

  /* {tour, step} named by an address's hash ("#tour=2" is its step 1), or null. */
  function parseTour(hash) {
    var out = {};
    if (typeof hash !== "string" || hash.charAt(0) !== "#" || hash.length > 2000) return null;
    hash.slice(1).split("&").forEach(function (pair) {
      var m = /^(tour|step)=([1-9][0-9]?)$/.exec(pair);
      if (m) out[m[1]] = Number(m[2]);
    });
    return out.tour ? { tour: out.tour, step: out.step || 1 } : null;
  }

  var tours = [], tour = null, at = 0, box = null, parts = {}, bare = false, periods = null;

  function compact() {
    return window.matchMedia("(max-width: 699px), (max-height: 499px)").matches;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }

  /* The panel open on wide screens (the step is in it), folded on phones (the step shows above the fold). */
  function arrangePanel() {
    var toggle = document.querySelector(".atlas-panel-toggle");
    if (bare || !toggle) return;
    var closed = document.body.classList.contains("atlas-panel-closed");
    if (compact() !== closed) toggle.click();
  }

  function render() {
    var step = tour.steps[at], last = at === tour.steps.length - 1;
    parts.count.textContent = fill(box.getAttribute("data-count"), { n: at + 1, total: tour.steps.length });
    parts.title.textContent = step.title;
    parts.text.textContent = "";
    step.text.split("\n").forEach(function (line) {
      if (!line.trim()) return;
      var p = document.createElement("p");
      p.textContent = line;
      parts.text.appendChild(p);
    });
    parts.prev.disabled = at === 0;
    parts.next.textContent = box.getAttribute(last ? "data-finish" : "data-next");
    var panel = document.getElementById("atlas-panel");
    if (panel && !bare) panel.scrollTop = 0;
  }

  function apply() {
    var step = tour.steps[at], map = atlas.map();
    atlas.closeCard();
    atlas.setLayers(step.layers);
    if (periods) atlas.period(step.period || periods.initial);
    if (step.month) atlas.month(step.month);
    map.invalidateSize({ animate: false });  // the panel's height may have changed with the words
    if (compact()) {  // a small map: the view first, then the card, in a band away from the feature
      atlas.fitBounds(step.bounds);
      if (step.feature) atlas.openFeature(step.feature);
    } else {  // the card first, then the view, framed clear of the card's column
      if (step.feature) atlas.openFeature(step.feature);
      atlas.fitBounds(step.bounds);
    }
  }

  /* Show step `index` of tour `n`; `push`: as a new entry of the history (a reader's step, not the address's). */
  function show(n, index, push) {
    var found = tours.filter(function (t) { return t.n === n; })[0];
    if (!found) { if (tour) leave(); return; }
    var starting = !tour;
    tour = found;
    at = Math.max(0, Math.min(index, found.steps.length - 1));
    if (starting) {
      box.hidden = false;
      document.body.classList.add("atlas-touring");
      document.querySelectorAll(".atlas-tour-start").forEach(function (b) { b.setAttribute("aria-expanded", "true"); });
      arrangePanel();
    }
    if (push) atlas.writeHash(true);
    render();
    apply();
    atlas.writeHash(false);
    parts.step.focus({ preventScroll: true });
    try {
      window.dispatchEvent(new CustomEvent("atlas:tourstep", { detail: { tour: n, step: at + 1, steps: found.steps.length } }));
    } catch (e) { /* an old browser: nothing listens then */ }
  }

  function leave() {
    if (!tour) return;
    tour = null;
    box.hidden = true;
    document.body.classList.remove("atlas-touring");
    atlas.closeCard();
    atlas.writeHash(false);
    var start = document.querySelector(".atlas-tour-start");
    document.querySelectorAll(".atlas-tour-start").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    if (start && start.offsetParent) start.focus({ preventScroll: true });
  }

  function move(by) {
    if (!tour) return;
    if (at + by >= tour.steps.length) { leave(); return; }
    if (at + by >= 0) show(tour.n, at + by, true);
  }

  /* The address names a step: show it (a link, Back, Forward, an edited address). */
  function follow(e) {
    // the address the event reports: the page may have rewritten it since (a resize's new view)
    var hash = e && e.newURL && e.newURL.indexOf("#") >= 0 ? e.newURL.slice(e.newURL.indexOf("#")) : location.hash;
    var wanted = parseTour(hash);
    if (!wanted) { leave(); return; }
    if (tour && tour.n === wanted.tour && at === wanted.step - 1) return;
    show(wanted.tour, wanted.step - 1, false);
  }

  function keys(e) {
    if (!tour || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    var target = e.target || {}, tag = target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable) return;
    if (e.key === "Escape") {
      e.preventDefault();
      leave();
    } else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      if (target.closest && target.closest(".leaflet-container")) return;  // there the arrows pan the map
      e.preventDefault();
      move(e.key === "ArrowRight" ? 1 : -1);
    }
  }

  function init() {
    var scene = atlas.scene();
    tours = scene.tours || [];
    periods = scene.periods;
    box = document.getElementById("atlas-tour");
    if (!tours.length || !box) return;
    ["count", "step", "title", "text", "prev", "next", "close"].forEach(function (name) {
      parts[name] = box.querySelector(".atlas-tour-" + name);
    });
    bare = document.body.classList.contains("atlas-bare");
    if (bare) {  // no panel: the step goes on the map, as a control the card and the framing keep clear of
      var control = L.control({ position: "bottomleft" });
      control.onAdd = function () { box.classList.add("atlas-tour-floating"); return box; };
      control.addTo(atlas.map());
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
    }
    document.querySelectorAll(".atlas-tour-start").forEach(function (button) {
      button.addEventListener("click", function () {
        var n = Number(button.getAttribute("data-tour"));
        if (tour && tour.n === n) { parts.step.focus(); return; }
        show(n, 0, true);
      });
    });
    parts.prev.addEventListener("click", function () { move(-1); });
    parts.next.addEventListener("click", function () { move(1); });
    parts.close.addEventListener("click", leave);
    document.addEventListener("keydown", keys);
    window.addEventListener("hashchange", follow);
    follow();
  }

  if (typeof atlas !== "undefined") {
    atlas.hashPart(function () { return tour ? "tour=" + tour.n + "&step=" + (at + 1) : ""; });
    atlas.ready(init);
  }

  return {
    /* Open tour `n` at step `step` (1-based), as a reader would. */
    open: function (n, step) { show(n, (step || 1) - 1, true); },
    leave: leave,
    /* {tour, step, steps} shown now, or null. */
    current: function () { return tour ? { tour: tour.n, step: at + 1, steps: tour.steps.length } : null; },
    pure: { parseTour: parseTour }
  };
})();
