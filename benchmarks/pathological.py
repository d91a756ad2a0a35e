"""Pathological Markdown: inputs that made the generator, or Python-Markdown, superlinear.

Each case makes a Markdown body of about `size` characters. The test suite builds every
case into a real project (tests/test_hostile_budgets.py), and `python -m
benchmarks.pathological` times the Markdown stages on each at two sizes, so that a
ratio well above 4 for 4x the input shows a quadratic path.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * max(1, size // len(unit))


def _lines(line: str) -> Callable[[int], str]:
    # Paragraphs of 40 lines, so that no block breaks the paragraph-length budget.
    def make(size: int) -> str:
        block = "\n".join([line] * 40) + "\n\n"
        return block * max(1, size // len(block))

    return make


CASES: dict[str, Callable[[int], str]] = {
    # Python-Markdown scans to the end of the paragraph for each unclosed opener.
    "unclosed backticks": _lines("``a` x " * 40),
    "backticks after backslashes": _lines("\\`a `b " * 40),
    "unclosed brackets": _lines("[a " * 100),
    "unclosed images": _lines("![a " * 80),
    "unclosed link addresses": _lines("[a](b " * 60),
    "nested brackets": _lines("[" * 150 + "a" + "]" * 150),
    "link titles without a close": _lines("[a](b 'c " * 40),
    "wiki links in code": _lines("`[[a " * 60),
    "citations in code": _lines("`[@a " * 60),
    # The generator's own regular expressions (issue: heading + long line, _plain).
    "heading then a long line": lambda size: "## Heading\n" + "x" * (size - 12),
    "setext underline lines": _lines("a\n==="),
    "unclosed fences": _lines("~~~x"),
    "unclosed backtick fences": _lines("```x"),
    "fences with attributes": _lines("~~~{ a"),
    "one huge unclosed fence block": _repeat("~~~x\n"),
    "hash lines": _lines("# a"),
    "emphasis soup": _lines("*_" * 200),
    "backslashes": _lines("\\" * 400),
    "entities": _lines("&a" * 200),
    "angle brackets": _lines("<a " * 120),
    "autolinks": _lines("<http://a " * 40),
    "attribute lists": _lines("{ a " * 100),
    "pipes": _lines("|" * 400),
    "list markers": _lines("- a"),
    "deep quotes": lambda size: "> " * 8 + "x\n",
    "many paragraphs": _repeat("x\n\n"),
    "many short paragraphs under the limit": lambda size: (
        "x\n\n" * 1900 + _lines("y" * 100)(size - 6000)
    ),
    "one note cited many times": _lines("[@a] " * 80),
    "headings with one name": lambda size: "## a\n\n" * 190 + _lines("b" * 100)(size - 1140),
    "long words": _repeat("x" * 1000 + " "),
}
"""Case name -> a function making a body of about that many characters."""


def process(text: str) -> bool:
    """What the generator does with one body: validate it, then, if valid, render it.

    Returns whether validation accepted it.
    """
    from generator.content.link import cached_scan
    from generator.markdown.check import check_markup, site_markdown
    from generator.markdown.sanitize import PAGE, clean
    from generator.markdown.scan import blank_refs
    from generator.render.text import splice

    scan = cached_scan(text, False)
    problems = check_markup(blank_refs(text, scan), False)
    if any(code in ("text-too-long", "nested-too-deeply") for _, code, _ in problems):
        return False
    # As a page writer would: links and citations spliced in, one footnote per source.
    cited: set[str] = set()
    page = splice(
        text,
        lambda target, label: f"[{label or target}](../actors/{target}.md)",
        lambda source: cited.add(source) or f"[^{source}]",
        between=",",
    )
    page += "".join(f"\n\n[^{source}]: The source." for source in sorted(cited))
    md = site_markdown()
    md.reset()
    clean(md.convert(page), PAGE)
    return True


def time_case(make: Callable[[int], str], size: int, repeat: int = 1) -> tuple[float, bool]:
    """Median seconds to validate and render one body of `size` characters."""
    from generator.content.link import cached_scan
    from generator.markdown.check import check_markup

    text = make(size)
    times = []
    accepted = False
    for _ in range(repeat):
        cached_scan.cache_clear()
        check_markup.cache_clear()
        start = time.perf_counter()
        accepted = process(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times), accepted


def fan_in_project(root: Path, count: int) -> Path:
    """The mini fixture with `count` events that all name one actor and one agreement,
    each linking five others: every one of them points at the same few pages."""
    import shutil

    shutil.copytree(REPO / "tests" / "fixtures" / "mini", root)
    events = root / "content" / "events"
    for n in range(count):
        links = " ".join(f"[[fan-{(n + k) % count}]]" for k in range(1, 6))
        (events / f"fan-{n}.md").write_text(
            f"---\ntitle: Strike report {n}\ndate: 2025-03-{1 + n % 28:02d}\nkind: strike\n"
            "participants: [putin]\nrelated: [energy-pause]\nsources: [wire-report]\n---\n"
            f"Reported with {links} [@wire-report].\n",
            encoding="utf-8",
        )
    return root


def time_fan_in(count: int) -> tuple[float, float]:
    """Seconds to build the site of a fan-in project of `count` events (without the PDF),
    and seconds per entry."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = fan_in_project(Path(tmp) / "fan-in", count)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--no-pdf", "--root", str(root)],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
    return seconds, seconds / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs=2, default=[64_000, 256_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--fan-in",
        type=int,
        nargs="+",
        metavar="N",
        help="instead, time builds of N entries pointing at one page (e.g. 1000 3000 10000)",
    )
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    args = parser.parse_args()
    if args.fan_in:
        base = None
        print(f"{'entries':>8} {'build':>9} {'per entry':>10}  ratio to the first")
        for count in args.fan_in:
            seconds, each = time_fan_in(count)
            base = base or each
            line = f"{count:8,} {seconds:8.2f} s {each * 1000:8.2f} ms  {each / base:5.2f}"
            print(line, flush=True)
        return
    small, large = args.sizes
    print(f"{'case':32} {small // 1000:>6} KB {large // 1000:>6} KB  ratio  rendered")
    for name, make in CASES.items():
        if args.cases and name not in args.cases:
            continue
        first, _ = time_case(make, small, args.repeat)
        second, rendered = time_case(make, large, args.repeat)
        ratio = second / max(first, 1e-6)
        shown = "yes" if rendered else "refused"
        print(f"{name:32} {first:8.3f} s {second:8.3f} s  {ratio:5.1f}  {shown}", flush=True)


if __name__ == "__main__":
    main()
