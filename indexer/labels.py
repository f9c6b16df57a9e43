"""What a reader calls each source: plain words, never internal ids.

``source`` on an entry is an id (``MPlusHealthTopics``, ``corpus``) that
files, filters and the API keep stable; people read "MedlinePlus". The
short label is what result rows, facets and "also from" lines show; the
publisher's full name stays on the entry page (:attr:`Entry.source_name`).
"""

from __future__ import annotations

#: ``source`` id -> the short name shown on pages and in ``source_name``.
SOURCE_LABELS: dict[str, str] = {
    "corpus": "Sample corpus",
    "api": "Added via the API",
    "CancerGov": "National Cancer Institute",
    "GARD": "GARD",
    "GHR": "Genetics Home Reference",
    "MPlusHealthTopics": "MedlinePlus",
    "NIDDK": "NIDDK",
    "NINDS": "NINDS",
    "NIHSeniorHealth": "NIH Senior Health",
    "NHLBI": "NHLBI",
    "CDC": "CDC",
    "ADAM": "A.D.A.M. Encyclopedia",
    "MPlusDrugs": "MedlinePlus Drugs",
    "MPlusHerbsSupplements": "MedlinePlus Herbs and Supplements",
}


def source_label(source: str) -> str:
    """The name a reader sees for a source id (the id itself if unknown).

    >>> source_label("MPlusHealthTopics"), source_label("corpus"), source_label("x")
    ('MedlinePlus', 'Sample corpus', 'x')
    """
    return SOURCE_LABELS.get(source, source)
