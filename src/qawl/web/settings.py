"""The web app's settings: one table of limits, from arguments or ``QAWL_WEB_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from qawl.errors import ConfigError
from qawl.store.base import MAX_PAGE_SIZE, MAX_QUERY_LENGTH


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Limits and access rules of one app. Each field can be set with ``QAWL_WEB_<FIELD>`` (upper case)."""

    #: the archive's URL (``sqlite:///path.db``, a plain path or ``postgresql://…``)
    db_url: str = "qawl.db"
    #: refuse every write (POST /api/articles answers 403)
    read_only: bool = False
    #: when set, writes need ``Authorization: Bearer <token>`` (401 otherwise)
    token: str | None = None
    #: the largest request body accepted, in bytes (413 over it)
    max_body_bytes: int = 2 * 1024 * 1024
    #: the most articles one POST /api/articles may carry
    max_articles_per_request: int = 500
    #: the largest ``per_page`` accepted (422 over it)
    max_per_page: int = 100
    #: results per page when ``per_page`` is not given
    default_per_page: int = 20
    #: the highest page number accepted (keeps offsets bounded)
    max_page: int = 10_000
    #: the longest search query accepted, in characters (422 over it)
    max_query_length: int = MAX_QUERY_LENGTH

    def __post_init__(self) -> None:
        for name in (
            "max_body_bytes",
            "max_articles_per_request",
            "max_per_page",
            "default_per_page",
            "max_page",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1", where="web settings")
        if self.max_per_page > MAX_PAGE_SIZE:
            raise ConfigError(f"max_per_page must be at most {MAX_PAGE_SIZE}", where="web settings")
        if self.default_per_page > self.max_per_page:
            raise ConfigError("default_per_page must not exceed max_per_page", where="web settings")
        if self.token is not None and not self.token.strip():
            raise ConfigError("the API token must not be blank", where="web settings")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **given: object) -> WebSettings:
        """Settings from ``QAWL_WEB_*`` variables, overridden by the non-``None`` keyword arguments.

        ``QAWL_WEB_MAX_BODY_BYTES=1048576`` → ``max_body_bytes=1048576``; ``QAWL_WEB_READ_ONLY=1`` → True.
        """
        env = dict(os.environ) if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"QAWL_WEB_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _parse(f.name, raw, f.type)
        values.update({k: v for k, v in given.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]


def _parse(name: str, raw: str, type_name: object) -> object:
    kind = str(type_name)
    if kind == "bool":
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"not a boolean: {raw!r}", where=f"QAWL_WEB_{name.upper()}")
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"not an integer: {raw!r}", where=f"QAWL_WEB_{name.upper()}") from None
    return raw or None if kind == "str | None" else raw
