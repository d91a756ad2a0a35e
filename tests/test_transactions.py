"""Builds are transactions: however a build ends, the published site is a complete one.

Real builds (real MkDocs, real WeasyPrint) of the mini fixture; only the kill and fault
points are injected, by a small wrapper script that patches one function before running
the command line in a subprocess.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import MINI, run_cli
from pypdf import PdfReader

from generator.project import atomic

WRAPPER = '''
"""Run `briefing ARGS` with one fault injected: python wrapper.py MODE ARGS..."""
import os, signal, sys, time
from pathlib import Path

from generator.project import atomic

from generator.site import builders

from generator.pdf import cache as pdf_cache
from generator.cli.main import main

mode, args = sys.argv[1], sys.argv[2:]


def die():
    os.kill(os.getpid(), signal.SIGKILL)


if mode == "exchange-before":
    def exchange(a, b):
        die()
    atomic.exchange = exchange
elif mode == "exchange-after":
    real_exchange = atomic.exchange
    def exchange(a, b):
        if not real_exchange(a, b):
            sys.exit(3)  # this filesystem cannot exchange: the test is skipped
        die()
    atomic.exchange = exchange
elif mode.startswith("renames-"):
    atomic.exchange = lambda a, b: False  # as on a system without renameat2
    real_rename = os.rename
    def rename(src, dst):
        src, dst = Path(src), Path(dst)
        if mode == "renames-before" and dst.name == ".site.old":
            die()
        if src.name == ".site.building" and dst.name == "site":
            if mode == "renames-between":
                die()
            real_rename(src, dst)
            if mode == "renames-after":
                die()
            return
        real_rename(src, dst)
    os.rename = rename
elif mode == "cache-half":
    # A writer that is not atomic: the cache entry itself is left cut short.
    def write(path, data):
        Path(path).write_bytes(data[: len(data) // 2])
        die()
    pdf_cache.write_atomic = write
elif mode == "cache-temp-half":
    # The real atomic writer, killed halfway through writing its temporary file.
    real_write_atomic, real_os_write = pdf_cache.write_atomic, os.write
    def write_atomic(path, data):
        def half(fd, view):
            real_os_write(fd, view[: len(view) // 2])
            die()
        os.write = half
        real_write_atomic(path, data)
    pdf_cache.write_atomic = write_atomic
elif mode == "hold":
    # Stop under the lock until the test says go.
    real_run = builders.run_mkdocs
    def run_mkdocs(*a, **k):
        Path(os.environ["HELD"]).touch()
        deadline = time.monotonic() + 120
        while not Path(os.environ["GO"]).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return real_run(*a, **k)
    builders.run_mkdocs = run_mkdocs
else:
    sys.exit(f"unknown mode {mode}")

sys.exit(main(args))
'''

EDIT = ("followed a call between", "followed a long telephone call between")
"""Version B of the mini briefing: one changed sentence in the body of
content/agreements/energy-pause.md (printed in the PDF as well as on the site)."""

HOOK = """
from pathlib import Path


def on_post_page(output, page, config):
    if page.file.src_uri == "actors/putin.md" and Path(__file__).with_name("FAIL").exists():
        raise RuntimeError("the hook broke on purpose")
    return output
"""


# --- helpers -------------------------------------------------------------------------


def _project(tmp: Path, name: str = "project") -> Path:
    root = tmp / name
    shutil.copytree(MINI, root)
    return root


def _to_version_b(root: Path) -> None:
    page = root / "content" / "agreements" / "energy-pause.md"
    text = page.read_text()
    assert EDIT[0] in text
    page.write_text(text.replace(*EDIT))


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def _briefing(
    *args: str, mode: str | None = None, wrapper: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `briefing ARGS` in a fresh process, through the fault wrapper if `mode` is set."""
    command = [sys.executable, "-m", "generator", *args]
    if mode is not None:
        assert wrapper is not None
        command = [sys.executable, str(wrapper), mode, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=_env())


def _env(**extra: str) -> dict[str, str]:
    """The environment of a build started here: this one, and `extra`."""
    return {**os.environ, **extra}


def _assert_one_line(stderr: str, start: str, *words: str) -> str:
    """The command's own report is one line starting with `start`; no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith(start)]
    assert len(lines) == 1, stderr
    for word in words:
        assert word.lower() in lines[0].lower(), (word, stderr)
    return lines[0]


def _no_leftovers(root: Path) -> None:
    assert not (root / ".site.old").exists()
    assert not (root / ".site.building").exists()
    assert not [p for p in root.rglob(f"*{atomic.TEMP_SUFFIX}")], "temporary files left"


@pytest.fixture
def wrapper(tmp_path: Path) -> Path:
    path = tmp_path / "wrapper.py"
    path.write_text(WRAPPER)
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, bool], Path]:
    """reference(version, pdf): the site of a clean build of version "A" or "B"."""
    built: dict[tuple[str, bool], Path] = {}

    def get(version: str, pdf: bool) -> Path:
        if (version, pdf) not in built:
            root = _project(tmp_path_factory.mktemp(f"reference-{version}-{pdf}"))
            if version == "B":
                _to_version_b(root)
            args = ["build", "--root", str(root)] + ([] if pdf else ["--no-pdf"])
            proc = _briefing(*args)  # in its own process: no pin of an earlier test applies
            assert proc.returncode == 0, proc.stderr
            built[version, pdf] = root / "site"
        return built[version, pdf]

    return get


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs and fill it")
    where.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)]
    proc = subprocess.run(mount, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")


def _unmount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[str]:
    """Make `folder` unwritable, root included; yield the error the OS will give."""
    if os.geteuid() != 0:
        paths = [folder, *folder.rglob("*")]
        modes = {path: path.stat().st_mode for path in paths}
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield "Permission denied"
        finally:
            for path in reversed(paths):
                path.chmod(modes[path])
        return
    # chmod does not stop root: a read-only bind mount of the folder onto itself does.
    bind = ["mount", "--bind", str(folder), str(folder)]
    if subprocess.run(bind, capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount a folder read-only here")
    try:
        remount = ["mount", "-o", "remount,bind,ro", str(folder)]
        if subprocess.run(remount, capture_output=True).returncode != 0:
            pytest.skip("cannot remount a bind mount read-only here")
        yield "Read-only file system"
    finally:
        _unmount(folder)


def _fill(disk: Path) -> Path:
    """Write a file on `disk` until no byte more fits."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 20, 1 << 16, 1 << 12, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


# --- MkDocs failing mid-build --------------------------------------------------------


def test_an_exception_inside_mkdocs_fails_the_build_in_one_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "hook.py").write_text(HOOK)
    # The project's own mkdocs.yml adds a hook to the generator's configuration, and
    # briefing.yaml names it, as every hook must be named.
    (root / "mkdocs.yml").write_text("hooks:\n  - hook.py\n")
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + "hooks: [hook.py]\n")
    assert _briefing("build", "--no-pdf", "--root", str(root)).returncode == 0
    before = _digest(root / "site")
    _to_version_b(root)  # a build that got through would change the site
    (root / "FAIL").touch()
    proc = _briefing("build", "--no-pdf", "--root", str(root))
    assert proc.returncode == 1
    _assert_one_line(proc.stderr, "build failed:", "RuntimeError", "the hook broke on purpose")
    assert _digest(root / "site") == before
    _no_leftovers(root)


# --- killed during the swap ----------------------------------------------------------

# What the site is right after the kill: "A" (the old one), "B" (the new one), or None
# with the old one waiting in .site.old (a kill between the fallback's two renames).
SWAP_KILLS = {
    "exchange-before": "A",
    "exchange-after": "B",
    "renames-before": "A",
    "renames-between": None,
    "renames-after": "B",
}


@pytest.mark.parametrize("mode", sorted(SWAP_KILLS))
def test_a_build_killed_during_the_swap_never_loses_the_site(
    tmp_path: Path, wrapper: Path, reference: Callable[[str, bool], Path], mode: str
) -> None:
    root = _project(tmp_path)
    site = root / "site"
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    a, b = _digest(reference("A", False)), _digest(reference("B", False))
    assert _digest(site) == a and a != b
    _to_version_b(root)

    killed = _briefing("build", "--no-pdf", "--root", str(root), mode=mode, wrapper=wrapper)
    if killed.returncode == 3:
        pytest.skip("this filesystem cannot exchange two folders atomically")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    expected = SWAP_KILLS[mode]
    if expected is None:
        assert not site.exists() and _digest(root / ".site.old") == a
    else:
        assert _digest(site) == (a if expected == "A" else b)

    after = _briefing("build", "--no-pdf", "--root", str(root))
    assert after.returncode == 0, after.stderr
    assert _digest(site) == b
    assert ("restored" in after.stderr) == (expected is None), after.stderr
    _no_leftovers(root)


def test_an_interrupted_swap_is_undone_even_if_the_next_build_fails(
    tmp_path: Path, wrapper: Path
) -> None:
    root = _project(tmp_path)
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    before = _digest(root / "site")
    _to_version_b(root)
    killed = _briefing(
        "build", "--no-pdf", "--root", str(root), mode="renames-between", wrapper=wrapper
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (root / "site").exists()
    (root / "content" / "actors" / "russia.md").write_text("---\nname: [broken\n---\n")
    proc = _briefing("build", "--no-pdf", "--root", str(root))
    assert proc.returncode == 1
    assert "note: restored" in proc.stderr and "site/ was left as it was" in proc.stderr
    assert _digest(root / "site") == before
    _no_leftovers(root)


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_leftovers_of_an_earlier_build_never_stop_a_build(tmp_path: Path, kind: str) -> None:
    root = _project(tmp_path)
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    for name in (".site.old", ".site.building"):
        leftover = root / name
        if kind == "folder":
            (leftover / "css").mkdir(parents=True)
            (leftover / "css" / "junk.css").write_text("junk")
        else:
            leftover.write_text("junk")
    status, _ = run_cli("build", "--no-pdf", "--root", str(root))
    assert status == 0
    _no_leftovers(root)


def test_the_swap_falls_back_to_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    monkeypatch.setattr(atomic, "exchange", lambda a, b: False)
    _to_version_b(root)
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    assert EDIT[1] in (root / "site" / "agreements" / "energy-pause.html").read_text()
    _no_leftovers(root)


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    if not atomic.exchange(a, b):
        pytest.skip("this filesystem cannot exchange two folders atomically")
    assert [p.name for p in b.iterdir()] == ["from-a"] and not any(a.iterdir())
    with pytest.raises(FileNotFoundError):
        atomic.exchange(a, tmp_path / "missing")


# --- killed while writing the PDF cache ----------------------------------------------


@pytest.mark.parametrize("mode", ["cache-half", "cache-temp-half"])
def test_a_pdf_cut_short_in_the_cache_is_never_published(
    tmp_path: Path, wrapper: Path, reference: Callable[[str, bool], Path], mode: str
) -> None:
    root = _project(tmp_path)
    cache = root / "build" / "pdf-cache"
    assert run_cli("build", "--root", str(root))[0] == 0
    before = _digest(root / "site")
    _to_version_b(root)

    killed = _briefing("build", "--root", str(root), mode=mode, wrapper=wrapper)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _digest(root / "site") == before
    if mode == "cache-half":  # the fault really left a cut-short entry under its own name
        (entry,) = cache.glob("full-*.pdf")
        assert not entry.read_bytes().rstrip().endswith(b"%%EOF")

    proc = _briefing("build", "--root", str(root))
    assert proc.returncode == 0, proc.stderr
    published = root / "site" / "briefing.pdf"
    expected = reference("B", True) / "briefing.pdf"
    assert _pages(published) == _pages(expected)
    assert published.read_bytes() == expected.read_bytes()
    (entry,) = cache.glob("full-*.pdf")  # the bad entry is gone, a sound one took its place
    assert entry.read_bytes() == expected.read_bytes()
    _no_leftovers(root)


def test_a_cache_entry_that_does_not_check_out_is_laid_out_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_cli("build", "--root", str(root))[0] == 0
    good = (root / "site" / "briefing.pdf").read_bytes()
    (entry,) = (root / "build" / "pdf-cache").glob("full-*.pdf")
    # Same length, still starting with %PDF- and ending with %%EOF: only the digest can tell.
    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 0xFF
    entry.write_bytes(bytes(damaged))
    assert run_cli("build", "--root", str(root))[0] == 0
    assert (root / "site" / "briefing.pdf").read_bytes() == good


# --- one build at a time -------------------------------------------------------------


def _wait_for(check: Callable[[], bool], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_a_second_command_is_turned_away_while_a_build_runs(
    tmp_path: Path, wrapper: Path, reference: Callable[[str, bool], Path]
) -> None:
    root = _project(tmp_path)
    held, go = tmp_path / "held", tmp_path / "go"
    env = _env(HELD=str(held), GO=str(go))
    first = subprocess.Popen(
        [sys.executable, str(wrapper), "hold", "build", "--no-pdf", "--root", str(root)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(held.exists), "the first build never got the lock"
        message = (
            f"error: another briefing command (build, pid {first.pid}) is using this "
            "project; wait for it to finish\n"
        )
        second = _briefing("build", "--no-pdf", "--root", str(root))
        assert (second.returncode, second.stderr) == (1, message)
        pdf = _briefing("pdf", "--root", str(root), "-o", str(tmp_path / "out.pdf"))
        assert (pdf.returncode, pdf.stderr) == (1, message)
        assert not (tmp_path / "out.pdf").exists()
    finally:
        go.touch()
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert _digest(root / "site") == _digest(reference("A", False))
    # The lock went with its holder: the next build goes ahead.
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0


def test_two_builds_started_together_never_mix_their_sites(
    tmp_path: Path, reference: Callable[[str, bool], Path]
) -> None:
    root = _project(tmp_path)
    command = [sys.executable, "-m", "generator", "build", "--no-pdf", "--root", str(root)]
    procs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
        )
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    results = [(p.returncode, stderr) for p, stderr in zip(procs, errors, strict=True)]
    # They may or may not overlap; if they do, the second is turned away in one line.
    assert 0 in [status for status, _ in results], results
    for status, stderr in results:
        if status != 0:
            assert status == 1
            assert re.fullmatch(r"error: another briefing command \(build, pid \d+\) .*\n", stderr)
    assert _digest(root / "site") == _digest(reference("A", False))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_holds_the_lock_while_it_runs(tmp_path: Path) -> None:
    root = _project(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(root)]
        + ["--dev-addr", f"127.0.0.1:{_free_port()}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    lock = root / "build" / ".lock"
    try:
        assert _wait_for(lambda: lock.is_file() and lock.read_text() == f"serve {server.pid}\n")
        proc = _briefing("build", "--no-pdf", "--root", str(root))
        assert proc.returncode == 1
        assert f"(serve, pid {server.pid})" in proc.stderr
    finally:
        server.terminate()
        server.wait(timeout=20)


# --- a full disk ---------------------------------------------------------------------


def test_a_full_disk_fails_the_build_cleanly_and_keeps_the_site(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "24m")
    try:
        root = _project(disk)
        assert _briefing("build", "--root", str(root)).returncode == 0
        before = _digest(root / "site")
        pages = _pages(root / "site" / "briefing.pdf")
        filler = _fill(disk)

        # Nothing changed: only MkDocs has anything to write, into its staging folder.
        proc = _briefing("build", "--root", str(root))
        assert proc.returncode == 1
        _assert_one_line(proc.stderr, "error:", "no space left on device")
        assert _digest(root / "site") == before

        # Changed content: the generated pages cannot be written either.
        _to_version_b(root)
        proc = _briefing("build", "--root", str(root))
        assert proc.returncode == 1
        _assert_one_line(proc.stderr, "error:", "no space left on device", "site/ was left")
        assert _digest(root / "site") == before
        assert _pages(root / "site" / "briefing.pdf") == pages
        _no_leftovers(root)

        filler.unlink()
        proc = _briefing("build", "--root", str(root))
        assert proc.returncode == 0, proc.stderr
        assert EDIT[1] in (root / "site" / "agreements" / "energy-pause.html").read_text()
        assert _pages(root / "site" / "briefing.pdf") == pages
    finally:
        _unmount(disk)


def test_a_full_disk_under_the_pdf_cache_only_costs_a_layout(
    tmp_path: Path, reference: Callable[[str, bool], Path]
) -> None:
    root = _project(tmp_path)
    cache = root / "build" / "pdf-cache"
    _mount_tmpfs(cache, "16k")  # smaller than the PDF: only the cache entry cannot be written
    try:
        expected = (reference("A", True) / "briefing.pdf").read_bytes()
        assert len(expected) > 16 * 1024
        for _ in range(2):
            proc = _briefing("build", "--root", str(root))
            assert proc.returncode == 0, proc.stderr
            assert (root / "site" / "briefing.pdf").read_bytes() == expected
            assert list(cache.iterdir()) == []  # nothing cut short was kept
    finally:
        _unmount(cache)


# --- one-line errors for what the OS refuses ------------------------------------------


Capture = pytest.CaptureFixture[str]


def _fails_in_one_line(capsys: Capture, *args: str) -> str:
    status, _ = run_cli(*args)
    err = capsys.readouterr().err
    assert status == 1, err
    return _assert_one_line(err, "error:")


def test_build_in_an_unwritable_project_folder(tmp_path: Path, capsys: Capture) -> None:
    root = _project(tmp_path)
    with _read_only(root) as reason:
        line = _fails_in_one_line(capsys, "build", "--no-pdf", "--root", str(root))
    assert line.startswith(f"error: cannot write {root}/: {reason}"), line


def test_build_with_a_read_only_build_folder(tmp_path: Path, capsys: Capture) -> None:
    root = _project(tmp_path)
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    before = _digest(root / "site")
    _to_version_b(root)
    with _read_only(root / "build") as reason:
        line = _fails_in_one_line(capsys, "build", "--no-pdf", "--root", str(root))
    assert re.match(rf"error: cannot write build/(\.lock|docs/[^:]*)?: {reason}", line), line
    assert _digest(root / "site") == before


def test_build_where_build_is_a_file(tmp_path: Path, capsys: Capture) -> None:
    root = _project(tmp_path)
    (root / "build").write_text("not a folder")
    line = _fails_in_one_line(capsys, "build", "--no-pdf", "--root", str(root))
    reason = "error: cannot write build/: it is a file, not a folder"
    assert line == f"{reason}; site/ was left as it was"
    assert _fails_in_one_line(capsys, "pdf", "--root", str(root)) == reason


def test_build_into_an_unwritable_site_dir(tmp_path: Path, capsys: Capture) -> None:
    root = _project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with _read_only(out) as reason:
        line = _fails_in_one_line(
            capsys, "build", "--no-pdf", "--root", str(root), "--site-dir", str(out / "site")
        )
    assert line.startswith(f"error: cannot write {out}/: {reason}"), line
    assert list(out.iterdir()) == []


def test_build_into_a_site_dir_that_is_a_file(tmp_path: Path, capsys: Capture) -> None:
    root = _project(tmp_path)
    (root / "notes.txt").write_text("mine")
    line = _fails_in_one_line(
        capsys, "build", "--no-pdf", "--root", str(root), "--site-dir", "notes.txt"
    )
    assert line.startswith("error: cannot write notes.txt/: it is a file, not a folder"), line
    assert (root / "notes.txt").read_text() == "mine"


def test_pdf_into_a_missing_folder_fails_in_one_line_and_makes_none(
    tmp_path: Path, capsys: Capture
) -> None:
    root = _project(tmp_path)
    (root / "notes.txt").write_text("mine")
    line = _fails_in_one_line(capsys, "pdf", "--root", str(root), "-o", "notes.txt/new/x.pdf")
    assert line == "error: cannot write notes.txt/: it is a file, not a folder"
    line = _fails_in_one_line(capsys, "pdf", "--root", str(root), "-o", "new/folder/x.pdf")
    assert line == "error: the folder new/folder/ does not exist; create it first"
    assert not (root / "new").exists()
    (root / "new").mkdir()
    status, _ = run_cli("pdf", "--root", str(root), "-o", "new/x.pdf")
    assert status == 0 and _pages(root / "new" / "x.pdf") > 0
    with _read_only(root / "new") as reason:
        line = _fails_in_one_line(capsys, "pdf", "--root", str(root), "-o", "new/other.pdf")
    assert line == f"error: cannot write new/: {reason}"


def test_schema_into_a_file_fails_in_one_line(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "taken").write_text("mine")
    line = _fails_in_one_line(capsys, "schema", "--root", str(tmp_path), "-o", "taken/schema")
    assert line == "error: cannot write taken/: it is a file, not a folder"
