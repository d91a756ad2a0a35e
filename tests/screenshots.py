"""Screenshots of every page type, at desktop and phone widths, for looking at by eye.

    scripts/screenshots [--site site] [--out screenshots] [--only KIND ...]

The site must be built first (scripts/build). The output folder is ignored by git.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from browser import CHROMIUM, CHROMIUM_ARGS, PAGE_TYPES, serve_directory
from playwright.sync_api import sync_playwright

VIEWPORTS = {"desktop": (1280, 900), "mobile": (375, 740)}


def take_screenshots(site: Path, out: Path, kinds: list[str], dark: bool = False) -> list[Path]:
    """Write one full-page PNG per page type and viewport; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (width, height) in VIEWPORTS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme="dark" if dark else "light",
            )
            page = context.new_page()
            for kind in kinds:
                page.goto(base + PAGE_TYPES[kind], wait_until="networkidle")
                target = out / f"{kind}-{name}{'-dark' if dark else ''}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--only", nargs="+", choices=sorted(PAGE_TYPES), default=sorted(PAGE_TYPES))
    parser.add_argument("--dark", action="store_true", help="use the dark palette")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site in {args.site}; run scripts/build first")
    for path in take_screenshots(args.site, args.out, args.only, args.dark):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
