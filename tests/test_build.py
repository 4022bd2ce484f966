"""The built pages: deterministic, self-contained, titled, escaped; committed output is current."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mapgen import build_all, build_map, list_maps, render
from mapgen.specs import atlas_languages, language_folder, map_specs
from routes import load_atlas

ROOT = Path(__file__).resolve().parent.parent
MAP_FILES = [spec.filename for spec in list_maps()]  # the English maps
_ATLAS = load_atlas()
LANGUAGES = atlas_languages(_ATLAS)
MAP_PAGES = [
    spec.path for lang in LANGUAGES for spec in map_specs(_ATLAS, lang)
]  # every map, every language
INDEX_PAGES = [language_folder(lang) + "index.html" for lang in LANGUAGES]
DATA_FILES = [
    language_folder(lang) + f"data/{name}"
    for lang in LANGUAGES
    for name in ("figures.csv", "routes.geojson")
]


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
        # anything the browser would fetch from another host (local files beside the page are fine)
        for attr in ("src", "href") if tag in ("script", "img", "iframe", "link") else ():
            value = attrs.get(attr) or ""
            if value.startswith(("http:", "https:", "//")) or (tag in ("script", "link") and value):
                self.external.append(value)

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


def test_the_maps_are_built_in_english_and_russian():
    assert LANGUAGES == ["en", "ru"]
    assert len(MAP_PAGES) == 2 * len(MAP_FILES)


@pytest.mark.parametrize("filename", MAP_PAGES + INDEX_PAGES)
def test_page_has_language_and_title_and_loads_nothing(built_dir, filename):
    page = parse(built_dir / filename)
    assert page.lang == ("ru" if filename.startswith("ru/") else "en")
    assert page.title.strip()
    assert page.external == []


@pytest.mark.parametrize("filename", [p for p in MAP_PAGES if p.startswith("ru/")])
def test_russian_pages_show_russian_titles(built_dir, filename):
    page = parse(built_dir / filename)
    assert re.search("[А-Яа-я]", page.title)
    english = parse(built_dir / Path(filename).name)
    assert page.title != english.title


@pytest.mark.parametrize("filename", MAP_PAGES)
def test_map_inlines_leaflet_and_names_no_cdn(built_dir, filename):
    html = (built_dir / filename).read_text(encoding="utf-8")
    assert "Leaflet 1.9.4" in html or '"1.9.4"' in html
    for host in (
        "cdn.jsdelivr.net",
        "code.jquery.com",
        "cdnjs.cloudflare.com",
        "netdna.bootstrapcdn.com",
    ):
        assert host not in html
    assert "$(" not in html.split("</style>")[-1] or "jQuery" not in html  # no jQuery calls


@pytest.mark.parametrize("filename", MAP_PAGES)
def test_map_size_budget(built_dir, filename):
    assert (built_dir / filename).stat().st_size <= 1_000_000


def test_two_builds_are_byte_identical(built_dir, tmp_path):
    for pictures in built_dir.glob("**/thumbnails"):
        shutil.copytree(pictures, tmp_path / pictures.relative_to(built_dir))
    build_all(tmp_path)
    for filename in MAP_PAGES + INDEX_PAGES + DATA_FILES:
        assert (tmp_path / filename).read_bytes() == (built_dir / filename).read_bytes(), filename


def test_element_ids_are_not_random(built_dir):
    html = (built_dir / MAP_FILES[0]).read_text(encoding="utf-8")
    assert not re.search(r"_[0-9a-f]{32}\b", html)


@pytest.mark.parametrize("filename", MAP_PAGES + INDEX_PAGES + DATA_FILES)
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_links_every_map_and_the_other_language(built_dir, lang):
    html = (built_dir / language_folder(lang) / "index.html").read_text(encoding="utf-8")
    for filename in MAP_FILES:
        assert f'href="{filename}"' in html
    other = "ru/index.html" if lang == "en" else "../index.html"
    assert f'href="{other}"' in html


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(
                data[i + 5 : i + 7], "big"
            )
        i += 2 + length
    raise AssertionError("no frame marker")


@pytest.mark.parametrize("page", MAP_PAGES)
def test_front_page_shows_a_committed_thumbnail_of_each_map(built_dir, page):
    from mapgen.thumbnails import HEIGHT, WIDTH

    folder, filename = str(Path(page).parent).replace(".", ""), Path(page).name
    name = f"thumbnails/{Path(filename).stem}.jpg"
    picture = ROOT / "output" / folder / name
    assert picture.is_file(), f"{picture} missing; run: supply-atlas thumbnails"
    data = picture.read_bytes()
    assert data[:2] == b"\xff\xd8" and jpeg_size(data) == (WIDTH, HEIGHT)
    assert len(data) > 5_000  # a blank picture compresses to almost nothing
    index = (built_dir / folder / "index.html").read_text(encoding="utf-8")
    assert f'src="{name}"' in index


def test_front_page_without_pictures_still_links_every_map(tmp_path):
    build_all(tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index
    for filename in MAP_FILES:
        assert f'href="{filename}"' in index
