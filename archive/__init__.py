"""The catalogue: settings, SQLAlchemy models, migrations, vocabularies and write
operations, and a package per area (testimonies, speakers, programmes, exports)
with its read queries returning plain records.

Knows nothing of Whoosh, Flask or pydantic: everything else builds on it.
"""
