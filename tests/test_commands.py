"""A corpus of bad command lines (tests/corpus/bad_commands.toml): one clear line each, the
status click's conventions give (2 for usage, 1 for the rest), and nothing lost; and what the
command line prints is safe for a terminal."""

from __future__ import annotations

import hashlib
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_loader import edit_csv, edit_geojson, set_prop

from mapgen.cli import cli, terminal_safe
from routes.loader import default_data_dir

CORPUS = tomllib.loads(
    (Path(__file__).parent / "corpus" / "bad_commands.toml").read_text(encoding="utf-8")
)["case"]


def tree_hash(folder: Path) -> dict[str, str]:
    """Each file under ``folder`` (and each name beside it) with the hash of its bytes."""
    files = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    files["(beside)"] = ",".join(sorted(p.name for p in folder.parent.iterdir()))
    return files


@pytest.fixture
def scene(tmp_path, monkeypatch):
    """A data folder and an output folder with maps built earlier, side by side; cwd elsewhere."""
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(default_data_dir(), data)
    (out / "ru").mkdir(parents=True)
    for name in ("index.html", "spain-1936-39.html", "ru/spain-1936-39.html"):
        (out / name).write_text(
            f"<!DOCTYPE html><title>{name}, built earlier</title>", encoding="utf-8"
        )
    (out / "thumbnails").mkdir()
    (out / "thumbnails" / "spain-1936-39.jpg").write_bytes(b"\xff\xd8 a picture \xff\xd9")
    home = tmp_path / "elsewhere"
    home.mkdir()
    monkeypatch.chdir(home)
    return tmp_path, data, out


def test_the_corpus_covers_each_kind():
    assert len({case["name"] for case in CORPUS}) == len(CORPUS) >= 20
    assert {case["expect"]["status"] for case in CORPUS} == {1, 2}


@pytest.mark.parametrize("case", CORPUS, ids=[case["name"] for case in CORPUS])
def test_bad_command_gives_one_line_and_changes_nothing(case, scene):
    tmp, data, out = scene
    setup = case.get("setup", {})
    if "write_file" in setup:
        (tmp / setup["write_file"]["path"]).write_text(
            setup["write_file"]["text"], encoding="utf-8"
        )
    args = [a.format(data=data, out=out, tmp=tmp) for a in case["args"]]
    before = (tree_hash(out), tree_hash(data))

    result = CliRunner().invoke(cli, args)

    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == case["expect"]["status"], result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert case["expect"]["says"] in lines[0], lines[0]
    assert "Traceback" not in result.output and result.stdout == ""
    assert (tree_hash(out), tree_hash(data)) == before


def test_a_bug_shows_as_a_bug(scene, monkeypatch):
    """The command line no longer turns a KeyError into 'Error: ...': an injected bug is a bug."""
    import routes.load.features

    def broken(*args, **kwargs):
        raise KeyError("murmansk")

    _, data, out = scene
    monkeypatch.setattr(routes.load.features, "_load_place", broken)
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--out", str(out)])
    assert isinstance(result.exception, KeyError) and result.exception.args == ("murmansk",)
    assert "Error: murmansk" not in result.stderr


@pytest.mark.parametrize(
    "evil",
    [
        "\x1b[2J\x1b[31mred",
        "\x1b]0;title\x07",
        "bell\x07",
        "back\rspace",
        "\u202eevil",
        "\x9b31m",
        "\ud800",
    ],
)
def test_terminal_safe_writes_out_what_a_terminal_would_act_on(evil):
    safe = terminal_safe(evil)
    assert not any(
        ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in safe
    )
    assert "\u202e" not in safe


def test_escape_sequences_in_data_and_file_names_never_reach_the_terminal(scene):
    _, data, out = scene
    edit_csv(data, "figures.csv", "spain_loan", "value", "\x1b[2J\x1b[31m-1")
    edit_geojson(data, "spain", "spain_odessa_bosporus", set_prop("mode", "\x1b]0;pwned\x07ship"))
    (data / "\x1b[31mred\x07.geojson").write_text(
        '{"type": "FeatureCollection", "features": []}', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("Error: ") for line in lines)
    assert not any(
        ord(c) < 32 and c != "\t" or 0x7F <= ord(c) <= 0x9F for c in result.stderr.replace("\n", "")
    )
    assert "\\x1b[31mred\\x07.geojson" in result.stderr


def test_names_from_data_are_safe_in_list(scene):
    _, data, _ = scene
    edit_csv(data, "groups.csv", "spain_1936_39", "name", "Spain\x1b[8m\thidden")
    result = CliRunner().invoke(cli, ["list", "--data", str(data)])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("spain_1936_39"))
    assert row.split("\t")[2] == "Spain\\x1b[8m hidden"


def test_hidden_files_beside_the_data_do_not_stop_a_build(scene):
    _, data, out = scene
    (data / "._spain.geojson").write_bytes(b"\x00\x05\x16\x07")
    (data / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (data / "~$figures.csv").write_bytes(b"\x0bteacher")
    result = CliRunner().invoke(
        cli, ["build", "spain_1936_39", "--lang", "en", "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Soviet shipping" in (out / "spain-1936-39.html").read_text(encoding="utf-8")


def test_a_spreadsheet_saved_with_a_byte_order_mark_builds(scene):
    _, data, out = scene
    for name in ("figures.csv", "groups.csv"):
        (data / name).write_bytes(b"\xef\xbb\xbf" + (data / name).read_bytes())
    result = CliRunner().invoke(
        cli, ["build", "spain_1936_39", "--lang", "en", "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr


def test_validate_is_quiet_about_nothing_and_names_what_it_checked(scene):
    _, data, _ = scene
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0 and result.stdout.startswith("OK: ") and result.stderr == ""


def test_usage_errors_from_click_are_one_line_with_status_2():
    result = CliRunner().invoke(cli, ["validate", "--lang", "xx"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: Invalid value for '--lang': 'xx' is not 'ru'. (see 'supply-atlas validate --help')"
    ] or (len(result.stderr.splitlines()) == 1 and "'xx'" in result.stderr)


def test_help_still_works():
    for args in ([], ["--help"], ["build", "-h"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 2) and "Usage:" in result.output, args


if os.name != "posix":  # pragma: no cover
    pytest.skip("POSIX file kinds", allow_module_level=True)


def test_embed_prints_its_snippet_on_three_lines():
    result = CliRunner().invoke(cli, ["embed", "spain_1936_39"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and len(lines) == 3
    assert lines[0].startswith("<div ") and lines[1].startswith("<iframe ") and lines[2] == "</div>"


def test_a_line_break_in_a_problem_stays_on_its_line(scene):
    _, data, _ = scene
    edit_geojson(data, "spain", "spain_odessa_bosporus", set_prop("mode", "ship\nError: forged"))
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1


def test_a_record_over_several_lines_is_reported_at_its_first_line(scene):
    _, data, out = scene
    edit_csv(data, "figures.csv", "spain_loan", "note", "a note\nover three\nlines")
    edit_csv(data, "figures.csv", "spain_loan", "value", "-1")
    text = (data / "figures.csv").read_text(encoding="utf-8")
    first_line = text[: text.index("spain_loan,")].count("\n") + 1
    before = tree_hash(out)
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1 and tree_hash(out) == before
    assert result.stderr.splitlines() == [
        f"Error: {data / 'figures.csv'}: line {first_line} (id 'spain_loan'): field 'value': '-1' "
        "is negative"
    ]
