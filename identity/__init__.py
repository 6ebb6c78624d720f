"""Identity resolution: which person records are the same person (issue #16, docs/identity.md).

`identity.model` links records (plain dicts) with Splink on DuckDB; `identity.records`
turns import files into those dicts through the real importers' parsers. This layer sits
between the use cases and storage (.importlinter): it may read files through graph/'s
parsers, and services/ and seed/ call it.
"""
