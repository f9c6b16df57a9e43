"""The C heap: keep the memory of a query's arrays for the next query.

A search makes dozens of temporary arrays as long as the index or its
candidates (1.3 MB each at ten MedQuADs: the concepts' sums, a name's
union of words, the gathers). glibc's ``malloc`` maps each such block
fresh and unmaps it when freed, or trims the freed top of its heap, by
thresholds that start at 128 KB and only slide up with the blocks freed
before; so most of those arrays were new memory, faulted in and zeroed
page by page. On the scale mix at ten MedQuADs (``bench/scale.py``'s 1,000
queries, in-process, one run each) a long question took 3,180 minor page
faults, a one-word query 1,011; with the thresholds below, 304 and 9, and
the mean long question 21.8 -> 16.3 ms (one-word 4.5 -> 3.5 ms). The freed
memory stays in the process for reuse: RSS after the mix 562 -> 595 MB,
its peak the same (607-610 MB): what is held is what one query had in use.

The thresholds are the process's, as ``MALLOC_MMAP_THRESHOLD_`` and
``MALLOC_TRIM_THRESHOLD_`` would set them; both are set, because setting
one stops the other from sliding (either alone was slower than neither).

One arena, as ``MALLOC_ARENA_MAX=1`` would: glibc gives each thread that
meets another in ``malloc`` an arena of its own, and a server worker's
threads (gunicorn's, the warm-up) each kept their own freed memory and
their own holes between the cached arrays that outlive a query. The
threads take turns under the interpreter lock anyway. At ten MedQuADs,
after 20,000 queries over HTTP (``bench/scale.py --http-queries 20000``,
two workers of two threads) the larger worker's RSS was 917 MB with an
arena per thread, 810 MB with one (heap 682 -> 574 MB); after 2,000, 739
and 774 -> 711 and 713 MB (set by the environment variable), HTTP p50
the same (8.5 / 8.1 against 7.8 / 8.5 ms).
"""

from __future__ import annotations

import ctypes
import threading

#: ``mallopt`` parameters (glibc's ``malloc.h``).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
#: Blocks below this come from the heap, freed blocks are reused: glibc's own
#: ceiling for its sliding threshold (32 MB on 64-bit systems).
MMAP_THRESHOLD = 32 * 2**20
#: Free memory kept at the top of the heap before it goes back to the system.
TRIM_THRESHOLD = 64 * 2**20
#: Arenas the process's threads share (see the module's docstring).
ARENAS = 1

_lock = threading.Lock()
_done: bool | None = None


def keep_freed_memory() -> bool:
    """Raise glibc's thresholds and keep one arena (see the module's
    docstring), once per process.

    :returns: whether they are set: False where the C library is not glibc
        (``mallopt`` missing, or refusing), which leaves the heap as it was.
    """
    global _done
    with _lock:
        if _done is None:
            _done = _set_thresholds()
        return _done


def _set_thresholds() -> bool:
    try:
        libc = ctypes.CDLL(None)
        # glibc only: musl's mallopt does nothing.
        glibc = hasattr(libc, "gnu_get_libc_version")
        mallopt = libc.mallopt
    except (AttributeError, OSError):
        return False
    if not glibc:
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        and mallopt(M_ARENA_MAX, ARENAS)
    )
