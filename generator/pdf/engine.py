"""The PDF engine's versions, and whether this package may use its internals.

Two kinds of change reach into WeasyPrint and pydyf beyond their documented API: the
page numbers written after layout (pagenumbers.py), which can print wrong numbers if
WeasyPrint's laid-out boxes change, and three speed-ups (pdf/tuning.py), which
cannot change what is printed but could break. Both run only with exactly the versions
they were written and tested against (pyproject.toml pins them). With any other version,
or with BRIEFING_PDF_INTERNALS=off, the PDF is made with WeasyPrint's documented API
alone: the same document, with page numbers from CSS `target-counter()`, more slowly.
"""

from __future__ import annotations

import os
from functools import cache

TESTED = {"weasyprint": "70.0", "pydyf": "0.13.0"}
"""The versions whose internals this package was written and tested against."""

SWITCH = "BRIEFING_PDF_INTERNALS"
"""Set to "off" to make PDFs with the documented API only (what other versions get)."""


def internals_allowed() -> bool:
    """Whether the installed engine is the one this package knows, and not switched off."""
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "no", "false"):
        return False
    return installed() == TESTED


@cache
def installed() -> dict[str, str]:
    """The installed versions of the engine's two packages."""
    import pydyf
    import weasyprint

    return {"weasyprint": weasyprint.__version__, "pydyf": pydyf.__version__}
