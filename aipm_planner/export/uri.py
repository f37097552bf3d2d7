"""A resource link as a URI (RFC 3986), the value type of the iCalendar ``URL`` property.

Roadmaps may link to pages with non-ASCII paths or host names (IRIs, RFC 3987), or with
characters a URI may not hold as they are (quotes, angle brackets, braces, backslashes and
the like). RFC 5545 (3.3.13) takes a URI, so those are written as a browser
would send them: the host name in IDNA (``xn--``), everything else percent-encoded as
UTF-8, and so is a ``%`` that starts no escape. A link that is already a URI is unchanged.

>>> as_uri("https://例え.jp/パス?q=ü")
'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%C3%BC'
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["as_uri"]

# RFC 3986 reserved and unreserved characters, and "%" so existing escapes stay as they are.
_KEEP = ":/?#[]@!$&'()*+,;=-._~%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PARTS = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<authority>[^/?#]*)(?P<rest>.*)$", re.S
)


def as_uri(link: str) -> str:
    """``link`` with every character a URI may not hold encoded (see the module text)."""
    parts = _PARTS.match(link)
    if parts is None:
        return _quote(link)
    user, at, host_port = parts["authority"].rpartition("@")
    host, colon, port = host_port.partition(":")
    if host.isascii():
        host = _quote(host)
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
    authority = _quote(user + at) + host + colon + _quote(port)
    return parts["scheme"] + authority + _quote(parts["rest"])


def _quote(text: str) -> str:
    """Percent-encode what a URI may not hold; a ``%`` that starts no escape is one too."""
    return _LONE_PERCENT.sub("%25", quote(text, safe=_KEEP))
