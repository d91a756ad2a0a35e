"""What each change to the PDF engine's internals saves, for the upstream write-ups.

`python -m benchmarks.pdf_internals [--entities 1700] [--repeat 3]` synthesises a
briefing, lays its print HTML out once, then writes the same laid-out document as a
tagged PDF/UA-1 file with pydyf as shipped and with each change of
generator/pdf/tuning.py, alternating so that every variant sees the same
machine. It reports the median writing time, the file size, and whether the bytes
differ. See docs/upstream/.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
import zlib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synth import synthesize  # noqa: E402
from generator.content.validate import paused_gc, validate_project  # noqa: E402
from generator.pdf import edition as pdf
from generator.pdf import pagenumbers
from generator.pdf import tuning as weasyprint_tuning  # noqa: E402
from generator.project.layout import PACKAGE_TEMPLATES, Project  # noqa: E402


def _variants(pydyf: Any) -> dict[str, tuple[property, Any]]:
    shipped = pydyf.PDF.__dict__["page_references"]
    weasyprint_tuning._cache_page_references(pydyf)
    cached = pydyf.PDF.__dict__["page_references"]
    pydyf.PDF.page_references = shipped
    tuned_zlib = weasyprint_tuning._Zlib()
    return {
        "pydyf as shipped (zlib level 9)": (shipped, zlib),
        "page references cached": (cached, zlib),
        f"zlib level {weasyprint_tuning.STREAM_COMPRESSION_LEVEL}": (shipped, tuned_zlib),
        "both": (cached, tuned_zlib),
    }


def _count_page_reference_reads(pydyf: Any, document: Any) -> int:
    """How often WeasyPrint asks pydyf for the tuple of every page's reference."""
    shipped = pydyf.PDF.__dict__["page_references"]
    reads = 0

    def counted(pdf: Any) -> Any:
        nonlocal reads
        reads += 1
        return shipped.fget(pdf)

    pydyf.PDF.page_references = property(counted)
    try:
        document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32)
    finally:
        pydyf.PDF.page_references = shipped
    return reads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pdf_internals")
    parser.add_argument("--entities", type=int, default=1700)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "bench")
    args = parser.parse_args(argv)

    import pydyf
    import weasyprint

    root = args.workdir / f"internals-n{args.entities}"
    shutil.rmtree(root, ignore_errors=True)
    synthesize(root, args.entities)
    html = pdf.render_pdf_html(Project(root), validate_project(root).linked)
    base = PACKAGE_TEMPLATES / "pdf"
    start = time.perf_counter()
    with paused_gc():
        # Placeholders where page numbers go, as the briefing's own layout has them.
        marked = pagenumbers.with_placeholders(html, {})
        document = weasyprint.HTML(string=marked, base_url=f"{base}/").render()
    layout_seconds = time.perf_counter() - start
    pages = len(document.pages)
    print(
        f"WeasyPrint {weasyprint.__version__}, pydyf {pydyf.__version__}: "
        f"{pages} pages laid out in {layout_seconds:.1f} s"
    )

    variants = _variants(pydyf)
    reads = _count_page_reference_reads(pydyf, document)
    print(f"pydyf.PDF.page_references read {reads:,} times while writing ({pages} pages)")
    times: dict[str, list[float]] = {name: [] for name in variants}
    output: dict[str, bytes] = {}
    for _ in range(args.repeat):
        for name, (references, compressor) in variants.items():
            pydyf.PDF.page_references = references
            pydyf.zlib = compressor
            start = time.perf_counter()
            with paused_gc():
                data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32)
            times[name].append(time.perf_counter() - start)
            output[name] = bytes(data)

    shipped_name = next(iter(variants))
    shipped_time = statistics.median(times[shipped_name])
    print("\n| pydyf | write_pdf (median) | vs shipped | PDF size | bytes |")
    print("|---|---|---|---|---|")
    for name in variants:
        median = statistics.median(times[name])
        same = "identical" if output[name] == output[shipped_name] else "differ"
        print(
            f"| {name} | {median:.2f} s | {median / shipped_time:.2f}× | "
            f"{len(output[name]) / 1e6:.2f} MB | {same} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
