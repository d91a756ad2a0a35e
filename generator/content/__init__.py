"""The first stages: load `content/`, check each record against its collection's model,
link the references, and validate the whole (also between two revisions: changes)."""
