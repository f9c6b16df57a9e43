"""Named NumPy arrays in one file, mapped read-only by every worker.

Both files a writer leaves beside a large segment (``<segment>.derived``
and ``<segment>.postings``) are this layout: 8 bytes giving the length of a
JSON header, the header (the caller's fields plus ``arrays``: each array's
dtype, offset and length), then the arrays, each aligned to 8 bytes so
``np.frombuffer`` can view them in place. Workers map the file, so they
share its pages instead of each holding a copy; big arrays that a query
reads little of can be read with ``pread`` instead (see
:func:`read_arrays`), so that what was read does not stay resident.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Collection
from pathlib import Path

import numpy as np

from .preads import Descriptor, FileArray

ALIGN = 8


def _aligned(size: int) -> int:
    return -(-size // ALIGN) * ALIGN


def write_arrays(path: Path, arrays: dict[str, np.ndarray], header: dict) -> None:
    """Write ``arrays`` under ``header`` to ``path``, atomically (a reader
    never sees half a file).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "x"
    ...     write_arrays(path, {"a": np.arange(3, dtype=np.int32)}, {"v": 1})
    ...     head, arrays = read_arrays(path)
    ...     head["v"], arrays["a"].tolist()
    (1, [0, 1, 2])
    """
    layout, offset = {}, 0
    for name, array in arrays.items():
        layout[name] = [array.dtype.str, offset, len(array)]
        offset += _aligned(array.nbytes)
    encoded = json.dumps({**header, "arrays": layout}, ensure_ascii=False).encode()
    start = _aligned(8 + len(encoded))
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as out:
        out.write(len(encoded).to_bytes(8, "little"))
        out.write(encoded)
        out.write(b"\0" * (start - 8 - len(encoded)))
        for array in arrays.values():
            data = np.ascontiguousarray(array).tobytes()
            out.write(data)
            out.write(b"\0" * (-len(data) % ALIGN))
    os.replace(tmp, path)


def read_header(path: Path) -> dict:
    """Only the header of a file written by :func:`write_arrays`."""
    with open(path, "rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        return json.loads(handle.read(size))


def read_arrays(
    path: Path, unmapped: Collection[str] = ()
) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and the arrays (read-only views of the mapped file).

    :param unmapped: arrays to read with ``pread`` a slice at a time
        (:class:`~indexer.preads.FileArray`) rather than map: big ones that
        a query reads a small part of, whose pages would otherwise stay in
        the process's resident size.
    :raises OSError: or :class:`ValueError` for a missing or damaged file.
    """
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        descriptor = Descriptor.dup(handle.fileno()) if unmapped else None
    size = int.from_bytes(mapped[:8], "little")
    header = json.loads(mapped[8 : 8 + size])
    start = _aligned(8 + size)
    arrays = {}
    for name, (dtype, offset, count) in header["arrays"].items():
        if name in unmapped:
            kind = np.dtype(dtype)
            if start + offset + count * kind.itemsize > len(mapped):
                raise ValueError(f"{path} ends inside its array {name}")
            arrays[name] = FileArray(descriptor, start + offset, kind, count)
        else:
            arrays[name] = np.frombuffer(
                mapped, dtype=np.dtype(dtype), count=count, offset=start + offset
            )
    return header, arrays
