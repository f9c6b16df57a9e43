"""What a query reads from the big cold parts of the index (stored fields,
the body's documents and frequencies) stays out of the worker's resident
memory.

Pages of a mapped file that a process touched count in its RSS until the
map goes; read with ``pread``, the same bytes come from the page cache and
nothing stays. Checked with ``/proc/self/pagemap``: after every stored
document and every term's postings were read, no page inside
those parts of the files is present in this process.
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

import numpy as np
import pytest

from indexer import postings
from indexer import schema as f
from indexer.arrayfile import read_header
from indexer.build import build_index
from indexer.ranking import Ranker
from indexer.search import SearchService
from indexer.store import IndexStore

from .builders import make_entry

PAGE = 4096
PAGEMAP = Path("/proc/self/pagemap")
# A fault in a mapped file maps the cached pages around it too (Linux's
# fault-around, 64 kB, or a whole large folio on newer kernels): pages near
# a neighbouring part read through the map may be present without this
# part being read through it.
AROUND = 64 * 1024

pytestmark = pytest.mark.skipif(
    not PAGEMAP.exists(), reason="needs Linux's /proc/self/pagemap"
)


def _resident_pages(address: int, length: int) -> tuple[int, int]:
    """(present, all) pages inside ``[address, address + length)``, but for
    those within :data:`AROUND` of its ends."""
    first = -(-(address + AROUND) // PAGE)
    last = (address + length - AROUND) // PAGE
    if last <= first:
        return 0, 0
    with PAGEMAP.open("rb") as pagemap:
        pagemap.seek(first * 8)
        raw = pagemap.read((last - first) * 8)
    entries = struct.unpack(f"{len(raw) // 8}Q", raw)
    return sum(e >> 63 for e in entries), len(entries)


def _address(buffer) -> int:
    return np.frombuffer(buffer, np.uint8).ctypes.data


def _entries(count: int = 150):
    """Entries with a few kB of text each: parts of files many pages long."""
    rng = random.Random(5)
    words = [f"w{rng.randrange(10**6):06d}" for _ in range(3_000)]
    return [
        make_entry(
            f"e{n}",
            f"Entry {n}",
            Summary=" ".join(rng.choices(words, k=400)),
            Treatment=" ".join(rng.choices(words, k=300)),
        )
        for n in range(count)
    ]


@pytest.fixture
def index(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(postings, "MIN_DOCS", 1)  # the file for a small segment
    build_index(_entries(), tmp_path)
    return tmp_path


def test_stored_fields_are_read_without_the_map(index: Path) -> None:
    with SearchService(index) as service:
        with service._reading() as snap:
            readers = [r for r, _ in snap.searcher.reader().leaf_readers()]
            checked = 0
            for reader in readers:
                for doc in range(reader.doc_count_all()):
                    assert reader.stored_fields(doc) is not None
                storage = reader._storage.a  # the segment's compound file
                [name] = [n for n in storage.list() if n.endswith("._stored.col")]
                offset, length = storage.range(name)
                present, pages = _resident_pages(
                    _address(storage._source) + offset, length
                )
                assert pages > 10 and present <= pages / 4, (present, pages)
                checked += 1
            assert checked


def test_body_postings_are_read_without_the_map(index: Path) -> None:
    folder = index / IndexStore(index).current_name()
    [path] = folder.glob("*.postings")
    layout = read_header(path)["arrays"]
    header_size = int.from_bytes(path.read_bytes()[:8], "little")
    start = -(-(8 + header_size) // 8) * 8  # where the arrays begin
    with SearchService(index) as service:
        with service._reading() as snap:
            ranker = Ranker(snap.searcher, snap.segments)
            for term in snap.searcher.reader().lexicon(f.BODY):
                text = term.decode() if isinstance(term, bytes) else term
                docs, _ = ranker.postings(f.BODY, text)
                _, found = ranker.positions(f.BODY, text)
                assert len(docs) and all(found[i] for i in range(len(found)))
            # The term table stays mapped; its map holds the whole file.
            base = _address(snap.segments[0].postings[f.BODY].terms.base)
            present = pages = 0
            for name in ("docs", "weights", "counts"):
                dtype, offset, count = layout[f"{f.BODY}.{name}"]
                size = count * np.dtype(dtype).itemsize
                found = _resident_pages(base + start + offset, size)
                present, pages = present + found[0], pages + found[1]
            # All of them were read; at most a neighbour's pages are mapped.
            assert pages > 50 and present <= pages / 4, (present, pages)
