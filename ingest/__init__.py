"""The ingest pipeline: manifests validated with pydantic, transcript parsers
(one module per format, pure functions), audio metadata through mutagen, and
the pipeline that writes the catalogue and then the index, with its report.

Builds on `archive` and `search`; knows nothing of the web.
"""
