"""The Whoosh index of testimonies, derived from the catalogue: schema and
analysis, documents built from records, the index writer, and the search
function that returns testimonies with their best moments.

Builds on `archive`; knows nothing of the ingest pipeline or the web.
"""
