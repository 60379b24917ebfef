"""The archive's web app: server-rendered Arabic UI, JSON API under /api/, OpenAPI docs at /docs.

    app = create_app("sqlite:///news.db", read_only=True)      # an ASGI app for any server
    serve("news.db", "127.0.0.1", 8000, read_only=False, token=None)   # `qawl serve`

The app opens the store once at start-up and shares it across requests (the store serialises access).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from qawl import __version__, archive
from qawl.store.base import Store
from qawl.web import api, pages
from qawl.web.arabic import KIND_AR, TYPE_AR, count, iso_date
from qawl.web.errors import install_error_handlers
from qawl.web.middleware import BodySizeLimit, SecurityHeaders
from qawl.web.queries import KINDS
from qawl.web.settings import WebSettings

_STATIC = Path(__file__).resolve().parent / "static"


def _num(value: object) -> str:
    """Counts with Western digits and a thousands separator: ``12345`` → ``12,345``."""
    return f"{value:,}" if isinstance(value, int) else str(value)


def make_templates() -> Jinja2Templates:
    # autoescape for every template: article text is untrusted and is never marked safe
    env = Environment(
        loader=PackageLoader("qawl.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.filters["count"] = count
    env.filters["iso_date"] = iso_date
    env.globals.update(KIND_AR=KIND_AR, TYPE_AR=TYPE_AR, KINDS=KINDS)
    return Jinja2Templates(env=env)


def build_app(settings: WebSettings, store: Store | None = None) -> FastAPI:
    """The app for ``settings``. With ``store`` given, the app uses it and leaves it open (tests);
    otherwise it opens ``settings.db_url`` at start-up and closes it at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            yield
            return
        opened = archive.open_archive(settings.db_url, read_only=settings.read_only)
        app.state.store = opened
        try:
            yield
        finally:
            opened.close()

    app = FastAPI(
        title="qawl archive API",
        version=__version__,
        description=(
            "Who said what in Arabic news: search statements (Arabic-folded), read articles with their "
            "statements' offsets, list speakers, ingest articles. Every error answers "
            '`{"error": {"code", "message", "status"}}`.'
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = make_templates()
    if store is not None:
        app.state.store = store
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    # outermost first: the size limit refuses a body before anything reads it
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


def create_app(
    db_url: str, read_only: bool = False, token: str | None = None, settings: WebSettings | None = None
) -> FastAPI:
    """The app over the archive at ``db_url``. Limits come from ``settings`` (default: ``QAWL_WEB_*``
    environment variables); ``read_only`` and ``token`` override them."""
    base = settings or WebSettings.from_env()
    final = replace(
        base,
        db_url=db_url,
        read_only=read_only or base.read_only,
        token=token if token is not None else base.token,
    )
    return build_app(final)


def serve(db_url: str, host: str, port: int, read_only: bool, token: str | None) -> None:
    """Run the app with uvicorn (``qawl serve``). The token may also come from ``QAWL_API_TOKEN``, which
    keeps it out of the process list."""
    import uvicorn

    token = token or os.environ.get("QAWL_API_TOKEN") or None
    app = create_app(db_url, read_only=read_only, token=token)
    uvicorn.run(app, host=host, port=port, proxy_headers=False, server_header=False)
