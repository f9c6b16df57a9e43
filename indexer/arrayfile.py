"""Named NumPy arrays in one file, mapped read-only by every worker.

Both files a writer leaves beside a large segment (``<segment>.derived``
and ``<segment>.postings``) are this layout: 8 bytes giving the length of a
JSON header, the header (the caller's fields plus ``arrays``: each array's
dtype, offset and length), then the arrays, each aligned to 8 bytes so
``np.frombuffer`` can view them in place. Workers map the file, so they
share its pages instead of each holding a copy.
"""

from __future__ import annotations

import json
import mmap
import os
from pathlib import Path

import numpy as np

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


def read_arrays(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and the arrays (read-only views of the mapped file).

    :raises OSError: or :class:`ValueError` for a missing or damaged file.
    """
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    size = int.from_bytes(mapped[:8], "little")
    header = json.loads(mapped[8 : 8 + size])
    start = _aligned(8 + size)
    arrays = {
        name: np.frombuffer(
            mapped, dtype=np.dtype(dtype), count=count, offset=start + offset
        )
        for name, (dtype, offset, count) in header["arrays"].items()
    }
    return header, arrays
