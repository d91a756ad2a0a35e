"""The benchmark harness: `python -m benchmarks [--sizes 100 1000 5000] [--pdf N...] [--profile N]`,
or `python -m benchmarks --builders 1000 5000` to compare MkDocs and Zensical.

For each size it synthesises a briefing, then measures each stage of the generator
(median wall time over several runs, and peak Python memory), the whole
`briefing build --no-pdf`, a plain `mkdocs build` of the same generated Markdown,
the output sizes, an incremental one-file edit, and validation with injected faults.
It prints a table and writes JSON (default build/benchmarks.json).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synth import synthesize  # noqa: E402
from generator.content import link as linker
from generator.content.fields import check_schema  # noqa: E402
from generator.content.link import resolve_links  # noqa: E402
from generator.content.load import load_content  # noqa: E402
from generator.content.validate import paused_gc, validate_project  # noqa: E402
from generator.incremental import Session  # noqa: E402
from generator.pipeline import run  # noqa: E402
from generator.project.layout import Project  # noqa: E402
from generator.render import page_writer as writer  # noqa: E402
from generator.render import text as mdtext
from generator.render.pages import render_pages  # noqa: E402
from generator.site.tree import static_files, write_tree  # noqa: E402

GENERATED = Path("build") / "docs"

STAGES = ("load", "check", "link", "render", "write")


def _clear_caches() -> None:
    # Each measured run starts cold, as a fresh `briefing build` process would.
    linker.cached_scan.cache_clear()
    mdtext.escape.cache_clear()
    writer.relative_url.cache_clear()


def _run_stages(root: Path, out: Path) -> dict[str, float]:
    _clear_caches()
    times: dict[str, float] = {}
    project = Project(root)
    with paused_gc():
        start = time.perf_counter()
        raw = load_content(project)
        times["load"] = time.perf_counter() - start
        start = time.perf_counter()
        briefing, _ = check_schema(raw, project.registry)
        times["check"] = time.perf_counter() - start
        start = time.perf_counter()
        linked, _ = resolve_links(briefing)
        times["link"] = time.perf_counter() - start
        start = time.perf_counter()
        pages = render_pages(project, linked)
        times["render"] = time.perf_counter() - start
        start = time.perf_counter()
        files = static_files(project)
        files.update({p: page.text.encode("utf-8") for p, page in pages.items()})
        write_tree(files, out)
        times["write"] = time.perf_counter() - start
    return times


def _stage_memory(root: Path, out: Path) -> dict[str, int]:
    """Peak traced Python memory per stage, in a separate (slower) pass."""
    _clear_caches()
    peaks: dict[str, int] = {}
    project = Project(root)
    tracemalloc.start()
    raw = load_content(project)
    peaks["load"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    briefing, _ = check_schema(raw, project.registry)
    peaks["check"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    linked, _ = resolve_links(briefing)
    peaks["link"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    pages = render_pages(project, linked)
    peaks["render"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    files = {p: page.text.encode("utf-8") for p, page in pages.items()}
    write_tree(files, out)
    peaks["write"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peaks


def _timed_process(args: list[str], cwd: Path) -> dict[str, float]:
    """Wall time and peak resident memory (MB) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return {"seconds": wall, "peak_mb": usage.ru_maxrss / 1024}


def _plain_mkdocs_config(root: Path) -> Path:
    """The generated mkdocs.yml without the briefing plugin, as Zensical is given it."""
    import yaml

    generated = root / "build" / "mkdocs.yml"
    config = root / "build" / "plain-mkdocs.yml"
    data = yaml.safe_load(generated.read_text())
    data["plugins"] = ["search", "offline"]
    config.write_text(yaml.safe_dump(data))
    return config


def _plain_mkdocs(root: Path) -> dict[str, float]:
    """A plain `mkdocs build` of the already generated Markdown, without our plugin."""
    config = _plain_mkdocs_config(root)
    out = root / "plain-site"
    env_args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)]
    return _timed_process(env_args, root)


def _builder_commands(root: Path) -> dict[str, tuple[list[str], Path, list[Path]]]:
    """Each builder's command on the configuration `briefing build` wrote for it, the
    folder it runs in, and what a cold run starts without (output and caches)."""
    build = root / "build"
    _plain_mkdocs_config(root)
    return {
        "mkdocs": (
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                "plain-mkdocs.yml",
                "-d",
                str(root / "plain-site"),
            ],
            build,
            [root / "plain-site"],
        ),
        "zensical": (
            [sys.executable, "-m", "zensical", "build", "-f", "zensical.yml"],
            build,
            [build / ".zensical-site", build / ".cache"],
        ),
    }


def compare_builders(n: int, workdir: Path, repeat: int) -> dict[str, Any]:
    """Both builders on the same generated Markdown: cold (no output, no cache) and warm
    (the cache of the previous run), alternating so that both see the same machine."""
    root = workdir / f"builders-n{n}"
    shutil.rmtree(root, ignore_errors=True)
    synthesize(root, n)
    entities = sum(1 for _ in (root / "content").rglob("*.md"))
    # Writes build/docs, build/mkdocs.yml and build/zensical.yml.
    _timed_process(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--no-pdf",
            "--builder",
            "zensical",
            "--root",
            str(root),
        ],
        root,
    )
    commands = _builder_commands(root)
    runs: dict[str, list[dict[str, float]]] = {
        f"{name}_{state}": [] for name in commands for state in ("cold", "warm")
    }
    for _ in range(repeat):
        for name, (command, cwd, cold_without) in commands.items():
            for path in cold_without:
                shutil.rmtree(path, ignore_errors=True)
            runs[f"{name}_cold"].append(_timed_process(command, cwd))
            runs[f"{name}_warm"].append(_timed_process(command, cwd))
    medians = {
        key: {
            "seconds": statistics.median(r["seconds"] for r in values),
            "peak_mb": max(r["peak_mb"] for r in values),
        }
        for key, values in runs.items()
    }
    pages = sum(1 for _ in (root / "build" / "docs").rglob("*.md"))
    return {"n": n, "entities": entities, "pages": pages, **medians}


def _builders_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| N | pages | MkDocs cold | MkDocs warm | Zensical cold | Zensical warm | "
        "Zensical/MkDocs cold | Zensical/MkDocs warm |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cold = r["zensical_cold"]["seconds"] / r["mkdocs_cold"]["seconds"]
        warm = r["zensical_warm"]["seconds"] / r["mkdocs_warm"]["seconds"]
        lines.append(
            f"| {r['entities']:,} | {r['pages']:,} | "
            + " | ".join(
                f"{r[k]['seconds']:.1f} s, {r[k]['peak_mb']:.0f} MB"
                for k in ("mkdocs_cold", "mkdocs_warm", "zensical_cold", "zensical_warm")
            )
            + f" | {cold:.2f} | {warm:.2f} |"
        )
    return "\n".join(lines)


def _sizes(site: Path, n: int) -> dict[str, float]:
    entity_pages = [
        p
        for p in site.glob("*/*.html")
        if p.name != "index.html"
        and p.parent.name
        in ("actors", "issues", "agreements", "positions", "assessments", "events", "sources")
    ]
    sizes = [p.stat().st_size for p in entity_pages]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = (site / "search" / "search_index.json").stat().st_size
    return {
        "site_mb": total / 1e6,
        "entity_pages": len(sizes),
        "page_kb_mean": statistics.mean(sizes) / 1024,
        "page_kb_max": max(sizes) / 1024,
        "search_index_mb": index / 1e6,
        "search_kb_per_entity": index / 1024 / n,
    }


def _incremental(root: Path) -> dict[str, float]:
    project = Project(root)
    session = Session(project)

    def regenerate() -> Any:
        return run(project, site_dir=project.site, publish=False, session=session).generated

    _clear_caches()
    regenerate()  # the preview server's first build
    position = sorted((root / "content" / "positions").glob("*.md"))[
        len(list((root / "content" / "positions").glob("*.md"))) // 2
    ]
    text = position.read_text()
    position.write_text(text.replace("summary: ", "summary: Reportedly, ", 1))
    start = time.perf_counter()
    edited = regenerate().stats
    edit_seconds = time.perf_counter() - start
    position.write_text(position.read_text())  # saved again, unchanged
    start = time.perf_counter()
    noop = regenerate().stats
    noop_seconds = time.perf_counter() - start
    position.write_text(text)
    return {
        "edit_ms": edit_seconds * 1000,
        "edit_pages_written": len(edited.written),
        "noop_ms": noop_seconds * 1000,
        "noop_pages_written": len(noop.written),
    }


def _faults(root: Path, count: int = 100) -> dict[str, float]:
    faulty = root.parent / f"{root.name}-faults"
    shutil.rmtree(faulty, ignore_errors=True)
    shutil.copytree(root / "content", faulty / "content")
    files = sorted((faulty / "content" / "positions").glob("*.md"))[:count]
    kinds = ["stance: ", "actor: ", "as_of: ", "sources: ["]
    for index, path in enumerate(files):
        text = path.read_text()
        kind = kinds[index % len(kinds)]
        path.write_text(text.replace(kind, kind + ("bogus-" if kind != "as_of: " else "20x"), 1))
    _clear_caches()
    start = time.perf_counter()
    result = validate_project(faulty)
    seconds = time.perf_counter() - start
    reported = {d.path for d in result.errors}
    injected = {f"content/positions/{p.name}" for p in files}
    return {
        "injected": len(injected),
        "files_reported": len(reported & injected),
        "errors": len(result.errors),
        "seconds": seconds,
    }


def stage_medians(n: int, workdir: Path, repeat: int) -> dict[str, float]:
    """The generator's stage times at `n` entities, medians of `repeat` runs, in seconds
    (the synthetic content is made once and reused, so two checkouts time the same)."""
    root = workdir / f"n{n}"
    if not (root / "content").is_dir():
        synthesize(root, n)
    runs = [_run_stages(root, root / GENERATED) for _ in range(repeat)]
    return {s: round(statistics.median(r[s] for r in runs), 3) for s in STAGES}


def measure(n: int, workdir: Path, repeat: int) -> dict[str, Any]:
    root = workdir / f"n{n}"
    shutil.rmtree(root, ignore_errors=True)
    synthesize(root, n)
    entities = sum(1 for _ in (root / "content").rglob("*.md"))
    out = root / GENERATED
    runs = [_run_stages(root, out) for _ in range(repeat)]
    stages = {s: statistics.median(r[s] for r in runs) for s in STAGES}
    generator_s = stages["load"] + stages["check"] + stages["link"] + stages["render"]
    build = _timed_process(
        [sys.executable, "-m", "generator", "build", "--no-pdf", "--root", str(root)], root
    )
    return {
        "n": n,
        "entities": entities,
        "stages_s": stages,
        "generator_ms_per_entity": generator_s * 1000 / entities,
        "stage_peak_mb": {k: v / 1e6 for k, v in _stage_memory(root, out).items()},
        "build_no_pdf": build,
        "plain_mkdocs": _plain_mkdocs(root),
        "sizes": _sizes(root / "site", entities),
        "incremental": _incremental(root),
    }


def _page_count(pdf: Path) -> int:
    # pdfinfo (poppler) copes with documents whose structure trees exceed pypdf's limits.
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))


def measure_pdf(label: str, root: Path, workdir: Path, repeat: int = 1) -> dict[str, Any]:
    """A whole cold `briefing pdf` process: median wall time and highest peak memory."""
    target = workdir / f"pdf-{label}.pdf"
    runs = []
    for _ in range(repeat):
        shutil.rmtree(root / "build" / "pdf-cache", ignore_errors=True)
        runs.append(
            _timed_process(
                [sys.executable, "-m", "generator", "pdf", "--root", str(root), "-o", str(target)],
                root,
            )
        )
    result = {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "runs": [r["seconds"] for r in runs],
    }
    pages = _page_count(target)
    entities = sum(1 for _ in (root / "content").rglob("*.md"))
    return {
        "label": label,
        "entities": entities,
        "pages": pages,
        **result,
        "seconds_per_100_pages": result["seconds"] * 100 / pages,
        "mb": target.stat().st_size / 1e6,
    }


def profile(n: int, workdir: Path) -> str:
    root = workdir / f"n{n}"
    if not (root / "content").is_dir():
        synthesize(root, n)
    profiler = cProfile.Profile()
    profiler.enable()
    _run_stages(root, root / GENERATED)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(20)
    return stream.getvalue()


def _table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | load | check | link | render | write | ms/entity | build --no-pdf | "
        "plain mkdocs | page KB (max) | search KB/entity | edit ms (pages) | noop written |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r["stages_s"]
        rows.append(
            f"| {r['entities']:,} | {s['load']:.3f} | {s['check']:.3f} | {s['link']:.3f} | "
            f"{s['render']:.3f} | {s['write']:.3f} | {r['generator_ms_per_entity']:.3f} | "
            f"{r['build_no_pdf']['seconds']:.1f} s, {r['build_no_pdf']['peak_mb']:.0f} MB | "
            f"{r['plain_mkdocs']['seconds']:.1f} s, {r['plain_mkdocs']['peak_mb']:.0f} MB | "
            f"{r['sizes']['page_kb_mean']:.1f} ({r['sizes']['page_kb_max']:.1f}) | "
            f"{r['sizes']['search_kb_per_entity']:.2f} | "
            f"{r['incremental']['edit_ms']:.0f} ({r['incremental']['edit_pages_written']}) | "
            f"{r['incremental']['noop_pages_written']} |"
        )
    return "\n".join(rows)


def _one_language(target: Path) -> Path:
    """A copy of the shipped briefing without its translations."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REPO / "content", target / "content")
    for translation in (target / "content").rglob("*.*.*"):
        translation.unlink()
    settings = target / "content" / "briefing.yaml"
    settings.write_text(re.sub(r"(?m)^translations:\n(- .*\n)*", "", settings.read_text()))
    return target


def compare_languages(workdir: Path, repeat: int) -> dict[str, Any]:
    """`briefing build` (site and both PDFs, nothing cached) of the shipped briefing as
    it is, in two languages, and without its translations: medians, alternating runs."""
    one = _one_language(workdir / "languages-one")
    two = workdir / "languages-two"
    shutil.rmtree(two, ignore_errors=True)
    shutil.copytree(REPO / "content", two / "content")
    runs: dict[str, list[dict[str, float]]] = {"one": [], "two": []}
    for _ in range(repeat):
        for label, root in (("one", one), ("two", two)):
            for made in ("build", "site"):
                shutil.rmtree(root / made, ignore_errors=True)
            command = [sys.executable, "-m", "generator", "build", "--root", str(root)]
            runs[label].append(_timed_process(command, REPO))
    result: dict[str, Any] = {}
    for label, timings in runs.items():
        result[label] = {
            "seconds": statistics.median(t["seconds"] for t in timings),
            "peak_mb": max(t["peak_mb"] for t in timings),
        }
    result["ratio"] = result["two"]["seconds"] / result["one"]["seconds"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per size (median)")
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--json", type=Path, default=REPO / "build" / "benchmarks.json")
    parser.add_argument(
        "--faults",
        action="store_true",
        help="also validate the largest size with 100 injected faults",
    )
    parser.add_argument(
        "--pdf",
        nargs="*",
        type=int,
        metavar="N",
        help="PDF timings for the shipped content and synthetic sizes N",
    )
    parser.add_argument(
        "--pdf-repeat", type=int, default=1, metavar="K", help="PDF runs per content (median)"
    )
    parser.add_argument(
        "--builders",
        nargs="+",
        type=int,
        metavar="N",
        help="only compare MkDocs and Zensical on the Markdown generated for sizes N",
    )
    parser.add_argument("--profile", type=int, metavar="N", help="profile the generator at N")
    parser.add_argument(
        "--stages",
        type=int,
        metavar="N",
        help="only time the generator's stages at N (medians of --repeat runs), no builds",
    )
    parser.add_argument(
        "--languages",
        action="store_true",
        help="only compare building the shipped briefing in its two languages and in one",
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        }
    }
    if args.profile:
        print(profile(args.profile, args.workdir))
        return 0
    if args.languages:
        report["languages"] = compare_languages(args.workdir, args.repeat)
        print(json.dumps(report["languages"], indent=2))
        return 0
    if args.stages:
        print(json.dumps(stage_medians(args.stages, args.workdir, args.repeat)))
        return 0
    if args.builders:
        report["builders"] = [compare_builders(n, args.workdir, args.repeat) for n in args.builders]
        print(_builders_table(report["builders"]))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        return 0
    results = [measure(n, args.workdir, args.repeat) for n in args.sizes]
    report["sizes"] = results
    print(_table(results))
    if len(results) >= 2:
        small = results[-2]
        ratio = results[-1]["generator_ms_per_entity"] / small["generator_ms_per_entity"]
        report["scaling_ratio"] = ratio
        print(
            f"\nper-entity cost at {results[-1]['entities']:,} / at {small['entities']:,}: "
            f"{ratio:.2f}x"
        )
    if args.faults:
        report["faults"] = _faults(args.workdir / f"n{args.sizes[-1]}")
        print(f"\nfaults: {report['faults']}")
    if args.pdf is not None:
        pdfs = [measure_pdf("shipped", REPO, args.workdir, args.pdf_repeat)]
        for n in args.pdf:
            root = args.workdir / f"pdf{n}"
            shutil.rmtree(root, ignore_errors=True)
            synthesize(root, n)
            pdfs.append(measure_pdf(f"n{n}", root, args.workdir, args.pdf_repeat))
        report["pdf"] = pdfs
        print("\n| content | entities | pages | seconds | s/100 pages | peak MB | PDF MB |")
        print("|---|---|---|---|---|---|---|")
        for p in pdfs:
            print(
                f"| {p['label']} | {p['entities']:,} | {p['pages']:,} | {p['seconds']:.1f} | "
                f"{p['seconds_per_100_pages']:.1f} | {p['peak_mb']:.0f} | {p['mb']:.1f} |"
            )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
