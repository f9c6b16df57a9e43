"""Run the app under gunicorn (a production WSGI server), configured in code."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from . import create_app


class _Server(BaseApplication):
    def __init__(self, options: dict, index_dir: str) -> None:
        self.options = options
        self.index_dir = index_dir
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app, so each opens the index once.
        return create_app({"INDEX_DIR": self.index_dir})


def run(*, host: str, port: int, workers: int, threads: int, index_dir: str) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # Bodies are capped by Flask (MAX_CONTENT_LENGTH); cap headers here.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
    }
    _Server(options, index_dir).run()
