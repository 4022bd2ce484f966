"""Drive Debian's Chromium with Playwright, with every non-file request aborted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mapgen.chromium import launched_browser  # noqa: F401  (conftest and the tests launch through here)


@dataclass
class PageLog:
    """What a page did besides drawing: requests it tried to make and errors it raised."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(
    browser,
    path: Path,
    *,
    width: int = 1400,
    height: int = 850,
    fragment: str = "",
    wait: bool = True,
):
    """Open a local file in a fresh page; return (page, log). Nothing outside file: is fetched.

    ``fragment`` is added to the address (``?chrome=0``, ``#layers=...``); ``wait`` waits for
    the routes.
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog()

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            log.external_requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None
    )
    page.on("pageerror", lambda exc: log.console_errors.append(str(exc)))

    def on_dialog(dialog):
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri() + fragment)
    if wait:
        wait_drawn(page)
    return page, log


def wait_drawn(page_or_frame) -> None:
    """Wait until the map has drawn everything: routes, land, places and names."""
    page_or_frame.wait_for_selector(".atlas-map[data-drawn='all']", state="attached")


# The map object is a global named by folium ("map_<id>"); find it without knowing the id.
FIND_MAP_JS = (
    "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)"
    ".map(k => window[k])[0]"
)


def click_path(page, selector: str, *, frame=None) -> None:
    """Click a route's line where it is visible on screen, as a person would.

    A leg is drawn as a visible line under an invisible wider one that takes
    the click (``path.atlas-leg-hit``); ``selector`` names the hit lines. Lines
    overlap (outbound and return convoys share waters), so the point is chosen
    along the path where the path itself is the topmost element.
    ``frame``: the map is in this iframe of ``page`` (a Playwright Frame).
    """
    point = (
        (frame or page)
        .locator(selector)
        .evaluate_all(
            """paths => { for (const e of paths) {
                  const m = e.getScreenCTM(), length = e.getTotalLength();
                  for (let i = 1; i < 200; i++) {
                      const f = ((i * 0.618034) % 1);  // spread the tries along the line
                      const p = e.getPointAtLength(length * f);
                      const x = p.x * m.a + m.e, y = p.y * m.d + m.f;
                      if (x > 0 && y > 0 && x < innerWidth && y < innerHeight
                          && document.elementFromPoint(x, y) === e)
                          return [x, y];
                  }
                  } return null; }"""
        )
    )
    assert point is not None, f"no visible point on {selector}"
    if frame is not None:
        box = frame.frame_element().bounding_box()
        point = [point[0] + box["x"], point[1] + box["y"]]
    page.mouse.click(point[0], point[1])


def card(page_or_frame):
    """The card a click on a route, place or loss opens (wait for it with ``card(page).wait_for()``)."""
    return page_or_frame.locator(".atlas-card:not([hidden]) .atlas-popup")


def hit(route_id: str, index: int | None = None) -> str:
    """The selector of a route's clickable lines (one per leg), or of its ``index``-th leg's."""
    selector = f"path.atlas-leg-hit.atlas-route-{route_id}"
    return selector if index is None else f"{selector} >> nth={index}"


def layer_box(page_or_frame, label: str):
    """The tick box of a layer in the panel, by its label."""
    found = page_or_frame.locator(".atlas-layers label", has_text=label)
    assert found.count() == 1, label
    return found.locator("input")
