"""A worker's start: what it reads before it answers, and what after."""

from __future__ import annotations

import gc
import threading

from indexer import SearchService
from indexer.ranking import Ranker


def test_the_commonest_words_are_read_after_warm_returns(index_dir, monkeypatch):
    """Reading the commonest words' postings was over half of a worker's
    start at five MedQuADs; in the background the worker answers first."""
    release = threading.Event()
    read: list[str] = []
    term = Ranker.term

    def held_term(self, text, tuning):
        if threading.current_thread().name == "warm":
            release.wait(10)
            read.append(text)
        return term(self, text, tuning)

    monkeypatch.setattr(Ranker, "term", held_term)
    with SearchService(index_dir) as service:
        service.warm(background=True)
        assert read == []  # warm returned; its first word waits
        release.set()
        for thread in threading.enumerate():
            if thread.name == "warm":
                thread.join(10)
        assert "gout" in read
        assert service.search("gout").results[0].entry_id == "gout"


def test_warming_stops_when_half_the_score_cache_is_used(index_dir, monkeypatch):
    monkeypatch.setattr(Ranker, "scored_used", lambda self: 0.5)
    read = []
    term = Ranker.term
    monkeypatch.setattr(
        Ranker, "term", lambda self, text, t: read.append(text) or term(self, text, t)
    )
    with SearchService(index_dir) as service:
        service.warm()
        assert read == []
        monkeypatch.setattr(Ranker, "scored_used", lambda self: 0.0)
        service.warm()
        assert "gout" in read


def test_a_worker_freezes_what_opening_the_index_made(ro_index_dir):
    """A full collection walked every object the index's opening made, for
    as long as the worker lives (pauses up to 159 ms under the skewed log);
    a gunicorn worker now freezes them once its app is built, and makes
    its full collections rarer."""
    from webapp.server import _Server, gunicorn_options

    options = gunicorn_options(bind="unix:/nonexistent.sock", workers=1, threads=1)
    gc.unfreeze()
    thresholds = gc.get_threshold()
    try:
        _Server(options, str(ro_index_dir)).load()
        assert gc.get_freeze_count() > 0
        # Full passes walk the caches, which hold no cycles: rarer.
        assert gc.get_threshold()[2] > thresholds[2]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
