"""What every site gets once its builder is done, whichever builder it was.

- The sitemap, from the pages built and the briefing's address (`site_url`), written the
  same way for every builder (and compressed with a fixed timestamp, so that builds stay
  byte-identical).
- Variant spellings and other names in the search index (search_terms.py), in the index
  format of the builder. Under MkDocs the briefing plugin has done this already, before
  the offline plugin copied the index.
- A final audit of every page against the allowlists (sanitize.py), where the briefing
  plugin did not run: a page that fails it stops the build before anything is published.
"""

from __future__ import annotations

import gzip
import html
import io
from pathlib import Path
from typing import Any

import yaml

from .builders import BuildError
from .sanitize import THEME_SCRIPTS, audit_document
from .search_terms import add_variants, variant_table

_REDIRECT = 'http-equiv="refresh"'


def finish_site(site: Path, config_file: Path, builder: str) -> None:
    """Finish the site the builder wrote into `site` from `config_file`."""
    config: dict[str, Any] = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    pages = _pages(site)
    if builder != "mkdocs":
        _audit(site, config_file.parent / str(config.get("docs_dir", "docs")))
        extra = config.get("extra") or {}
        table = variant_table(tuple(pair) for pair in extra.get("briefing_spellings") or [])
        add_variants(site, table, extra.get("briefing_aliases"))
    write_sitemap(site, pages, config.get("site_url"), bool(config.get("use_directory_urls")))


def _pages(site: Path) -> list[Path]:
    """The built pages, without the 404 page and the redirects left for renamed ones."""
    pages = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        with page.open("r", encoding="utf-8", errors="replace") as handle:
            if _REDIRECT in handle.read(2048):
                continue
        pages.append(page)
    return pages


def _audit(site: Path, docs: Path) -> None:
    """Audit every HTML file, but the redirects the generator wrote (docs_tree.py), which
    the builder copied unchanged: their refresh is what they are for."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        written = docs / page.relative_to(site)
        if _REDIRECT in text and written.is_file() and written.read_text("utf-8") == text:
            continue
        problems = audit_document(text, THEME_SCRIPTS)
        if problems:
            rel = page.relative_to(site).as_posix()
            raise BuildError(f"{rel}: refusing to publish unsafe HTML: {problems[0]}")


def _location(rel: str, use_directory_urls: bool) -> str:
    if not use_directory_urls:
        return rel
    if rel == "index.html":
        return ""
    return rel.removesuffix("index.html")


def write_sitemap(
    site: Path, pages: list[Path], site_url: str | None, use_directory_urls: bool
) -> None:
    """sitemap.xml and sitemap.xml.gz: every page at the briefing's address. Without an
    address a sitemap can name no page (its addresses must be absolute), so it is empty."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    if site_url:
        base = site_url.rstrip("/") + "/"
        for page in pages:
            rel = _location(page.relative_to(site).as_posix(), use_directory_urls)
            lines.append(f"  <url><loc>{html.escape(base + rel)}</loc></url>")
    lines.append("</urlset>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (site / "sitemap.xml").write_bytes(data)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as compressed:
        compressed.write(data)
    (site / "sitemap.xml.gz").write_bytes(buffer.getvalue())
