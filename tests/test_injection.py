"""Text from data never runs as code: a corpus of script-injection payloads, built and opened.

Every payload is written into every kind of text a map shows (map, route, place, leg, loss,
metric, unit, period and chart names, summaries, notes, quotes, source titles and authors, and
their Russian versions), the maps are built in both languages and opened in Chromium: no dialog
opens, no script of the payload runs, the map still draws, and the text shows literally.
"""

from __future__ import annotations

import shutil

import pytest
from browser import card, click_path, hit, open_page
from test_loader import feature, rewrite_csv, rewrite_json

from mapgen import build_all, build_map, render
from routes import load_atlas
from routes.addresses import web_address as link_address
from routes.loader import default_data_dir

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "' onmouseover='alert(4)' x='",
    "`${alert(5)}`",
    "');alert(6);//",
    '\\"; alert(7); //',
    "line\u2028separator\u2029alert(8)",
    "{{ 7*7 }} {% raw %} {# c #}",
    "<!-- --> <![CDATA[ x ]]> </textarea></title></style>",
    '<a href="javascript:alert(11)">link</a>',
    "&lt;b&gt;not bold&lt;/b&gt; &amp; &#x3C;",
    "%3Cscript%3Ealert(13)%3C/script%3E",
    "Мурманск «кавычки» 'single' \"double\" \\ back\\slash",
]

# (file, id, columns) in the CSV tables, and (file, id, properties) in the route files
CSV_FIELDS = [
    ("groups.csv", "lend_lease_1941_45", ("name", "summary", "name_ru", "summary_ru")),
    ("routes.csv", "arctic", ("name", "summary", "name_ru", "summary_ru")),
    ("metrics.csv", "ships_sent", ("name", "name_ru")),
    ("units.csv", "convoys", ("name",)),
    ("figures.csv", "pq17_ships_seed", ("quote", "note", "note_ru")),
    ("sources.csv", "libmonster-mtc", ("title", "author", "publisher", "short")),
    ("charts.csv", "route_shares", ("title", "title_ru")),
]
GEOJSON_FIELDS = [
    ("arctic.geojson", "arkhangelsk", ("name", "note", "name_ru", "note_ru")),
    ("arctic.geojson", "arctic_iceland_arkhangelsk", ("name", "note", "name_ru", "note_ru")),
    ("arctic.geojson", "pq17_christopher_newport", ("name", "note", "name_ru", "note_ru")),
]


def poison(folder, payload: str) -> None:
    for file, ident, columns in CSV_FIELDS:

        def change(rows, ident=ident, columns=columns):
            header = rows[0]
            row = next(r for r in rows[1:] if r and r[0] == ident)
            for column in columns:
                row[header.index(column)] = f"{payload} {column}"

        rewrite_csv(folder / file, change)
    # Russian unit names list their forms with "|"
    rewrite_csv(
        folder / "units.csv",
        lambda rows: next(r for r in rows[1:] if r[0] == "convoys").__setitem__(
            rows[0].index("name_ru"), "|".join([payload.replace("|", "/")] * 3)
        ),
    )
    # period labels are keyed by group and period
    rewrite_csv(
        folder / "periods.csv",
        lambda rows: [
            r.__setitem__(rows[0].index("label"), f"{payload} 1942")
            for r in rows[1:]
            if r[1] == "1942"
        ],
    )
    for file, ident, properties in GEOJSON_FIELDS:

        def change(document, ident=ident, properties=properties):
            props = feature(document, ident)["properties"]
            for name in properties:
                props[name] = f"{payload} {name}"

        rewrite_json(folder / file, change)


@pytest.fixture(scope="module")
def poisoned_maps(tmp_path_factory):
    """Each payload built into the WWII map, in English and Russian."""
    built = {}
    for number, payload in enumerate(PAYLOADS):
        folder = tmp_path_factory.mktemp(f"payload{number}")
        shutil.copytree(default_data_dir(), folder / "data")
        poison(folder / "data", payload)
        build_all(folder / "out", ["lend_lease_1941_45"], data_dir=folder / "data")
        built[payload] = folder / "out"
    return built


NO_INJECTED_MARKUP = """() => document.querySelectorAll(
    '[onerror], [onload], [onmouseover], a[href^="javascript" i], img[src="x"], script[src]'
    ).length"""


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload{i}" for i in range(len(PAYLOADS))])
def test_payload_shows_literally_and_never_runs(browser, poisoned_maps, payload, lang):
    out = poisoned_maps[payload]
    page, log = open_page(
        browser, out / ("ru/" if lang == "ru" else "") / "lend-lease-1941-45.html"
    )
    try:
        # the map still draws every route, and every control works
        assert page.locator("path.atlas-leg").count() > 0
        assert page.locator(".atlas-layers label").count() >= 4
        # the text shows literally: title, layer control, year button, the text under the map
        suffix = "_ru" if lang == "ru" else ""
        assert page.title() == f"{payload} name{suffix}"
        assert f"{payload} name{suffix}" in page.locator(".atlas-layers").inner_text()
        text = page.locator("#atlas-text").text_content()
        for piece in (
            f"{payload} quote",
            f"{payload} note{suffix}",
            f"{payload} title",
            f"{payload} author",
            f"{payload} summary{suffix}",
        ):
            assert piece in text, piece
        if lang == "en":
            assert (
                page.locator(".atlas-period-button[data-period='1942']").text_content()
                == f"{payload} 1942"
            )
        # popups of the poisoned route and place show the text too
        click_path(page, hit("arctic"))
        card(page).wait_for()
        popup = card(page).text_content()
        assert f"{payload} name{suffix}" in popup
        # nothing of the payload became markup, and nothing ran
        assert page.evaluate(NO_INJECTED_MARKUP) == 0
        assert log.dialogs == [] and log.console_errors == []
    finally:
        page.close()


def test_a_javascript_address_never_becomes_a_link(browser, tmp_path):
    """The loader refuses such an address (tests/corpus); a map made from an Atlas built in Python
    gets no link either."""
    from dataclasses import replace

    atlas = load_atlas()
    sources = {
        k: replace(s, address="javascript:alert(document.domain)") for k, s in atlas.sources.items()
    }
    html = render(build_map("spain_1936_39", atlas=replace(atlas, sources=sources)))
    assert "javascript:" not in html.lower().replace("javascript:alert(1)", "")
    page_file = tmp_path / "spain.html"
    page_file.write_text(html, encoding="utf-8")
    page, log = open_page(browser, page_file)
    try:
        assert page.evaluate(NO_INJECTED_MARKUP) == 0
        assert page.locator("#atlas-text .atlas-source").count() > 0
        assert log.dialogs == []
    finally:
        page.close()


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:x",
        "data:text/html,x",
        "vbscript:x",
        "http://a b",
        'https://a"onmouseover=x',
    ],
)
def test_only_web_addresses_are_links(address):
    assert link_address(address) is None
