"""The catalogue: settings, SQLAlchemy models, migrations, vocabularies, and the
read queries (returning plain records) and write operations over them.

Knows nothing of Whoosh, Flask or pydantic: everything else builds on it.
"""
