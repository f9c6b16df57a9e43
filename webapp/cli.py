"""The ``medsearch`` console script: the indexer's commands plus ``serve``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from indexer.build import rebuild
from indexer.cli import (
    _print_report,
    cli,
    default_corpus,
    default_procs,
    index_dir_option,
)
from indexer.cli import main as run_cli
from indexer.corpus import THESAURUS_FILE
from indexer.store import IndexStore


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; each opens the index once.",
)
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per worker; few, as they share one interpreter lock.",
)
@click.option(
    "--max-requests",
    default=0,
    show_default=True,
    type=click.IntRange(0, 10_000_000),
    help="Restart a worker after about this many requests, which bounds its "
    "memory (0: never).",
)
@index_dir_option
def serve_command(
    host: str,
    port: int,
    workers: int,
    threads: int,
    max_requests: int,
    index_dir: Path,
) -> None:
    """Serve the web app: gunicorn behind a buffering front; builds the index
    from corpus/ if none."""
    from . import merge_idle

    try:  # said here, not in a worker's traceback
        merge_idle(os.environ.get("MEDSEARCH_MERGE_IDLE"))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    store = IndexStore(index_dir)
    if not store.exists():
        click.echo(f"No index in {index_dir}; building it from {default_corpus()} ...")
        corpus = default_corpus()
        report = rebuild(
            store, [corpus], thesaurus=corpus / THESAURUS_FILE, procs=default_procs()
        )
        _print_report(report, as_json=False)
    os.environ["MEDSEARCH_INDEX_DIR"] = str(index_dir)
    from .server import run

    def ready(bound_host: str, bound_port: int) -> None:
        click.echo(
            f"Serving on http://{bound_host}:{bound_port}/ with {workers} worker(s)."
        )

    run(
        host=host,
        port=port,
        workers=workers,
        threads=threads,
        index_dir=str(index_dir),
        max_requests=max_requests,
        on_ready=ready,
    )


def main() -> None:
    run_cli(cli)
