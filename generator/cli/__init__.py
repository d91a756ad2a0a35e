"""The `briefing` command."""
