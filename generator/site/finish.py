"""What every site gets once its builder is done, whichever builder it was.

- The sitemap, from the pages built and the briefing's address (`site_url`), written the
  same way for every builder (and compressed with a fixed timestamp, so that builds stay
  byte-identical).
- Variant spellings and other names in the search index (search_terms.py), in the index
  format of the builder. Under MkDocs the briefing plugin has done this already, before
  the offline plugin copied the index.
- A final audit of every file a browser would run or render (audit.py): pages, images,
  the search indexes, stylesheets and scripts, under either builder. A file that fails
  it stops the build before anything is published.
"""

from __future__ import annotations

import gzip
import html
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from generator.markdown.audit import audit_site
from generator.site.builders import BuildError
from generator.site.search_terms import add_variants, variant_table

_REDIRECT = 'http-equiv="refresh"'


def finish_site(site: Path, config_file: Path, builder: str, nested: Iterable[str] = ()) -> None:
    """Finish the site the builder wrote into `site` from `config_file`.

    `nested` names the folders of it that hold sites of their own (the translations),
    finished already: they are left out of this one's audit and sitemap.
    """
    config: dict[str, Any] = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    redirects = _redirects(site, config_file.parent / str(config.get("docs_dir", "docs")))
    own = {p for folder in nested for p in (site / folder).rglob("*")}
    pages = [p for p in sorted(site.rglob("*.html")) if p not in redirects and p not in own]
    extra = config.get("extra") or {}
    if builder != "mkdocs":
        table = variant_table(tuple(pair) for pair in extra.get("briefing_spellings") or [])
        add_variants(site, table, extra.get("briefing_aliases"))
    base = urlsplit(str(config.get("site_url") or "/")).path
    _audit(site, redirects | own, extra.get("briefing_scripts") or [], base)
    listed = [p for p in pages if p != site / "404.html"]
    languages = [(str(a["lang"]), str(a["link"])) for a in extra.get("briefing_languages") or []]
    write_sitemap(
        site, listed, config.get("site_url"), bool(config.get("use_directory_urls")), languages
    )


def _redirects(site: Path, docs: Path) -> set[Path]:
    """The redirects the generator wrote into the docs folder (site/tree.py), as the
    builder copied them: unchanged. They are no pages, and their refresh is their job."""
    found = set()
    for written in docs.rglob("*.html"):
        built = site / written.relative_to(docs)
        text = written.read_bytes()
        if _REDIRECT.encode() in text and built.is_file() and built.read_bytes() == text:
            found.add(built)
    return found


def _audit(site: Path, redirects: set[Path], scripts: list[str], base: str) -> None:
    """Audit every file of the site a browser would run or render (audit.audit_site),
    whichever builder made it: one problem stops the build before anything is published."""
    problems = audit_site(site, redirects, scripts, base)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BuildError(f"refusing to publish: {problems[0]}{more}")


def _location(rel: str, use_directory_urls: bool) -> str:
    if not use_directory_urls:
        return rel
    if rel == "index.html":
        return ""
    return rel.removesuffix("index.html")


def write_sitemap(
    site: Path,
    pages: list[Path],
    site_url: str | None,
    use_directory_urls: bool,
    languages: Sequence[tuple[str, str]] = (),
) -> None:
    """sitemap.xml and sitemap.xml.gz: every page at the briefing's address, and, for a
    briefing in several languages, the same page in each (`languages`: tag and the
    language's root relative to this site's, as the language menu has them: the
    hreflang annotations search engines read). Without an address a sitemap can name no
    page (its addresses must be absolute), so it is empty."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        + (' xmlns:xhtml="http://www.w3.org/1999/xhtml">' if languages else ">"),
    ]
    if site_url:
        base = site_url.rstrip("/") + "/"
        for page in pages:
            rel = _location(page.relative_to(site).as_posix(), use_directory_urls)
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang="{html.escape(tag)}" '
                f'href="{html.escape(urljoin(urljoin(base, link), rel))}"/>'
                for tag, link in languages
            )
            lines.append(f"  <url><loc>{html.escape(base + rel)}</loc>{alternates}</url>")
    lines.append("</urlset>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (site / "sitemap.xml").write_bytes(data)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as compressed:
        compressed.write(data)
    (site / "sitemap.xml.gz").write_bytes(buffer.getvalue())
