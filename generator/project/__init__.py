"""A briefing project on disk: where its files are, its site configuration, and the
transactions on them (lock, atomic writes, the swap of `site/`, git history)."""
