"""A corpus of bad inputs (tests/corpus/bad_data.toml): one clear error each, and nothing lost.

Each case breaks a copy of the shipped data in one way and builds it into an output folder that
already holds maps. The build must print exactly one "Error: ..." line naming the file, the
record and the field, exit with status 1 without a traceback, and leave the folder as it was.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_loader import feature, rewrite_csv, rewrite_json

from mapgen.cli import cli
from routes.loader import default_data_dir

CORPUS = tomllib.loads(
    (Path(__file__).parent / "corpus" / "bad_data.toml").read_text(encoding="utf-8")
)["case"]


def apply(folder: Path, case: dict) -> None:
    for action, given in case.items():
        if action in ("name", "expect"):
            continue
        for spec in given if isinstance(given, list) else [given]:
            edit(folder, action, spec)


def edit(folder: Path, action: str, spec: dict) -> None:
    """One edit of the corpus (see the list at the top of tests/corpus/bad_data.toml)."""
    path = folder / spec["file"]
    if action in ("set_feature", "drop_feature_key"):
        *parents, last = spec["path"].split(".")

        def change(document, spec=spec, parents=parents, last=last, action=action):
            target = feature(document, spec["id"])
            for key in parents:
                target = target[key]
            if action == "set_feature":
                target[last] = spec["value"]
            else:
                del target[last]

        rewrite_json(path, change)
    elif action == "set_cell":

        def change(rows, spec=spec):
            header = rows[0]
            row = next((r for r in rows[1:] if r and r[0] == spec["id"]), None)
            assert row is not None, f"no row {spec['id']!r} in {spec['file']}"
            row[header.index(spec["column"])] = spec["value"]

        rewrite_csv(path, change)
    elif action == "rename_column":
        rewrite_csv(
            path,
            lambda rows, spec=spec: rows[0].__setitem__(rows[0].index(spec["old"]), spec["new"]),
        )
    elif action == "append_text":
        path.write_text(path.read_text(encoding="utf-8") + spec["text"], encoding="utf-8")
    elif action == "replace_text":
        text = path.read_text(encoding="utf-8")
        assert spec["old"] in text, f"{spec['old']!r} not in {spec['file']}"
        path.write_text(text.replace(spec["old"], spec["new"], 1), encoding="utf-8")
    elif action == "replace_with_hex":
        data = path.read_bytes()
        old = spec["old"].encode("utf-8")
        assert old in data
        path.write_bytes(data.replace(old, bytes.fromhex(spec["hex"]), 1))
    elif action == "write_text":
        path.write_text(spec["text"], encoding="utf-8")
    elif action == "prefix_hex":
        path.write_bytes(bytes.fromhex(spec["hex"]) + path.read_bytes())
    elif action == "truncate":
        path.write_bytes(path.read_bytes()[: spec["keep"]])
    elif action == "grow":
        with path.open("r+b") as handle:
            handle.truncate(spec["bytes"])
    elif action == "delete":
        path.unlink()
    elif action == "reencode":
        path.write_bytes(path.read_text(encoding="utf-8").encode(spec["encoding"]))
    elif action == "resave_csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=spec["delimiter"], lineterminator="\n").writerows(rows)
    elif action == "nest":
        path.write_text("[" * spec["depth"] + "]" * spec["depth"], encoding="utf-8")
    elif action == "long_cell":
        edit(folder, "set_cell", {**spec, "value": "x" * spec["length"]})
    elif action == "replace_with_digits":
        text = path.read_text(encoding="utf-8")
        assert spec["old"] in text, f"{spec['old']!r} not in {spec['file']}"
        path.write_text(text.replace(spec["old"], "1" * spec["digits"], 1), encoding="utf-8")
    elif action == "symlink":
        path.unlink()
        path.symlink_to(spec["target"])
    elif action == "make_folder":
        path.unlink()
        path.mkdir()
        (path / "inside.csv").write_text("id,name\n", encoding="utf-8")
    elif action == "make_pipe":
        path.unlink()
        os.mkfifo(path)
    else:
        raise AssertionError(f"unknown edit {action!r} in the corpus")


def snapshot(folder: Path) -> dict:
    """Every file's hash and modification time, and the folder's neighbours (a staging folder
    left beside it would show)."""
    files = {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    return {"files": files, "beside": sorted(p.name for p in folder.parent.iterdir())}


@pytest.fixture(scope="module")
def existing_output(tmp_path_factory) -> Path:
    """An output folder as a teacher has it: maps built earlier."""
    out = tmp_path_factory.mktemp("output")
    (out / "ru").mkdir()
    for name in (
        "index.html",
        "spain-1936-39.html",
        "lend-lease-1941-45.html",
        "ru/spain-1936-39.html",
    ):
        (out / name).write_text(
            f"<!DOCTYPE html><title>{name}, built earlier</title>", encoding="utf-8"
        )
        os.utime(out / name, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return out


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 30
    assert len({case["name"] for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case["name"] for case in CORPUS])
def test_bad_input_gives_one_clear_error_and_loses_nothing(case, tmp_path, existing_output):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    apply(data, case)
    before = snapshot(existing_output)

    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--out", str(existing_output)])
    elapsed = time.perf_counter() - started

    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, "\n".join(lines)
    line = lines[0]
    expect = case["expect"]
    assert line.startswith(f"Error: {data / expect['file']}"), line
    assert expect["record"] in line, line
    if expect["field"]:
        assert f"field '{expect['field']}'" in line, line
    assert snapshot(existing_output) == before
    assert elapsed < 30
    # validate finds what build would fail on, and says it the same way
    checked = CliRunner().invoke(cli, ["validate", str(data)])
    assert checked.exit_code == 1 and checked.stderr.strip().splitlines() == lines
    for secret in ("root:", "PATH=", "HOME="):  # never a line of a file the data only links to
        assert secret not in result.output + checked.output


def test_the_codes_are_the_expected_ones(tmp_path):
    """The same cases through the loader: each gives exactly the problem the corpus names."""
    from routes import RouteDataError, load_atlas

    for case in CORPUS:
        data = tmp_path / case["name"].replace(" ", "_").replace("/", "_")[:60]
        shutil.copytree(default_data_dir(), data)
        apply(data, case)
        with pytest.raises(RouteDataError) as caught:
            load_atlas(data)
        assert caught.value.codes == [case["expect"]["code"]], (
            case["name"],
            [str(p) for p in caught.value.problems],
        )


def test_a_100_mb_file_is_never_read(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    with (data / "spain.geojson").open("r+b") as handle:
        handle.truncate(100 * 1024 * 1024)
    read = []
    original = Path.read_bytes

    def watched(self):
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", watched)
    os_reads = []
    os_read = os.read

    def counted(fd, n):
        chunk = os_read(fd, n)
        os_reads.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counted)
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 1 and "spain.geojson" not in read and sum(os_reads) < 5_000_000
    assert "104,857,600 bytes" in result.stderr
