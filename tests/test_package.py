"""Packages: a zip that opens offline, and a SCORM 1.2 package whose manifest validates against the
IMS and ADL schemas and whose maps report the tour to an LMS (a stub API that records the calls)."""

from __future__ import annotations

import io
import shutil
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
from browser import open_page, wait_drawn
from click.testing import CliRunner

from mapgen.cli import cli
from mapgen.package import SCHEMAS, package_files, zip_bytes
from routes import load_atlas

ATLAS = load_atlas()
SCHEMA_DIR = files("mapgen").joinpath("vendor", "scorm12")
NAMES = ["spain_1936_39", "liberation_1943_45"]


def validate_manifest(folder: Path) -> None:
    """Validate ``folder/imsmanifest.xml`` against the IMS CP 1.1.2 and ADL SCORM 1.2 schemas together.

    The manifest holds no IMS metadata, so imsmd_rootv1p2p1.xsd (shipped in the package, as SCORM 1.2
    packages carry it) is not imported: libxml2 refuses its ``annotationType`` as not deterministic.
    """
    from lxml import etree

    for name in SCHEMAS:
        shutil.copy(str(SCHEMA_DIR.joinpath(name)), folder / name)
    # libxml2 refuses the xml: namespace as a schema's default namespace, as IMS's ims_xml.xsd
    # declares it (other validators accept it); the check reads a copy without that declaration.
    xml_xsd = folder / "ims_xml.xsd"
    text = xml_xsd.read_text(encoding="utf-8")
    xml_xsd.write_text(text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', ""))
    (folder / "all.xsd").write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        '<xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
        'schemaLocation="imscp_rootv1p1p2.xsd"/>'
        '<xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" '
        'schemaLocation="adlcp_rootv1p2.xsd"/></xsd:schema>',
        encoding="utf-8",
    )
    schema = etree.XMLSchema(etree.parse(str(folder / "all.xsd")))
    document = etree.parse(str(folder / "imsmanifest.xml"))
    schema.assertValid(document)


@pytest.fixture(scope="module")
def scorm(tmp_path_factory) -> Path:
    """Two maps as a SCORM 1.2 package, unzipped."""
    folder = tmp_path_factory.mktemp("scorm")
    content = zip_bytes(package_files(ATLAS, NAMES, "scorm12", "en"))
    zipfile.ZipFile(io.BytesIO(content)).extractall(folder)
    return folder


def test_the_scorm_manifest_validates_against_the_schemas(scorm, tmp_path):
    from lxml import etree

    folder = tmp_path / "check"
    shutil.copytree(scorm, folder)
    validate_manifest(folder)
    tree = etree.parse(str(folder / "imsmanifest.xml"))
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
    assert tree.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    scos = tree.xpath(
        "//cp:resource[@adlcp:scormtype='sco']",
        namespaces={**ns, "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"},
    )
    assert [r.get("href") for r in scos] == ["spain-1936-39.html", "liberation-1943-45.html"]
    for href in tree.xpath("//cp:file/@href", namespaces=ns):  # every file it names is there
        assert (folder / href).is_file(), href
    # a broken manifest is refused, so the check is real
    text = (folder / "imsmanifest.xml").read_text(encoding="utf-8")
    (folder / "imsmanifest.xml").write_text(
        text.replace('scormtype="sco"', 'scormtype="lesson"', 1)
    )
    with pytest.raises(etree.DocumentInvalid):
        validate_manifest(folder)


def test_packages_are_the_same_bytes_each_time_and_the_command_writes_one_zip(tmp_path):
    one = zip_bytes(package_files(ATLAS, ["spain_1936_39"], "zip", "ru"))
    assert one == zip_bytes(package_files(ATLAS, ["spain_1936_39"], "zip", "ru"))
    names = zipfile.ZipFile(io.BytesIO(one)).namelist()
    assert set(names) == {
        "spain-1936-39.html",
        "index.html",
        "LICENCES.txt",
        "data/figures.csv",
        "data/routes.geojson",
        "data/convoys.csv",
    }
    result = CliRunner().invoke(
        cli, ["package", "spain_1936_39", "--format", "zip", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0 and (tmp_path / "spain-1936-39-en-zip.zip").is_file()
    bad = CliRunner().invoke(
        cli, ["package", "atlantis", "--format", "zip", "--out", str(tmp_path)]
    )
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1
    assert CliRunner().invoke(cli, ["package", "--format", "scorm2004"]).exit_code == 2


def test_the_zip_opens_offline_from_its_folder(browser, tmp_path):
    content = zip_bytes(package_files(ATLAS, NAMES, "zip", "ru"))
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    page, log = open_page(browser, tmp_path / "index.html", wait=False)
    try:
        page.locator("a[href='spain-1936-39.html']").first.click()
        wait_drawn(page)
        assert page.locator("path.atlas-leg").count() > 0
        assert page.evaluate("document.documentElement.lang") == "ru"
        # the map's links stay inside the package: no link to a language or map that is not in it
        hrefs = page.eval_on_selector_all("#atlas-panel a[href]", "as => as.map(a => a.href)")
        for href in hrefs:
            if href.startswith("file:"):
                assert Path(href.split("#")[0][len("file://") :]).exists(), href
        assert log.console_errors == [] and log.external_requests == []
    finally:
        page.close()


STUB_LMS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>LMS</title><script>
window.calls = [];
function record(name, result) {
  return function (a, b) { calls.push([name, a === undefined ? null : a, b === undefined ? null : b]); return result; };
}
window.API = {
  LMSInitialize: record("LMSInitialize", "true"), LMSFinish: record("LMSFinish", "true"),
  LMSGetValue: function (k) { calls.push(["LMSGetValue", k, null]);
    return k === "cmi.core.lesson_status" ? "not attempted" : ""; },
  LMSSetValue: record("LMSSetValue", "true"), LMSCommit: record("LMSCommit", "true"),
  LMSGetLastError: record("LMSGetLastError", "0"), LMSGetErrorString: record("LMSGetErrorString", ""),
  LMSGetDiagnostic: record("LMSGetDiagnostic", "")
};
</script></head><body><iframe id="sco" width="1100" height="700" src="SCO"></iframe></body></html>"""


def test_a_sco_reports_the_tour_to_the_lms(scorm, tmp_path):
    """In a frame of an LMS page whose window.API records the calls: initialise, incomplete, then
    completed at the tour's last step, commit and finish when the page goes. (file: frames are of
    one origin only with --allow-file-access-from-files, as an LMS's pages are of one origin.)"""
    from playwright.sync_api import sync_playwright

    from mapgen.chromium import CHROMIUM_ARGS, chromium_path

    host = scorm / "lms.html"
    host.write_text(STUB_LMS.replace("SCO", "spain-1936-39.html"), encoding="utf-8")
    tour = ATLAS.tours_of("spain_1936_39")[0]
    with sync_playwright() as playwright:
        lms_browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[*CHROMIUM_ARGS, "--allow-file-access-from-files"],
        )
        try:
            page, log = open_page(lms_browser, host, wait=False)
            frame = page.frames[1]
            wait_drawn(frame)
            frame.wait_for_function("atlasTour.current() && atlasTour.current().step === 1")

            def calls():
                return [tuple(c) for c in page.evaluate("calls")]

            assert calls()[0] == ("LMSInitialize", "", None)
            assert ("LMSSetValue", "cmi.core.lesson_status", "incomplete") in calls()
            assert ("LMSSetValue", "cmi.core.lesson_status", "completed") not in calls()
            for number in range(2, len(tour.steps) + 1):
                frame.locator(".atlas-tour-next").click()
                frame.wait_for_function(f"atlasTour.current().step === {number}")
            assert ("LMSSetValue", "cmi.core.lesson_status", "completed") in calls()
            assert (
                "LMSSetValue",
                "cmi.core.lesson_location",
                f"tour=1&step={len(tour.steps)}",
            ) in calls()
            page.evaluate("document.getElementById('sco').src = 'about:blank'")  # the SCO closes
            page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")
            names = [c[0] for c in calls()]
            assert names.count("LMSFinish") == 1 and names.index("LMSCommit") < names.index(
                "LMSFinish"
            )
            assert names[-1] == "LMSFinish" and names[-2] == "LMSCommit"
            assert log.console_errors == [] and log.external_requests == []
            page.close()
        finally:
            lms_browser.close()


def test_a_sco_without_an_lms_is_a_plain_page(browser, scorm):
    """Opened alone, or framed by a page of another origin (file: frames, here), it looks for no
    more than it may: no error, no tour started."""
    page, log = open_page(browser, scorm / "spain-1936-39.html")
    try:
        assert page.evaluate("location.hash") == "" and page.evaluate("atlasTour.current()") is None
    finally:
        page.close()
    host = scorm / "other.html"
    host.write_text(STUB_LMS.replace("SCO", "spain-1936-39.html"), encoding="utf-8")
    page, log = open_page(browser, host, wait=False)
    try:
        wait_drawn(page.frames[1])
        assert page.evaluate("calls") == [] and log.console_errors == []
    finally:
        page.close()
