"""Checks shared by the hostile-input and security tests.

``audit_html`` parses a page with the standard library's HTML parser (which
unescapes attribute values, as a browser does) and lists what a page must
never contain: inline script bodies, event-handler or ``style`` attributes,
``<style>`` blocks, tags that can run or embed code, and links whose scheme
is not http(s) or a same-site path.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags the templates never write; seeing one means input became markup.
FORBIDDEN_TAGS = frozenset(
    "img svg iframe frame frameset object embed applet base math style "
    "video audio source marquee".split()
)
URL_ATTRIBUTES = frozenset("href src action formaction data poster xlink:href".split())
# Browsers drop ASCII whitespace and control characters inside a scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_SAFE_URL = re.compile(r"^(?:https?://|/(?!/)|#|\?|[\w.-]+(?:[/?#]|$))", re.IGNORECASE)


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> tag")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                bare = _IGNORED_IN_SCHEME.sub("", value)
                if bare and not _SAFE_URL.match(bare):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "script":
            src = dict(attrs).get("src")
            if not src:
                self.problems.append("<script> without src")
            else:
                self.scripts.append(src)
            self._in_script = True

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script body {data.strip()[:40]!r}")


def audit_html(html: str) -> list[str]:
    """What is wrong with a page, as short descriptions; empty when clean.

    >>> audit_html('<p>x</p><script src="/static/suggest.js" defer></script>')
    []
    >>> audit_html('<a href="javascript:alert(1)">x</a><img src=x onerror=y>')
    ["href='javascript:alert(1)' on <a>", '<img> tag', 'event handler onerror= on <img>']
    >>> audit_html('<script>alert(1)</script><p style="x">')
    ['<script> without src', "inline script body 'alert(1)'", 'style= on <p>']
    """  # noqa: E501
    audit = _Audit()
    audit.feed(html)
    audit.close()
    if audit.scripts not in ([], ["/static/suggest.js"]):
        audit.problems.append(f"unexpected scripts {audit.scripts}")
    return audit.problems
