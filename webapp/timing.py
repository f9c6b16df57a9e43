"""``Server-Timing`` for search answers: what a search spent its time on.

A slow answer is told apart by its stages (planning the query, ranking,
making the page) in a browser's developer tools or a proxy's log, without a
profiler on the server. The W3C header, one metric per stage in
milliseconds; a page from the result cache says so instead.
"""

from __future__ import annotations

from flask import Response

from indexer.results import SearchResults


def timed(response: Response, found: SearchResults) -> Response:
    """``response`` with the ``Server-Timing`` of the search ``found``."""
    if found.timings:
        value = ", ".join(f"{name};dur={ms:.2f}" for name, ms in found.timings)
    else:
        value = 'cache;desc="result cache"'
    response.headers["Server-Timing"] = value
    return response
