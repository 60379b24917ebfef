"""HTML pages → Article: trafilatura's main text and metadata. Offline: never given a URL to fetch."""

from __future__ import annotations

import trafilatura
from trafilatura.settings import Document

from qawl.errors import InputError
from qawl.model import Article
from qawl.readers.encoding import looks_binary


def html_article(
    data: bytes | str, *, id: str, where: str, path: str | None = None, url: str | None = None
) -> Article:
    """The article in an HTML page: ``text`` is title + blank line + body (the title once, not twice).

    ``url`` (e.g. a WARC record's target) wins over the page's canonical link. Raises ``InputError``
    naming ``where`` when the page is empty, binary or has no main text.
    """
    if not data or (isinstance(data, str) and not data.strip()):
        raise InputError("empty file", where=where)
    if isinstance(data, bytes) and looks_binary(data):
        raise InputError("binary file", where=where)
    # url is only a hint for relative links and the metadata; trafilatura never fetches in bare_extraction
    doc = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    body = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or not body:
        raise InputError("no article text found in the HTML page", where=where)
    title = (doc.title or "").strip() or None
    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    return Article(
        text=text,
        id=id,
        title=title,
        date=doc.date or None,
        url=url or doc.url or None,
        source=doc.sitename or None,
        author=doc.author or None,
        path=path,
    )
