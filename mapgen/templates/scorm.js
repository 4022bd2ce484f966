/* SCORM 1.2: only in the pages of a SCORM package (supply-atlas package --format scorm12), after the map's
 * scripts. It finds the LMS's API the standard way (window.API on the parent frames, then on the opener's),
 * each look guarded, as a frame of another origin throws; calls LMSInitialize, marks the lesson
 * "incomplete", then "completed" once the tour's last step is shown, and keeps the step as the place to
 * come back to; LMSCommit and LMSFinish when the page goes. Without an LMS it does nothing. */
(function () {
  "use strict";

  function findIn(win) {
    for (var tries = 0; win && tries < 500; tries++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null;  // another origin's frame: no API of ours beyond it
      }
    }
    return null;
  }

  var api = findIn(window);
  if (!api) {
    try { api = window.opener ? findIn(window.opener) : null; } catch (e) { api = null; }
  }
  if (!api) return;

  function call(name, a, b) {
    try { return String(api[name](a, b)); } catch (e) { return ""; }
  }

  if (call("LMSInitialize", "") !== "true") return;
  var done = /^(completed|passed)$/.test(call("LMSGetValue", "cmi.core.lesson_status"));
  if (!done) call("LMSSetValue", "cmi.core.lesson_status", "incomplete");
  var resume = /^tour=[1-9][0-9]?&step=[1-9][0-9]?$/.exec(call("LMSGetValue", "cmi.core.lesson_location"));
  call("LMSCommit", "");
  var opened = Date.now(), finished = false;

  window.addEventListener("atlas:tourstep", function (e) {
    var d = e.detail || {};
    call("LMSSetValue", "cmi.core.lesson_location", "tour=" + Number(d.tour) + "&step=" + Number(d.step));
    if (d.steps > 0 && d.step === d.steps && !done) {
      done = true;
      call("LMSSetValue", "cmi.core.lesson_status", "completed");
    }
    call("LMSCommit", "");
  });

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function finish() {
    if (finished) return;
    finished = true;
    var s = Math.round((Date.now() - opened) / 1000);
    call("LMSSetValue", "cmi.core.session_time", two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60));
    call("LMSSetValue", "cmi.core.exit", done ? "" : "suspend");
    call("LMSCommit", "");
    call("LMSFinish", "");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("unload", finish);
  window.addEventListener("beforeunload", finish);

  // In an LMS the lesson is the tour: open it where the learner left it, or at its start.
  if (!/(^#|&)tour=/.test(location.hash)) location.hash = resume ? resume[0] : "tour=1";
})();
