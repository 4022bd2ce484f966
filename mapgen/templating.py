"""The HTML fragments of a map page (popups, panel, tables, index) as Jinja templates.

Autoescape is on: every text from the data is escaped where it lands, by the
template, not by the code that calls it. Markup that a template must place
as it is (a fragment another template made) is passed through ``Markup``.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from mapgen.i18n import Locale
from routes.addresses import web_address


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mapgen", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["web_address"] = web_address
    return env


def render(name: str, *, loc: Locale, **values) -> Markup:
    """The template ``name`` filled with ``values``; ``t``, ``period``, ``value`` and
    ``number`` speak the map's language."""
    template = environment().get_template(name)
    text = template.render(
        t=loc.t,
        period=loc.period,
        date=loc.date,
        number=loc.number,
        value=loc.value,
        lang=loc.lang,
        **values,
    )
    # The template's own line breaks and indentation go; only "\n" counts as one, since
    # str.splitlines() would also break on characters from the data (U+2028, U+0085...).
    return Markup(" ".join(line.strip(" \t\r") for line in text.split("\n") if line.strip(" \t\r")))
