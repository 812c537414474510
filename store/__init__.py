"""The library's storage: the paper catalog (source of truth), the user's data in TinyDB, export writers.

Nothing here imports Textual or Whoosh.
"""
