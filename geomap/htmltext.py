"""Article text and metadata from an HTML page, with the standard library only.

Keeps the words a reader sees in the article (headings, paragraphs, list
items, captions); drops what is not the article: scripts, styles,
navigation, headers, footers, asides, forms. The title, canonical URL and
publication date come from the page's own metadata (``<title>``,
``og:title``, ``link rel=canonical``, ``og:url``, ``article:published_time``,
``<time datetime>``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlArticle", "extract_article"]

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
     "button", "svg", "iframe", "select", "option"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote",
     "section", "article", "tr", "td", "th", "pre", "dd", "dt", "main"}
)  # fmt: skip
_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr"})


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What an HTML page says: its text and the metadata it declares."""

    text: str
    title: str | None
    url: str | None
    published: dt.date | None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}
        self.time_datetime: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.casefold(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").casefold()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").casefold().split():
            self.meta.setdefault("canonical", values.get("href", ""))
        elif tag == "time" and values.get("datetime") and self.time_datetime is None:
            self.time_datetime = values["datetime"]
        elif tag == "title":
            self.in_title = True
        if tag in _SKIP and tag not in _VOID:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self.parts.append(data)


def _date(value: str | None) -> dt.date | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def extract_article(html: str) -> HtmlArticle:
    """The article text (paragraphs on their own lines) and its metadata.

    >>> a = extract_article('<html><head><title>Rockets</title></head><body><nav>Home</nav>'
    ...                     '<p>Rockets hit Mosul.</p><script>x()</script></body></html>')
    >>> (a.text, a.title)
    ('Rockets hit Mosul.', 'Rockets')
    """
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    text = "\n".join(line for line in lines if line)
    meta = parser.meta
    title = meta.get("og:title") or parser.title.strip() or None
    url = meta.get("canonical") or meta.get("og:url") or None
    published = _date(meta.get("article:published_time")) or _date(parser.time_datetime)
    return HtmlArticle(text, title, url, published)
