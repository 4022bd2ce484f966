"""The HTML a teacher pastes into an LMS page or a slide to show a map.

folium's own ``_repr_html_`` iframe is not valid HTML (``height="500px"style=...``,
a quoted ``"allowfullscreen"``) and has a fixed height; this snippet is valid,
titled, and responsive: the frame keeps its proportions at any width.
"""

from __future__ import annotations

import re
from html import escape

from mapgen.specs import MapSpec
from routes.addresses import address_problem
from routes.errors import UsageError

ASPECT = re.compile(r"^(\d{1,3}):(\d{1,3})$")


def parse_aspect(text: str) -> tuple[int, int]:
    """``"16:10"`` -> ``(16, 10)``.

    >>> parse_aspect("9:16")
    (9, 16)
    """
    match = ASPECT.match(text)
    if not match or 0 in (int(match[1]), int(match[2])):
        raise UsageError(f"{text!r} is not an aspect ratio such as 16:10 or 9:16")
    return int(match[1]), int(match[2])


def embed_snippet(
    spec: MapSpec,
    *,
    src: str | None = None,
    aspect: str = "16:10",
    bare: bool = False,
    view: str = "",
) -> str:
    """A responsive ``<iframe>`` for a map.

    Parameters
    ----------
    spec : the map (from :func:`mapgen.map_specs`).
    src : the address of the map's page as the host page will reach it;
        default: its path in the output folder (``ru/spain-1936-39.html``).
    aspect : width:height of the frame, e.g. ``16:10`` (a lesson page) or
        ``9:16`` (a phone held upright).
    bare : hide the title, legend and summary panels (``?chrome=0``).
    view : a view to open on, as the map writes it in its address
        (``#layers=arctic&year=1942&view=4/62/20``).

    >>> from routes import Period
    >>> spec = MapSpec("m", "m.html", "A <b>map</b>", "", Period("1941", "1945"), ("r",))
    >>> html = embed_snippet(spec, aspect="2:1")
    >>> [line[:12] for line in html.splitlines()], "padding-bottom: 50%;" in html
    (['<div style="', '<iframe src=', '</div>'], True)
    >>> re.findall(r' (src|title)="([^"]*)"', html)
    [('src', 'm.html'), ('title', 'A &lt;b&gt;map&lt;/b&gt;')]
    """
    width, height = parse_aspect(aspect)
    address = src if src is not None else spec.path
    problem = address_problem(address, relative=True)
    if problem:
        raise UsageError(
            f"the address {address!r} {problem}; a map's address is a path or an http(s) address"
        )
    if bare:
        address += ("&" if "?" in address else "?") + "chrome=0"
    if view:
        address += view if view.startswith("#") else "#" + view
    padding = f"{round(100 * height / width, 4):g}%"
    return (
        '<div style="position: relative; width: 100%; height: 0; '
        f'padding-bottom: {padding}; overflow: hidden;">\n'
        f'<iframe src="{escape(address, quote=True)}" title="{escape(spec.title, quote=True)}" '
        'style="position: absolute; top: 0; left: 0; width: 100%; height: 100%; border: 0;" '
        'loading="lazy" allowfullscreen></iframe>\n'
        "</div>"
    )
