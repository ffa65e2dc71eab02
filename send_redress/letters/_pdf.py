"""The letter as an accessible PDF: WeasyPrint, tagged PDF/UA-1, DejaVu Sans embedded.

The font comes from Debian's fonts-dejavu-core (the Makefile installs it). WeasyPrint may only
read those font files: every other URL is refused, so nothing in a letter can make it read a
file or call the network. WeasyPrint is imported on first use only (about half a second).
"""

from __future__ import annotations

import atexit
import functools
import os
import threading
from pathlib import Path
from typing import Any

from send_redress.letters._html import letter_document_html, notes_document_html
from send_redress.letters._model import Letter

__all__ = ["FONT_DIR", "FontMissing", "notes_to_pdf", "to_pdf"]

FONT_DIR = Path(os.environ.get("SEND_REDRESS_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
_FONTS = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


class FontMissing(RuntimeError):
    """The letter font is not installed."""


def _font_urls() -> dict[str, str]:
    urls = {}
    for weight, name in _FONTS.items():
        path = FONT_DIR / name
        if not path.is_file():
            raise FontMissing(
                f"{path} is missing: install Debian's fonts-dejavu-core (make install does), "
                "or set SEND_REDRESS_FONT_DIR to a folder with DejaVuSans.ttf and "
                "DejaVuSans-Bold.ttf"
            )
        urls[weight] = path.as_uri()
    return urls


@functools.cache
def _css() -> str:
    urls = _font_urls()
    faces = "".join(
        f'@font-face{{font-family:"Letter Sans";src:url("{url}");font-weight:{weight}}}'
        for weight, url in urls.items()
    )
    return faces + (
        "@page{size:A4;margin:2cm 2.2cm 2.4cm 2.2cm;"
        '@bottom-right{content:"Page " counter(page) " of " counter(pages);'
        'font-family:"Letter Sans";font-size:9pt;color:#505a5f}}'
        'html{font-family:"Letter Sans","DejaVu Sans",sans-serif;font-size:11.5pt;'
        "line-height:1.45;color:#0b0c0c}"
        "body{margin:0;overflow-wrap:anywhere}"
        "h1{font-size:15pt;margin:1.1em 0 .5em;line-height:1.25}"
        "h2{font-size:12.5pt;margin:1.1em 0 .35em;line-height:1.25;break-after:avoid}"
        "p{margin:0 0 .7em;orphans:2;widows:2}"
        ".signoff{break-inside:avoid;page-break-inside:avoid}"
        "ul,ol{margin:0 0 .8em;padding-left:1.4em}"
        "li{margin:0 0 .3em}"
        ".lines{margin:0 0 1.1em}"
        "section h1{margin-top:0}"
        ".warning{border:3pt solid #d4351c;padding:8pt 10pt;margin:0 0 1em;font-weight:bold}"
    )


@functools.cache
def _font_bytes(url: str) -> bytes:
    return Path(url.removeprefix("file://")).read_bytes()


@functools.cache
def _weasy() -> tuple[Any, Any, Any]:
    """WeasyPrint's HTML class, one FontConfiguration for the process (it keeps the fonts it
    has loaded) and a URL fetcher that serves the two font files and refuses everything else."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = set(_font_urls().values())

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"letters load no resources: refused {url[:80]!r}")
            return URLFetcherResponse(url, body=_font_bytes(url))

    # The configuration copies the fonts into a temporary folder that it removes when it is
    # deleted; delete it at exit, while the modules it needs are still there.
    atexit.register(_weasy.cache_clear)
    return HTML, FontConfiguration(), FontsOnly(timeout=1)


# WeasyPrint and Fontconfig are not documented as thread-safe: one PDF at a time per process.
_LOCK = threading.Lock()


def to_pdf(letter: Letter) -> bytes:
    """The letter only, as PDF bytes: PDF/UA-1 (tagged, with a title and language), fonts
    embedded."""
    return _pdf(letter_document_html(letter, _css()))


def notes_to_pdf(letter: Letter) -> bytes:
    """The notes for the sender as a PDF of their own."""
    return _pdf(notes_document_html(letter, _css()))


def _pdf(source: str) -> bytes:
    html_class, font_config, fetcher = _weasy()
    with _LOCK:
        document = html_class(string=source, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", font_config=font_config)
    return pdf
