"""The Textual app: a thin layer over papertui's core (it imports the core, never the reverse)."""
