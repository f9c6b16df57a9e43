"""bench/same_results.py: a dump of the sample corpus's pages, compared with
itself and with a dump where one hit moved."""

from __future__ import annotations

import json
from pathlib import Path

from bench import same_results

REPO = Path(__file__).resolve().parents[1]


def test_a_moved_hit_is_reported(
    corpus_index_dir: Path, tmp_path: Path, capsys
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    missing = tmp_path / "none"  # no LiveQA, no generated sets
    code = same_results.dump(
        corpus_index_dir, old, REPO / "corpus", missing, 20, missing
    )
    assert code == 0
    pages = json.loads(old.read_text())
    assert any(len(p[3]) > 1 for p in pages)
    assert same_results.compare(old, old) == 0
    moved = next(p for p in pages if len(p[3]) > 1)
    moved[3][0], moved[3][1] = moved[3][1], moved[3][0]
    new.write_text(json.dumps(pages))
    assert same_results.compare(old, new) == 1
    assert "1 differ" in capsys.readouterr().out
