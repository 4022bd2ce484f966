"""One check of web addresses (routes.addresses) for the loader, the maps' links and embed --src.

A browser drops C0 control characters and spaces from the ends of an address and
tabs and line breaks from anywhere before it reads the scheme; the check reads it
the same way, so none of these can smuggle a ``javascript:`` address through.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_loader import edit_csv

from mapgen.cli import cli
from routes import RouteDataError, load_atlas
from routes.addresses import address_problem, scheme_of
from routes.addresses import web_address as link_address

REFUSED = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x01javascript:alert(1)",
    "\x00javascript:alert(1)",
    "javascript\t:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "http://a b",
    'https://a"onmouseover=x',
    "https://a'b",
    "https://a<b>",
    "https://",
    "http:example.org",
    "https://exa\u202emple.org",
]
# Refused as written; a CSV cell is trimmed of the spaces around it before it is checked.
TRIMMED_IN_CSV = [" https://example.org", "https://example.org\n", "\thttps://example.org "]
ACCEPTED = [
    "https://example.org/a?b=1&c=2#d",
    "http://example.org",
    "HTTPS://example.org",
    "Http://x.org/%20y",
]


@pytest.mark.parametrize("address", REFUSED, ids=[repr(a) for a in REFUSED])
def test_refused_everywhere(address, data_copy):
    assert address_problem(address) is not None
    assert link_address(address) is None
    if "\r" in address:
        return  # Python's CSV writer leaves a lone CR unquoted: the file would hold two rows
    edit_csv(data_copy, "sources.csv", "libmonster-mtc", "address", address)
    with pytest.raises(RouteDataError) as caught:
        load_atlas(data_copy)
    assert caught.value.codes == ["bad-address"], caught.value.lines()


@pytest.mark.parametrize("address", ACCEPTED)
def test_accepted_everywhere(address, data_copy):
    assert address_problem(address) is None and link_address(address) == address
    edit_csv(data_copy, "sources.csv", "libmonster-mtc", "address", address)
    assert load_atlas(data_copy).sources["libmonster-mtc"].address == address


@pytest.mark.parametrize("address", TRIMMED_IN_CSV, ids=[repr(a) for a in TRIMMED_IN_CSV])
def test_spaces_around_a_cell_are_trimmed_first(address, data_copy):
    assert address_problem(address) is not None and link_address(address) is None
    edit_csv(data_copy, "sources.csv", "libmonster-mtc", "address", address)
    assert load_atlas(data_copy).sources["libmonster-mtc"].address == "https://example.org"


@pytest.mark.parametrize(
    "address", ["java\tscript:alert(1)", " javascript:x", "\x01javascript:x", "data:,x"]
)
def test_embed_src_is_checked_the_same_way(address):
    assert scheme_of(address) in ("javascript", "data")
    result = CliRunner().invoke(cli, ["embed", "spain_1936_39", "--src", address])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the address ") and "scheme" in lines[0]
    assert "\t" not in lines[0] and "\x01" not in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize(
    "address, shown",
    [
        ("HTTPS://school.example/maps/a.html", "HTTPS://school.example/maps/a.html"),
        ("maps/a.html", "maps/a.html"),
    ],
)
def test_embed_accepts_web_and_relative_addresses(address, shown):
    result = CliRunner().invoke(cli, ["embed", "spain_1936_39", "--src", address])
    assert result.exit_code == 0 and f'src="{shown}"' in result.stdout
