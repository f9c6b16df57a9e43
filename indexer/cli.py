"""The ``medsearch`` commands that need no web server (``serve`` lives in webapp).

Kept thin: each command reads its arguments, calls one indexer function and
prints the result. Domain errors become a one-line message and exit code 1.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from .build import IndexReport, optimize, rebuild, sync
from .corpus import THESAURUS_FILE
from .errors import IndexerError, NothingIndexed, ParseError
from .names import find_thesaurus
from .request import AUTO, MAX_PER_ENTRY
from .search import SearchService
from .sources import iter_sourced, list_files
from .store import IndexStore, default_index_dir


def default_procs() -> int:
    """Processes for full builds: this machine's cores, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


def default_corpus() -> Path:
    """``./corpus`` if there is one, else the sample corpus beside the package."""
    here = Path.cwd() / "corpus"
    return here if here.is_dir() else Path(__file__).resolve().parents[1] / "corpus"


def thesaurus_for(paths: Sequence[Path]) -> Path | None:
    """The curated thesaurus a build of ``paths`` uses: one among them, else
    the default corpus's (the benchmarks build as ``medsearch index`` does)."""
    return find_thesaurus(paths, default_corpus() / THESAURUS_FILE)


index_dir_option = click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MEDSEARCH_INDEX_DIR",
    default=default_index_dir,
    show_default="$MEDSEARCH_INDEX_DIR or ~/.local/share/medsearch/index",
    help="Folder that holds the search index.",
)


def _progress(files: Iterable[Path]) -> Iterable[Path]:
    """A progress bar on a terminal; silent in logs and CI."""
    from tqdm import tqdm

    files = list(files)
    return tqdm(files, unit="file", disable=None, leave=False, file=sys.stderr)


def _print_report(report: IndexReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
        return
    for error in report.skipped:
        click.echo(f"skipped {error}", err=True)
    for note in report.notes:
        click.echo(note, err=True)
    action = "Built" if report.rebuilt else "Updated"
    click.echo(
        f"{action} index in {report.seconds:.2f} s: {len(report.added)} added, "
        f"{len(report.changed)} changed, {len(report.removed)} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped."
    )
    if report.rebuilt or report.entries:
        click.echo(
            f"Indexed {counted(report.entries, 'entry', 'entries')}, "
            f"{counted(report.sections, 'section')}, {counted(report.names, 'name')}."
        )


@click.group()
@click.version_option(package_name="medsearch")
def cli() -> None:
    """Search medical encyclopedia entries by section."""


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rebuild",
    "full",
    is_flag=True,
    help="Build a fresh index and switch to it atomically.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--procs",
    type=click.IntRange(1, 16),
    default=default_procs,
    show_default="cores, at most 4",
    help="Processes for a full build.",
)
@index_dir_option
def index_command(
    paths: tuple[Path, ...], full: bool, as_json: bool, procs: int, index_dir: Path
) -> None:
    """Index entry files (text format or MedQuAD XML); default: corpus/.

    On an existing index only changed files are reread, and entries whose
    file is gone are removed.
    """
    store = IndexStore(index_dir)
    paths = paths or (default_corpus(),)
    if not store.exists() and not any(p.exists() for p in paths):
        # A mistyped path: on an existing index it is a folder whose
        # entries are gone (and an index run removes them); with no index,
        # an empty one would be made and served.
        missing = ", ".join(str(p) for p in paths)
        raise click.ClickException(
            f"No such file or folder: {missing}. No index was made."
        )
    thesaurus = thesaurus_for(paths)
    # No bar in logs: then build workers need not report each file either
    # (a message per file was 4-5 % of a 10x build's py-spy samples).
    progress = _progress if sys.stderr.isatty() else None
    try:
        if full:
            report = rebuild(
                store, paths, progress=progress, thesaurus=thesaurus, procs=procs
            )
        else:
            report = sync(
                store, paths, progress=progress, thesaurus=thesaurus, procs=procs
            )
    except NothingIndexed as exc:
        for error in exc.report.skipped:  # why each file could not be read
            click.echo(f"skipped {error}", err=True)
        raise click.ClickException(str(exc)) from exc
    _print_report(report, as_json)
    if report.skipped and not (report.entries or report.unchanged):
        raise SystemExit(1)


@cli.command("add")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@index_dir_option
def add_command(paths: tuple[Path, ...], index_dir: Path) -> None:
    """Add entries from files, replacing entries with the same id."""
    items, errors = [], []
    for item in iter_sourced(list_files(paths)):
        (errors if isinstance(item, ParseError) else items).append(item)
    for error in errors:
        click.echo(f"skipped {error}", err=True)
    if not items:
        raise click.ClickException("No entry could be read; nothing was changed.")
    with SearchService(index_dir) as service:
        report = service.upsert(items)
    click.echo(
        f"Added {len(report.added)}, replaced {len(report.changed)} "
        f"({counted(report.sections, 'section')}) in {report.seconds:.2f} s."
    )


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and its noun, as the pages write it ("1 result", "2 results").

    >>> counted(1, "section"), counted(3, "section"), counted(0, "entry", "entries")
    ('1 section', '3 sections', '0 entries')
    """
    return f"{n} {one if n == 1 else many or one + 's'}"


@cli.command("remove")
@click.argument("entry_ids", nargs=-1, required=True)
@index_dir_option
def remove_command(entry_ids: tuple[str, ...], index_dir: Path) -> None:
    """Remove entries by id."""
    with SearchService(index_dir) as service:
        report = service.remove(entry_ids)
    removed = counted(len(report.removed), "entry", "entries")
    click.echo(f"Removed {removed} in {report.seconds:.2f} s.")


@cli.command("optimize")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@index_dir_option
def optimize_command(as_json: bool, index_dir: Path) -> None:
    """Merge the index's segments into one (the big merge writes leave out).

    Searches keep answering while it runs; writers wait for it.
    """
    report = optimize(IndexStore(index_dir))
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
        return
    click.echo(
        f"Merged {counted(report.segments_before, 'segment')} into "
        f"{report.segments_after} "
        f"({counted(report.deleted_purged, 'deleted document')} dropped) "
        f"in {report.seconds:.2f} s."
    )


class PerEntry(click.ParamType):
    """1 to MAX_PER_ENTRY, or ``auto``."""

    name = "per_entry"

    def convert(self, value, param, ctx):
        if value == AUTO:
            return AUTO
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= MAX_PER_ENTRY:
            self.fail(f"{value!r} is neither 1-{MAX_PER_ENTRY} nor '{AUTO}'.")
        return number


@cli.command("search")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/search object.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 1000))
@click.option("--section", help="Only sections with this name, e.g. Treatment.")
@click.option(
    "--per-entry",
    default=None,
    type=PerEntry(),
    help="Sections of one entry a page may show (1-10). Unset: two, but up "
    "to ten of an entry the query names; 'auto': that, and all the strong "
    "sections of an entry that clearly leads.",
)
@index_dir_option
def search_command(
    query: str,
    as_json: bool,
    limit: int,
    page: int,
    section: str | None,
    per_entry: int | str | None,
    index_dir: Path,
) -> None:
    """Print the sections that best match QUERY."""
    # Results are plain dataclasses, so the index can be closed right away.
    with SearchService(index_dir) as service:
        results = service.search(
            query, page=page, per_page=limit, section=section, per_entry=per_entry
        )
    if as_json:
        click.echo(json.dumps(results.to_json(), indent=2, ensure_ascii=False))
        return
    from markupsafe import Markup

    if results.showing:
        click.echo(f"Showing results for {results.showing!r}.")
    elif results.did_you_mean:
        click.echo(f"Did you mean {results.did_you_mean!r}?")
    if results.expansions:
        # As the results page says it.
        read = "; ".join(
            f"{name} as {', '.join(others)}"
            for name, others in results.expansions.items()
        )
        click.echo(f"Also searched: {read}.")
    for named in results.name_only:
        where = f", {named.source_url}" if named.source_url else ""
        click.echo(
            f"Known here by name only: {named.title} "
            f"({named.source_name}{where}) [{named.entry_id}]."
        )
    for notice in results.notices:
        click.echo(notice)
    if not results.results:
        click.echo(f"No sections match {query!r}.")
        return
    start = (page - 1) * limit
    for n, hit in enumerate(results.results, start + 1):
        snippet = Markup(hit.snippet).striptags()
        click.echo(f"{n}. {hit.title} — {hit.section}  [{hit.section_id}]")
        click.echo(f"   {snippet}")
    click.echo(
        f"{counted(results.total, 'result')} in {results.took_ms:.1f} ms "
        f"(page {page} of {results.pages})."
    )


@cli.command("synonyms")
@click.argument("term")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/synonyms object.")
@index_dir_option
def synonyms_command(term: str, as_json: bool, index_dir: Path) -> None:
    """Show the entries known by TERM and all their names."""
    found = SearchService(index_dir).synonyms(term)
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for match in found["matches"]:
        others = [n for n in match["names"] if n != match["title"]]
        held = "" if match["text_available"] else ", text at its source"
        click.echo(f"{match['title']}  [{match['entry_id']}, {match['source']}{held}]")
        click.echo(f"   also: {'; '.join(others) or '(no other names)'}")
        here = [
            f"{o['title']} [{o['entry_id']}, {o['source_name']}]"
            for o in match.get("also_from", ())
        ]
        if here:
            click.echo(f"   text here: {'; '.join(here)}")
        filed = [
            f"{o['title']} [{o['entry_id']}, {o['source_name']}]"
            for o in match.get("filed_under", ())
        ]
        if filed:
            click.echo(f"   filed under: {'; '.join(filed)}")
    for group in found.get("groups", []):
        click.echo(f"Curated synonyms: {'; '.join(group)}")
    if not found["matches"] and not found.get("groups"):
        click.echo(f"No entry is known as {term!r}.")
        if found.get("suggestions"):
            click.echo(f"Did you mean: {', '.join(found['suggestions'])}?")
        raise SystemExit(1)


def main(group: click.Group = cli) -> None:
    """Run ``group``, turning indexer errors into a clean message and exit 1."""
    try:
        group.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        raise SystemExit(1) from None
    except IndexerError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None


@cli.command("eval")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--k",
    "k",
    default=10,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Cut-off: rank this many sections per query.",
)
@index_dir_option
def eval_command(queries: Path, as_json: bool, k: int, index_dir: Path) -> None:
    """Measure ranking quality on judged QUERIES (JSONL): nDCG, MRR, recall.

    Each line: {"qid", "query", "type", "relevant": {id: grade}, "section"?},
    where an id is a section id or an entry id. Needs the 'eval' extra.
    """
    from .evaluation import EvaluationError, evaluate, format_table, load_queries

    try:
        judged = load_queries(queries)
        with SearchService(index_dir) as service:
            report = evaluate(service, judged, k=k)
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(format_table(report))
    click.echo(f"{len(judged)} queries, top {k} sections each, index {index_dir}.")
