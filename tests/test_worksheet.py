"""Worksheets: an A4 PDF per tour whose QR codes open the map at each step, and its answer key."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mapgen.cli import cli
from mapgen.worksheet import make_worksheet
from routes import load_atlas

ATLAS = load_atlas()


def page_images(pdf: bytes, scale: float = 3.0):
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        yield document[index].render(scale=scale).to_numpy()


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def qr_codes(pdf: bytes) -> list[str]:
    import zxingcpp

    found = []
    for image in page_images(pdf):
        found += [
            code.text for code in zxingcpp.read_barcodes(image) if code.format.name == "QRCode"
        ]
    return found


@pytest.mark.parametrize(
    "lang, src",
    [("en", None), ("ru", "https://school.example/maps/ru/spain-1936-39.html")],
    ids=["file-name", "published"],
)
def test_the_qr_code_of_each_step_opens_the_map_at_that_step(browser, tmp_path, lang, src):
    written = make_worksheet("spain_1936_39", lang=lang, src=src, out_dir=tmp_path, browser=browser)
    sheet, key = (path.read_bytes() for path in written)
    assert written[0].name == "spain-1936-39-tour-1.pdf" and sheet.startswith(b"%PDF")
    tour = ATLAS.in_language(lang).tours_of("spain_1936_39")[0]
    base = src or "spain-1936-39.html"
    assert qr_codes(sheet) == [f"{base}#tour=1&step={s.number}" for s in tour.steps]
    text = "".join(page_texts(sheet)).replace("\r\n", " ").replace("\n", " ")
    first = tour.steps[0].question.splitlines()[0]
    assert first[:30] in text and tour.steps[0].answer.splitlines()[0][:30] not in text
    keyed = "".join(page_texts(key)).replace("\r\n", " ").replace("\n", " ")
    assert tour.steps[0].answer.splitlines()[0][:30] in keyed
    assert "LIBRARY.KG" in text  # a source, as a footnote


def test_worksheet_command_and_its_usage_errors(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["worksheet", "spain_1936_39", "--tour", "2", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "no tour 2" in bad.stderr and len(bad.stderr.splitlines()) == 1
    bad = runner.invoke(cli, ["worksheet", "atlantis", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "no map named" in bad.stderr
    bad = runner.invoke(cli, ["worksheet", "spain_1936_39", "--src", "javascript:alert(1)"])
    assert bad.exit_code == 2 and "--src" in bad.stderr
    assert list(tmp_path.iterdir()) == []
