"""Static briefing-site generator: content model, validator, page generator and PDF."""

__version__ = "0.2.0"
