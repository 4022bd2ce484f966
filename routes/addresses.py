"""The one check every link made from data passes: only http(s) addresses become links."""

from __future__ import annotations

import re

# What browsers strip from an address before reading its scheme (WHATWG URL standard):
# leading and trailing C0 controls and spaces, and every tab and newline inside.
_STRIPPED_EDGES = "".join(chr(c) for c in range(0x21))
_TABS_AND_NEWLINES = re.compile("[\t\n\r]")
_WEB = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def web_address(address: str | None) -> str | None:
    """``address`` if a link to it can only open a web page, else None.

    >>> web_address("https://example.org/a?b=1"), web_address("HTTPS://EXAMPLE.ORG")
    ('https://example.org/a?b=1', 'HTTPS://EXAMPLE.ORG')
    >>> web_address("javascript:alert(1)"), web_address(" java\\tscript:alert(1)"), web_address("")
    (None, None, None)
    """
    if not isinstance(address, str) or not address:
        return None
    as_read = _TABS_AND_NEWLINES.sub("", address.strip(_STRIPPED_EDGES))
    if as_read != address:
        return None  # a link must be written as it is read: no hidden characters
    return address if _WEB.match(address) else None
