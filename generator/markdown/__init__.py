"""Contributor Markdown: the subset read in linear time, the scan for links and
citations, the allowlists and the sanitiser, validation by rendering, and the audit of
every file the builders write."""
