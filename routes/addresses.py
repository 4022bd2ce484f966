"""The one check of a web address before it becomes a link or a frame's source.

Used by the loader (``sources.csv``'s ``address``), by the templates of ``mapgen`` (the ``web_address`` filter)
(every link made from data) and by ``supply-atlas embed --src``. The scheme is
read as a browser reads it: the URL standard (https://url.spec.whatwg.org/)
drops C0 control characters and spaces from both ends and tabs and line breaks
from anywhere, so ``" java\\tscript:"`` is a ``javascript:`` address to a browser
and is refused here too. Schemes are case-insensitive: ``HTTPS://`` is https.
"""

from __future__ import annotations

import re

WEB_SCHEMES = ("http", "https")
# What the URL standard strips before it reads a scheme.
_ENDS = "".join(chr(c) for c in range(0x21))  # C0 controls and space, at either end
_ANYWHERE = {ord(c): None for c in "\t\n\r"}  # tabs and line breaks, anywhere
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# In an address we write ourselves, none of these belong: white space and control
# characters (invisible, and stripped or split by the reader), quotes and angle brackets.
_UNSAFE = re.compile(
    r"[\x00-\x20\x7f-\x9f\"'<>\\`\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\s"
)
_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s]")


def scheme_of(address: str) -> str | None:
    """The scheme a browser reads in ``address``, lower-cased; None for a relative address.

    >>> scheme_of("HTTPS://example.org"), scheme_of(" java\\tscript:x"), scheme_of("maps/a.html")
    ('https', 'javascript', None)
    """
    read = address.strip(_ENDS).translate(_ANYWHERE)
    match = _SCHEME.match(read)
    return match[1].lower() if match else None


def address_problem(address: object, *, relative: bool = False) -> str | None:
    """Why ``address`` may not be a link (a phrase to follow it), or None if it may.

    An address must be ``http://`` or ``https://`` with a host; with
    ``relative=True`` a path with no scheme (``ru/spain-1936-39.html``) is
    also accepted. No address may hold white space, control characters,
    quotes, backslashes or angle brackets.

    >>> address_problem("https://example.org/a?b=1") is None, address_problem("HTTP://x") is None
    (True, True)
    >>> address_problem("javascript:alert(1)")
    'has the scheme javascript:; only http: and https: addresses are allowed'
    >>> address_problem("maps/a.html", relative=True) is None, address_problem("maps/a.html")
    (True, 'is not an http(s) address (write it in full: https://...)')
    """
    if not isinstance(address, str):
        return "is not text"
    scheme = scheme_of(address)
    if scheme is None and not relative:
        return "is not an http(s) address (write it in full: https://...)"
    if scheme is not None and scheme not in WEB_SCHEMES:
        return f"has the scheme {scheme}:; only http: and https: addresses are allowed"
    if not address:
        return "is empty"
    if _UNSAFE.search(address):
        return (
            "holds a space, a control character, a quote, a backslash or < >; "
            "write the address alone"
        )
    if scheme is not None and not _HOST.match(address):
        return "has no host (write it as https://host/path)"
    return None


def web_address(address: object) -> str | None:
    """``address`` if it is an http(s) address a link may point to, else None.

    >>> web_address("HTTPS://example.org/a"), web_address("javascript:alert(1)"), web_address(" https://x")
    ('HTTPS://example.org/a', None, None)
    """
    return address if address_problem(address) is None else None  # type: ignore[return-value]
