"""The offline PDF, read back with pypdf: structure, links, metadata, tags, determinism.

The document under test is the synthetic briefing's (conftest.synthetic_site).
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, BuiltSite
from helpers import MINI, run_cli
from pypdf import PdfReader

from generator.content.validate import Validation
from generator.model.entries import display_title
from generator.model.matrix import matrix_axes
from generator.pdf import edition as pdf
from generator.pdf import pagenumbers
from generator.pdf.edition import _make_fetcher, html_to_pdf, render_pdf_html
from generator.pdf.engine import internals_allowed
from generator.pdf.tuning import STREAM_COMPRESSION_LEVEL, tuned_weasyprint
from generator.project.layout import PACKAGE_TEMPLATES, Project


@pytest.fixture(scope="session")
def shipped(synthetic_site: BuiltSite) -> Validation:
    """The briefing under test (named as it was when the shipped one was)."""
    return synthetic_site.validation


@pytest.fixture(scope="session")
def print_html(synthetic_site: BuiltSite) -> str:
    return render_pdf_html(Project(synthetic_site.root), synthetic_site.validation.linked)


@pytest.fixture(scope="session")
def shipped_pdf(print_html: str) -> bytes:
    return html_to_pdf(print_html)


@pytest.fixture(scope="session")
def reader(shipped_pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(shipped_pdf))


def _squash(text: str) -> str:
    """Text without whitespace or ligatures, so line breaks do not hide a match."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    entries: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def test_page_count_and_footer(reader: PdfReader) -> None:
    count = len(reader.pages)
    assert 20 <= count <= 120
    last = reader.pages[-1].extract_text()
    assert f"Page {count} of {count}" in last
    assert f"Page 2 of {count}" in reader.pages[1].extract_text()


def test_outline_mirrors_the_sections(reader: PdfReader, shipped: Validation) -> None:
    linked = shipped.linked
    titles = lambda name: sorted(display_title(e, linked) for e in linked.collection(name))  # noqa: E731
    outline = _outline(reader)
    top = [title for depth, title, _ in outline if depth == 0]
    assert top == [
        "Summary and key facts",
        "Agreements",
        "Where the parties stand",
        "Issues",
        "Analysis and reactions",
        "Timeline",
        "Who's who",
        "Bibliography",
        "About this briefing",
    ]
    second = sorted(title for depth, title, _ in outline if depth == 1)
    summary = [title for title in ("Background", "What to watch") if title in second]
    expected = sorted(
        ["The agreement and where it stands", *summary]
        + titles("agreements")
        + titles("issues")
        + titles("assessments")
    )
    assert second == expected
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages)  # the outline follows the document's order
    for _, title, page in outline:
        assert _squash(title) in _squash(reader.pages[page].extract_text()), title


def test_every_actor_and_source_title_is_in_the_text(
    reader: PdfReader, shipped: Validation
) -> None:
    text = _squash("".join(page.extract_text() for page in reader.pages))
    linked = shipped.linked
    for actor in linked.collection("actors"):
        assert _squash(actor.model.name) in text, actor.id
    for source in linked.collection("sources"):
        assert _squash(source.model.title) in text, source.id
        if source.model.url:
            assert _squash(source.model.url) in text, source.id


def test_internal_links_point_to_pages_of_the_document(
    reader: PdfReader, shipped: Validation
) -> None:
    destinations = reader.named_destinations
    page_ids = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                target = destinations[str(annot["/Dest"])]
                assert target.page.idnum in page_ids
                internal += 1
            elif annot.get("/A", {}).get("/S") == "/URI":
                assert str(annot["/A"]["/URI"]).startswith(("http://", "https://"))
                external += 1
    assert internal > 500
    assert external >= sum(1 for s in shipped.linked.collection("sources") if s.model.url)
    for entry_id in shipped.linked.entries:  # every entity is a link target
        assert entry_id in destinations, entry_id


def test_contents_and_cross_references_carry_page_numbers(reader: PdfReader) -> None:
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents
    assert re.search(r"Bibliography\s*\.{3,}\s*\d+", contents)
    body = reader.pages[2].extract_text()
    assert re.search(r"\(p\. \d+\)", body)


def test_the_engine_internals_are_changed_only_when_allowed(shipped_pdf: bytes) -> None:
    """With another WeasyPrint or pydyf, or BRIEFING_PDF_INTERNALS=off, making the PDF
    leaves both packages as shipped (test_pdf_engine.py runs this file that way); with
    the pinned ones, they are changed while a PDF is made."""
    import pydyf

    with tuned_weasyprint():
        tuned = getattr(pydyf.PDF.page_references.fget, "cached", False)
    assert tuned == internals_allowed()


def test_metadata(reader: PdfReader, shipped: Validation) -> None:
    settings = shipped.linked.briefing.settings
    assert settings is not None
    meta = reader.metadata
    assert meta is not None
    assert meta.title == settings.title
    assert meta.author == settings.publisher
    assert meta.subject == settings.description or settings.subtitle or settings.title
    assert meta["/Keywords"] == ", ".join(settings.keywords)
    assert meta["/CreationDate"] == "D:" + settings.as_of.strftime("%Y%m%d")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == settings.language


def test_pdf_is_tagged_for_accessibility(reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_pdf_bytes_are_identical_across_runs(print_html: str, shipped_pdf: bytes) -> None:
    again = html_to_pdf(print_html)
    assert again == shipped_pdf


def test_rendering_never_fetches_remote_urls() -> None:
    import weasyprint

    fetcher = _make_fetcher((PACKAGE_TEMPLATES / "pdf",))
    html = (
        '<p>x</p><img src="https://example.org/x.png">'
        '<link rel="stylesheet" href="http://example.org/a.css">'
    )
    weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    assert sorted(fetcher.refused) == ["http://example.org/a.css", "https://example.org/x.png"]


def test_pdf_command_writes_the_file(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "p"  # a copy: the command keeps a layout cache under the root
    shutil.copytree(MINI, root)
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    status, out = run_cli("pdf", "--root", str(root), "-o", str(target))
    assert status == 0 and out.startswith("wrote ")
    reader = PdfReader(target)
    assert reader.metadata is not None and reader.metadata.title == "Example briefing"
    assert "Vladimir Putin" in "".join(page.extract_text() for page in reader.pages)


def test_build_puts_the_pdf_in_the_site_and_links_it(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    assert run_cli("build", "--root", str(root))[0] == 0
    assert (root / "site" / "briefing.pdf").read_bytes().startswith(b"%PDF-")
    assert 'href="briefing.pdf"' in (root / "site" / "index.html").read_text()
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    assert not (root / "site" / "briefing.pdf").exists()
    assert 'href="briefing.pdf"' not in (root / "site" / "index.html").read_text()


def test_printed_page_references_are_the_real_pages(reader: PdfReader, shipped: Validation) -> None:
    """Every "(p. N)" and contents entry names the page its target is on."""
    destinations = reader.named_destinations
    page_ids = {page.indirect_reference.idnum: index + 1 for index, page in enumerate(reader.pages)}
    page_of = {name: page_ids[dest.page.idnum] for name, dest in destinations.items()}
    # In running text: "<title> (p. N)" for an agreement referenced from the bottom line.
    text = " ".join(page.extract_text() for page in reader.pages[2:4])
    for match in re.finditer(r"\(p\. (\d+)\)", text):
        assert 1 <= int(match.group(1)) <= len(reader.pages)
    contents = reader.pages[1].extract_text()
    for entry in shipped.linked.collection("issues"):
        title = display_title(entry, shipped.linked)
        words = r"\s*".join(re.escape(word) for word in title.split())
        match = re.search(words + r"[^\d]*?\.{3,}\s*(\d+)", contents, re.S)
        assert match, title
        assert int(match.group(1)) == page_of[entry.id], title


def _link_targets(reader: PdfReader) -> list[list[tuple[tuple[float, ...], int]]]:
    """Per page: each internal link's rectangle and the page (from 1) it leads to."""
    destinations = reader.named_destinations
    page_ids = {page.indirect_reference.idnum: index + 1 for index, page in enumerate(reader.pages)}
    links = []
    for page in reader.pages:
        rects = []
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                target = destinations[str(annot["/Dest"])]
                rects.append((tuple(float(v) for v in annot["/Rect"]), page_ids[target.page.idnum]))
        links.append(rects)
    return links


def _check_printed_page_numbers(pdf: bytes, tmp_path: Path) -> dict[str, int]:
    """Read the numbers where they are drawn (poppler), the links with pypdf, and match
    them by position: "(p. N)" in running text, "p. N" in the matrix, and the contents.
    Returns how many of each kind were checked."""
    reader = PdfReader(io.BytesIO(pdf))
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.findall(r"<page [^>]*height=\"([\d.]+)\">(.*?)</page>", bbox, re.S)
    assert len(pages) == len(reader.pages)
    links = _link_targets(reader)
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    checked = {"reference": 0, "matrix": 0, "contents": 0}
    for index, (height, body) in enumerate(pages):
        words = word.findall(body)
        for before, (x0, y0, x1, y1, text) in zip(words, words[1:], strict=False):
            number = re.fullmatch(r"(\d+)\)?[.,;:]?", text)
            if number is None:
                continue
            kind = {"(p.": "reference", "p.": "matrix"}.get(before[4])
            if before[4] == "." and index == 1:
                kind = "contents"
            if kind is None:
                continue
            x, y = (float(x0) + float(x1)) / 2, float(height) - (float(y0) + float(y1)) / 2
            leads_to = [
                page
                for (ax, ay, bx, by), page in links[index]
                if min(ax, bx) <= x <= max(ax, bx) and min(ay, by) <= y <= max(ay, by)
            ]
            assert leads_to, f"page {index + 1}: no link under the number {text!r}"
            assert int(number.group(1)) == leads_to[0], f"page {index + 1}: {before[4]} {text}"
            checked[kind] += 1
    return checked


def test_every_printed_page_number_is_the_page_its_link_leads_to(
    shipped_pdf: bytes, shipped: Validation, tmp_path: Path
) -> None:
    checked = _check_printed_page_numbers(shipped_pdf, tmp_path)
    assert checked["reference"] >= 40 and checked["contents"] >= 15, checked
    # Every row of the matrix carries the page of its issue or agreement.
    assert checked["matrix"] == len(matrix_axes(shipped.linked)[2]), checked


@pytest.mark.internals
def test_numbers_that_outgrow_their_placeholders_are_laid_out_again(
    print_html: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guess one digit for every page number: those past page 9 must not fit, and the
    second layout must give them room."""
    monkeypatch.setattr(pagenumbers, "HTML_CHARS_PER_PAGE", 10**12)
    monkeypatch.setattr(pagenumbers, "MARGIN", 1.0)
    fills: list[dict[str, int] | None] = []
    fill = pagenumbers.fill_page_numbers
    monkeypatch.setattr(pdf, "fill_page_numbers", lambda doc: fills.append(fill(doc)) or fills[-1])
    data = html_to_pdf(print_html)
    assert len(fills) == 2 and fills[0] and fills[1] == {}, fills
    assert _check_printed_page_numbers(data, tmp_path)["reference"] >= 40


def test_target_counter_gives_the_same_numbers_when_the_fast_path_cannot_run(
    print_html: str,
    shipped_pdf: bytes,
    shipped: Validation,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If laid-out boxes ever change shape, WeasyPrint's target-counter() numbers the
    references instead; the document reads the same."""
    monkeypatch.setattr(pdf, "fill_page_numbers", lambda doc: None)
    data = html_to_pdf(print_html)
    checked = _check_printed_page_numbers(data, tmp_path)
    assert checked["reference"] >= 40, checked
    assert checked["matrix"] == len(matrix_axes(shipped.linked)[2]), checked
    assert len(PdfReader(io.BytesIO(data)).pages) == len(PdfReader(io.BytesIO(shipped_pdf)).pages)


def test_a_weasyprint_that_keeps_its_layouts_alive_still_prints_the_right_numbers(
    print_html: str, shipped: Validation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a WeasyPrint release to keep each box's Pango layout (no-op deactivate and
    reactivate), a number written over a placeholder would never be drawn: the fast path
    must notice, and target-counter() number the references."""
    from weasyprint.text.line_break import Layout

    monkeypatch.setattr(Layout, "deactivate", lambda self: None)
    monkeypatch.setattr(Layout, "reactivate", lambda self, style: None)
    fills: list[dict[str, int] | None] = []
    fill = pagenumbers.fill_page_numbers
    monkeypatch.setattr(pdf, "fill_page_numbers", lambda doc: fills.append(fill(doc)) or fills[-1])
    data = html_to_pdf(print_html)
    # The fast path gives up at once (with the internals off it never runs).
    assert fills == ([None] if internals_allowed() else [])
    checked = _check_printed_page_numbers(data, tmp_path)
    assert checked["reference"] >= 40 and checked["contents"] >= 15, checked
    assert checked["matrix"] == len(matrix_axes(shipped.linked)[2]), checked


def test_another_engine_version_gets_the_documented_api_only(
    print_html: str, shipped: Validation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A WeasyPrint or pydyf other than the pinned ones never reaches the page-number code
    (nor, test_pdf_engine.py checks, the speed-ups): target-counter() numbers the pages."""
    from generator.pdf import engine

    other = {**engine.TESTED, "weasyprint": "71.0"}
    monkeypatch.setattr(engine, "installed", lambda: other)

    def must_not_run(document: Any) -> None:
        raise AssertionError("the page-number internals ran on an untested WeasyPrint")

    monkeypatch.setattr(pdf, "fill_page_numbers", must_not_run)
    checked = _check_printed_page_numbers(html_to_pdf(print_html), tmp_path)
    assert checked["reference"] >= 40, checked
    assert checked["matrix"] == len(matrix_axes(shipped.linked)[2]), checked


def _render_with_print_styles(body: str) -> Any:
    import weasyprint

    styles = (PACKAGE_TEMPLATES / "pdf" / "briefing.css").read_text(encoding="utf-8")
    html = f"<html><head><style>{styles}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).render()


def _placeholder_link(target: str, value: str, css_class: str = "xref xref-issues") -> str:
    return f'<a class="{css_class}" href="#{target}" style="--page-ref: \'{value}\'">T</a>'


@pytest.mark.parametrize(
    ("context", "css_class"),
    [
        ("<p>{}</p>", "xref xref-issues"),
        ("<ul><li>{}</li></ul>", "xref xref-events"),
        ('<table class="matrix"><tr><th scope="row">{}</th></tr></table>', "xref xref-issues"),
    ],
)
def test_a_padded_number_is_as_wide_as_its_placeholder(context: str, css_class: str) -> None:
    """The premise of filling numbers in after layout, in each place references print
    one, with the fonts installed here: digits and the figure space are equally wide."""
    fs = pagenumbers.FIGURE_SPACE
    values = ["000", "123", "456", "789", "901"] + [f"{fs}{fs}{d}" for d in range(10)]
    links = "".join(context.format(_placeholder_link("t", v, css_class)) for v in values)
    page = _render_with_print_styles(f'<section class="part">{links}<h2 id="t">T</h2></section>')
    widths = [
        box.width
        for box in page.pages[0]._page_box.descendants()
        if (box.element_tag or "").endswith("::after")
        and isinstance(getattr(box, "text", None), str)
    ]
    assert len(widths) == len(values)
    assert max(widths) - min(widths) < 1e-6, widths


def test_a_placeholder_broken_across_lines_is_left_to_target_counter() -> None:
    """Were a stylesheet ever to let a placeholder break mid-number, filling it in
    piecemeal would print nonsense: the document is laid out with target-counter()."""
    narrow = '<p style="width: 5mm; overflow-wrap: anywhere">{}</p>'
    page = _render_with_print_styles(
        narrow.format(_placeholder_link("t", "0000")) + '<h2 id="t">T</h2>'
    )
    assert pagenumbers.fill_page_numbers(page) is None


def test_a_placeholder_whose_target_is_missing_is_left_to_target_counter() -> None:
    page = _render_with_print_styles(f"<p>{_placeholder_link('nowhere', '0')}</p>")
    assert pagenumbers.fill_page_numbers(page) is None


def test_a_link_without_a_printed_number_needs_no_target() -> None:
    """Actors' and sources' references print no page number, so nothing depends on them."""
    link = _placeholder_link("nowhere", "0", "xref xref-actors")
    page = _render_with_print_styles(f"<p>{link}</p>")
    assert pagenumbers.fill_page_numbers(page) == {}


@pytest.mark.internals
def test_cached_page_references_follow_added_pages() -> None:
    """The pydyf speed-up returns what pydyf computes, and notices a page added since."""
    import pydyf

    with tuned_weasyprint():
        document = pydyf.PDF()
        for _ in range(3):
            document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        first = document.page_references
        assert first is document.page_references  # cached, not rebuilt per read
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        kids = document.pages["Kids"][::3]
        assert document.page_references == tuple(f"{n} 0 R".encode() for n in kids)
        assert len(document.page_references) == 4 == len(first) + 1


@pytest.mark.internals
def test_streams_are_compressed_at_the_tuned_level() -> None:
    import zlib

    import pydyf

    data = b"BT /F1 9.5 Tf (Energy infrastructure) Tj ET\n" * 2000
    with tuned_weasyprint():
        stream = pydyf.Stream([data], compress=True)
        compressed = stream.data.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert zlib.decompress(compressed) == data
    expected = zlib.compressobj(STREAM_COMPRESSION_LEVEL)
    assert compressed == expected.compress(data) + expected.flush()


@pytest.mark.internals
def test_tuning_changes_nothing_in_the_document(
    print_html: str, shipped_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the page-style and page-reference changes, WeasyPrint writes the very same
    bytes (the compression level, which does change them, is tested on its own)."""
    import pydyf
    from weasyprint.layout import page

    # Tuned as for a render, then the two changes taken back out, leaving the compression
    # level; the block's end puts everything back as shipped.
    monkeypatch.setattr(pdf, "tuned_weasyprint", contextlib.nullcontext)
    with tuned_weasyprint():
        page.set_page_type_computed_styles = page.set_page_type_computed_styles.__wrapped__
        tuned_references = pydyf.PDF.page_references.fget
        pydyf.PDF.page_references = property(tuned_references.__wrapped__)
        untuned = html_to_pdf(print_html)
    assert untuned == shipped_pdf


@pytest.mark.internals
def test_the_engine_changes_do_not_outlive_a_render() -> None:
    """No process-wide state: in a fresh interpreter, WeasyPrint and pydyf are as shipped
    before a PDF and again after it."""
    script = textwrap.dedent(
        """
        import pydyf
        from weasyprint.layout import page
        from generator.pdf import engine
        from generator.pdf.edition import html_to_pdf

        assert engine.internals_allowed(), "the pinned engine is not installed"
        def state():
            return (pydyf.PDF.__dict__["page_references"], pydyf.zlib,
                    page.set_page_type_computed_styles)
        before = state()
        assert not getattr(before[2], "tuned", False)
        html_to_pdf("<!doctype html><html lang=en><title>t</title><p>Hello</p></html>")
        assert state() == before, "an engine change outlived the render"
        print("ok")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert run.stdout.strip() == "ok", run.stderr
