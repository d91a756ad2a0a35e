"""The PDF cache: an unchanged document is read back instead of laid out again.

Layout is by far the slowest step of a build. An entry's name carries the key of the
print HTML and renderer it was made from, and the digest of its bytes, checked on every
read: a file cut short by a full disk, a kill or a crash is laid out again, never
published. The cache never fails a build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.project.atomic import TEMP_SUFFIX, write_atomic


def whole_pdf(data: bytes, digest: str) -> bool:
    """Whether `data` is the complete file the cache stored under `digest`."""
    return (
        hashlib.sha256(data).hexdigest() == digest
        and data.startswith(b"%PDF-")
        and data.rstrip(b"\r\n").endswith(b"%%EOF")
    )


def read_cache(cache_dir: Path, key: str, edition: str = "full") -> bytes | None:
    """The cached PDF of `edition` for `key`, if there is a sound one; a damaged entry is
    deleted."""
    # An entry's name carries the digest of its bytes, checked on every read: a file cut
    # short by a full disk, a kill or a crash is laid out again, never published.
    for entry in sorted(cache_dir.glob(f"{edition}-{key}-*.pdf")):
        digest = entry.stem.rpartition("-")[2]
        try:
            data = entry.read_bytes()
            if whole_pdf(data, digest):
                return data
            entry.unlink()
        except OSError:
            continue  # an unreadable cache only costs the time of a layout
    return None


def write_cache(cache_dir: Path, key: str, data: bytes, edition: str = "full") -> None:
    """Keep `data` as the one entry of the cache for `edition`; give up quietly if it
    cannot be written."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Old entries, and temporary files of a writer that was killed, go first: on a
        # nearly full disk that is the room the new entry needs.
        for old in [*cache_dir.glob(f"{edition}-*.pdf"), *cache_dir.glob(f".*{TEMP_SUFFIX}")]:
            old.unlink()
        digest = hashlib.sha256(data).hexdigest()
        write_atomic(cache_dir / f"{edition}-{key}-{digest}.pdf", data)
    except OSError:
        pass  # the build has its bytes; a missing cache entry only costs a layout next time
