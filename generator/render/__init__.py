"""Pages from the linked model: the Markdown pages of the site and the HTML parts of the
PDF, through one writer protocol; the citation, the contributor reference and the
scaffold of `briefing new`."""
