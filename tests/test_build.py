"""The built pages: deterministic, self-contained, titled, escaped; committed output is current."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mapgen import build_all, build_map, list_maps, render

ROOT = Path(__file__).resolve().parent.parent
MAP_FILES = [spec.filename for spec in list_maps()]


class PageStructure(HTMLParser):
    """Collects what a browser would load from outside, and the document's language and title."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = ""
        self._in_title = False
        self.external = []  # src/href that a browser fetches to render the page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "title":
            self._in_title = True
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.external.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.external.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(path: Path) -> PageStructure:
    page = PageStructure()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.mark.parametrize("filename", MAP_FILES + ["index.html"])
def test_page_has_language_and_title_and_loads_nothing(built_dir, filename):
    page = parse(built_dir / filename)
    assert page.lang == "en"
    assert page.title.strip()
    assert page.external == []


@pytest.mark.parametrize("filename", MAP_FILES)
def test_map_inlines_leaflet_and_names_no_cdn(built_dir, filename):
    html = (built_dir / filename).read_text(encoding="utf-8")
    assert "Leaflet 1.9.4" in html or '"1.9.4"' in html
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "netdna.bootstrapcdn.com"):
        assert host not in html
    assert "$(" not in html.split("</style>")[-1] or "jQuery" not in html  # no jQuery calls


@pytest.mark.parametrize("filename", MAP_FILES)
def test_map_size_budget(built_dir, filename):
    assert (built_dir / filename).stat().st_size <= 1_000_000


def test_two_builds_are_byte_identical(built_dir, tmp_path):
    build_all(tmp_path)
    for filename in MAP_FILES + ["index.html"]:
        assert (tmp_path / filename).read_bytes() == (built_dir / filename).read_bytes(), filename


def test_element_ids_are_not_random(built_dir):
    html = (built_dir / MAP_FILES[0]).read_text(encoding="utf-8")
    assert not re.search(r"_[0-9a-f]{32}\b", html)


@pytest.mark.parametrize("filename", MAP_FILES + ["index.html"])
def test_committed_output_equals_a_fresh_build(built_dir, filename):
    committed = ROOT / "output" / filename
    assert committed.is_file(), f"output/{filename} is not committed; run: supply-atlas build"
    assert committed.read_bytes() == (built_dir / filename).read_bytes(), (
        f"output/{filename} is stale; run: supply-atlas build, and commit output/"
    )


def test_python_users_get_the_same_page(built_dir, tmp_path):
    m = build_map("spain_1936_39")
    m.save(str(tmp_path / "spain.html"))
    assert (tmp_path / "spain.html").read_bytes() == (built_dir / "spain-1936-39.html").read_bytes()
    assert render(m) == (built_dir / "spain-1936-39.html").read_text(encoding="utf-8")


def test_index_links_every_map(built_dir):
    html = (built_dir / "index.html").read_text(encoding="utf-8")
    for filename in MAP_FILES:
        assert f'href="{filename}"' in html
