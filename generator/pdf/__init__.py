"""The PDF editions: WeasyPrint, its tuning for one render, page numbers, and the cache."""
