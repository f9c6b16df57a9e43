"""The ``medsearch`` commands, through click's CliRunner and as real processes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from indexer.cli import main as indexer_main
from indexer.store import IndexStore
from webapp.cli import cli
from webapp.cli import main as medsearch_main

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
MARKUP_ENTRY = REPO / "tests" / "data" / "markup-test-entry.txt"
SAMPLE = ["liver-metastases", "gout", "radiofrequency-ablation", "markup-test-entry"]

FROSTBITE = """Frostbite

  • Alternative Names
    • Cold injury; Frostnip

  • Definition
    • Frostbite is frozen skin and tissue caused by extreme cold.

  • Treatment
    • Rewarm the area slowly in warm water.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with three sample entries from corpus/ and the markup entry."""
    folder = tmp_path / "entries"
    folder.mkdir()
    for name in SAMPLE:
        source = MARKUP_ENTRY if name == MARKUP_ENTRY.stem else CORPUS / f"{name}.txt"
        shutil.copy(source, folder)
    return folder


@pytest.fixture
def built(runner: CliRunner, files: Path, tmp_path: Path) -> Path:
    """An index of ``files``, built with ``medsearch index``."""
    index_dir = tmp_path / "index"
    result = run(runner, "index", str(files), "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    return index_dir


def run(runner: CliRunner, *args: str, **kwargs) -> Result:
    return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)


def report(runner: CliRunner, folder: Path, index_dir: Path) -> dict:
    result = run(runner, "index", str(folder), "--index-dir", str(index_dir), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def search_json(runner: CliRunner, index_dir: Path, query: str, *args: str) -> dict:
    result = run(
        runner, "search", query, "--json", "--index-dir", str(index_dir), *args
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def found_ids(runner: CliRunner, index_dir: Path, query: str) -> list[str]:
    data = search_json(runner, index_dir, query)
    return [r["entry_id"] for r in data["results"]]


def test_index_then_search(runner, files, tmp_path):
    index_dir = tmp_path / "index"
    result = run(runner, "index", str(files), "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    assert "4 added" in result.stdout
    assert "Indexed 4 entries" in result.stdout
    result = run(runner, "search", "microwave ablation", "--index-dir", str(index_dir))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines.pop(0) == "Also searched: microwave ablation as MWA."
    assert lines[0].startswith("1. Liver metastases — Treatment  [liver-metastases_Sec")
    assert "microwave" in lines[1].lower()
    assert "<mark" not in result.stdout  # snippets are plain text here
    assert re.search(r"^\d+ results? in .* ms \(page 1 of 1\)\.$", lines[-1])


def test_search_prints_markup_as_text(runner, built):
    result = run(runner, "search", "script", "--index-dir", str(built))
    assert "<script>" in result.stdout  # the entry's own text, unescaped
    assert "&lt;" not in result.stdout
    assert "<mark" not in result.stdout


def test_search_says_what_it_corrected_or_offers(runner, built):
    # The page's "showing results for" and "did you mean", as lines.
    result = run(runner, "search", "microwave ablaton", "--index-dir", str(built))
    assert result.stdout.splitlines()[0] == "Did you mean 'microwave ablation'?"
    result = run(runner, "search", "ablaton", "--index-dir", str(built))
    assert result.stdout.splitlines()[0] == "Showing results for 'ablation'."


def test_search_says_what_else_it_searched(runner, built):
    # The page's "Also searched", as a line: `metastatic liver cancer` is
    # searched as the entry's title and the curated group's names too.
    expanded = search_json(runner, built, "metastatic liver cancer")["expanded"]
    names = expanded["metastatic liver cancer"]
    assert "Liver metastases" in names
    result = run(runner, "search", "metastatic liver cancer", "--index-dir", str(built))
    line = f"Also searched: metastatic liver cancer as {', '.join(names)}."
    assert result.stdout.splitlines()[0] == line


def test_search_without_results(runner, built):
    result = run(runner, "search", "zebrafish", "--index-dir", str(built))
    assert result.exit_code == 0
    assert "No sections match 'zebrafish'." in result.stdout


@pytest.mark.parametrize(
    ("query", "args", "params"),
    [
        ("microwave ablation", [], {}),
        ("liver", ["--limit", "5"], {"per_page": 5}),
        ("liver", ["--limit", "5", "--page", "2"], {"per_page": 5, "page": 2}),
        ("liver", ["--section", "Treatment"], {"section": "Treatment"}),
        ("Ménière <script>", [], {}),
        ("gout", ["--per-entry", "auto"], {"per_entry": "auto"}),
        ("gout", ["--per-entry", "1"], {"per_entry": 1}),
    ],
)
def test_search_json_is_the_api_object(
    runner, corpus_index_dir, corpus_client, query, args, params
):
    cli_data = search_json(runner, corpus_index_dir, query, *args)
    response = corpus_client.get("/api/search", query_string={"q": query, **params})
    api_data = response.get_json()
    cli_data.pop("took_ms")
    api_data.pop("took_ms")
    assert cli_data == api_data


def test_limit(runner, corpus_index_dir):
    result = run(
        runner, "search", "liver", "--limit", "3", "--index-dir", str(corpus_index_dir)
    )
    numbered = [
        line for line in result.stdout.splitlines() if re.match(r"\d+\. ", line)
    ]
    assert [line.split(".")[0] for line in numbered] == ["1", "2", "3"]
    data = search_json(runner, corpus_index_dir, "liver", "--limit", "3")
    assert len(data["results"]) == 3


def test_page_numbers_continue(runner, corpus_index_dir):
    result = run(
        runner,
        "search",
        "liver",
        "--limit",
        "3",
        "--page",
        "2",
        "--index-dir",
        str(corpus_index_dir),
    )
    numbered = [
        line for line in result.stdout.splitlines() if re.match(r"\d+\. ", line)
    ]
    assert [line.split(".")[0] for line in numbered] == ["4", "5", "6"]
    assert "(page 2 of" in result.stdout


@pytest.mark.parametrize("limit", ["0", "51", "x"])
def test_bad_limit_is_a_usage_error(runner, corpus_index_dir, limit):
    result = runner.invoke(
        cli, ["search", "liver", "--limit", limit, "--index-dir", str(corpus_index_dir)]
    )
    assert result.exit_code == 2
    assert "--limit" in result.output


def test_section_option(runner, corpus_index_dir):
    result = run(
        runner,
        "search",
        "liver",
        "--section",
        "Treatment",
        "--index-dir",
        str(corpus_index_dir),
    )
    headings = [
        line for line in result.stdout.splitlines() if re.match(r"\d+\. ", line)
    ]
    assert len(headings) >= 3
    assert all(" — Treatment  [" in line for line in headings)


def test_index_dir_from_environment(runner, files, tmp_path):
    index_dir = tmp_path / "from-env"
    env = {"MEDSEARCH_INDEX_DIR": str(index_dir)}
    result = run(runner, "index", str(files), env=env)
    assert result.exit_code == 0, result.output
    assert (index_dir / "CURRENT").is_file()
    result = run(runner, "search", "microwave ablation", "--json", env=env)
    assert json.loads(result.stdout)["results"][0]["entry_id"] == "liver-metastases"


def test_index_dir_option_beats_environment(runner, built, tmp_path):
    env = {"MEDSEARCH_INDEX_DIR": str(tmp_path / "elsewhere")}
    result = run(runner, "search", "gout", "--json", "--index-dir", str(built), env=env)
    assert json.loads(result.stdout)["results"][0]["entry_id"] == "gout"


def test_search_without_index_names_the_command(tmp_path):
    missing = tmp_path / "no-index"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "indexer",
            "search",
            "gout",
            "--index-dir",
            str(missing),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stdout == ""
    assert "medsearch index" in out.stderr
    assert str(missing) in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("main", [indexer_main, medsearch_main])
def test_main_turns_errors_into_a_message(main, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(
        sys, "argv", ["medsearch", "search", "gout", "--index-dir", str(tmp_path)]
    )
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: No search index in")
    assert "medsearch index" in err


def test_main_reports_usage_errors(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["medsearch", "search"])
    with pytest.raises(SystemExit) as info:
        medsearch_main()
    assert info.value.code == 2
    assert "QUERY" in capsys.readouterr().err


def test_main_exits_zero_on_success(monkeypatch, capsys, corpus_index_dir):
    argv = ["medsearch", "search", "gout", "--index-dir", str(corpus_index_dir)]
    monkeypatch.setattr(sys, "argv", argv)
    try:
        medsearch_main()
    except SystemExit as exc:  # click may exit 0 explicitly
        assert exc.code in (0, None)
    assert "Gout" in capsys.readouterr().out


def test_remove_unknown_entry_is_an_error(built, monkeypatch, capsys):
    argv = ["medsearch", "remove", "no-such-entry", "--index-dir", str(built)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as info:
        medsearch_main()
    assert info.value.code == 1
    assert "no-such-entry" in capsys.readouterr().err


def test_serve_is_a_medsearch_command(runner):
    result = run(runner, "--help")
    for command in ("index", "add", "remove", "search", "serve"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert re.search(r"\d+\.\d+", result.stdout)


# -- writing -------------------------------------------------------------------


def test_add_then_search_finds_it(runner, built, tmp_path):
    assert found_ids(runner, built, "frostnip") == []
    path = tmp_path / "frostbite.txt"
    path.write_text(FROSTBITE, encoding="utf-8")
    result = run(runner, "add", str(path), "--index-dir", str(built))
    assert result.exit_code == 0, result.output
    assert "Added 1, replaced 0 (2 sections)" in result.stdout
    assert found_ids(runner, built, "frostnip") == ["frostbite", "frostbite"]
    assert found_ids(runner, built, "warm water")[:1] == ["frostbite"]


def test_add_replaces_an_entry_with_the_same_id(runner, built, tmp_path):
    path = tmp_path / "gout.txt"
    path.write_text("Gout\n\n  • Definition\n    • Urate crystals.\n", encoding="utf-8")
    result = run(runner, "add", str(path), "--index-dir", str(built))
    assert "Added 0, replaced 1" in result.stdout
    assert found_ids(runner, built, "urate") == ["gout"]
    assert "gout" not in found_ids(runner, built, "needle-shaped")


def test_add_bad_file_changes_nothing(runner, built, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("  indented title\n", encoding="utf-8")
    result = runner.invoke(cli, ["add", str(path), "--index-dir", str(built)])
    assert result.exit_code == 1
    assert f"{path}:1:" in result.stderr
    assert "nothing was changed" in result.stderr


def test_remove(runner, built):
    assert found_ids(runner, built, "gout")[:1] == ["gout"]
    result = run(runner, "remove", "gout", "--index-dir", str(built))
    assert result.exit_code == 0
    assert "Removed 1 entry in" in result.stdout
    assert "gout" not in found_ids(runner, built, "gout")
    assert found_ids(runner, built, "microwave ablation")[:1] == ["liver-metastases"]


def test_reindex_reports_unchanged_files(runner, files, built):
    data = report(runner, files, built)
    assert (data["added"], data["changed"], data["removed"]) == (0, 0, 0)
    assert data["unchanged"] == 4
    result = run(runner, "index", str(files), "--index-dir", str(built))
    assert "0 added, 0 changed, 0 removed, 4 unchanged, 0 skipped" in result.stdout


def test_reindex_rereads_an_edited_file(runner, files, built):
    path = files / "gout.txt"
    text = path.read_text(encoding="utf-8")
    assert "needle-shaped" in text
    path.write_text(text.replace("needle-shaped", "zebra-striped"), encoding="utf-8")
    data = report(runner, files, built)
    assert (data["added"], data["changed"], data["removed"]) == (0, 1, 0)
    assert data["unchanged"] == 3
    assert found_ids(runner, built, "zebra-striped") == ["gout"]
    assert found_ids(runner, built, '"needle-shaped crystals"') == []


def test_reindex_removes_a_deleted_file(runner, files, built):
    (files / "gout.txt").unlink()
    data = report(runner, files, built)
    assert (data["added"], data["changed"], data["removed"]) == (0, 0, 1)
    assert data["unchanged"] == 3
    assert "gout" not in found_ids(runner, built, "gout")


def test_reindex_adds_a_new_file(runner, files, built):
    (files / "frostbite.txt").write_text(FROSTBITE, encoding="utf-8")
    data = report(runner, files, built)
    assert (data["added"], data["changed"], data["removed"]) == (1, 0, 0)
    assert found_ids(runner, built, "frostnip") == ["frostbite", "frostbite"]


def test_bad_file_is_reported_and_the_rest_indexed(runner, files, tmp_path):
    bad = files / "broken.txt"
    bad.write_text("Broken\n\n  • Definition\n  not indented\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    result = run(runner, "index", str(files), "--index-dir", str(index_dir))
    assert result.exit_code == 0
    assert f"skipped {bad}:4: " in result.stderr
    assert "indented deeper" in result.stderr
    assert "4 added" in result.stdout
    assert "1 skipped" in result.stdout
    found = found_ids(runner, index_dir, "microwave ablation")
    assert found[:1] == ["liver-metastases"]


def test_bad_file_on_reindex_keeps_the_rest(runner, files, built):
    (files / "broken.txt").write_bytes(b"Broken\n\n  \xff\n")
    data = report(runner, files, built)
    assert len(data["skipped"]) == 1
    assert data["skipped"][0].startswith(f"{files / 'broken.txt'}:3: ")
    assert data["unchanged"] == 4


def test_only_bad_files_fail_the_command(runner, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(
        cli, ["index", str(folder), "--index-dir", str(tmp_path / "index")]
    )
    assert result.exit_code == 1
    assert f"{folder / 'empty.txt'}:1:" in result.stderr
    # With no index before, none is made: an empty one would be served.
    assert "No index was made" in result.stderr
    assert not IndexStore(tmp_path / "index").exists()
    assert not list((tmp_path / "index").glob("gen-*"))


def test_a_rebuild_from_files_none_can_read_keeps_the_index(runner, tmp_path):
    folder = tmp_path / "files"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("thesaurus.txt"))
    index = str(tmp_path / "index")
    run(runner, "index", str(folder), "--index-dir", index)
    before = run(runner, "search", "liver", "--json", "--index-dir", index)
    for path in folder.glob("*.txt"):
        path.write_text("junk\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["index", "--rebuild", str(folder), "--index-dir", index]
    )
    assert result.exit_code == 1
    assert "The index was left as it was" in result.stderr
    after = run(runner, "search", "liver", "--json", "--index-dir", index)
    assert json.loads(after.output)["results"] == json.loads(before.output)["results"]


def test_index_missing_path_is_reported(runner, tmp_path):
    missing = tmp_path / "nowhere"
    result = runner.invoke(
        cli, ["index", str(missing), "--index-dir", str(tmp_path / "index")]
    )
    assert result.exit_code == 1
    assert f"No such file or folder: {missing}" in result.stderr
    assert not (tmp_path / "index").exists()  # no empty index to serve


def test_index_missing_path_leaves_an_index_as_it_was(runner, built, tmp_path):
    before = run(runner, "search", "liver", "--json", "--index-dir", str(built))
    missing = tmp_path / "nowhere"
    result = runner.invoke(cli, ["index", str(missing), "--index-dir", str(built)])
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    after = run(runner, "search", "liver", "--json", "--index-dir", str(built))
    assert json.loads(after.output)["results"] == json.loads(before.output)["results"]


def test_serve_refuses_a_merge_pause_that_is_no_number(runner, built, monkeypatch):
    monkeypatch.setenv("MEDSEARCH_MERGE_IDLE", "soon")
    result = run(runner, "serve", "--index-dir", str(built), "--port", "0")
    assert result.exit_code == 1
    assert "MEDSEARCH_MERGE_IDLE" in result.output
