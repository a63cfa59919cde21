"""Exports: the catalogue and its transcripts written out for other systems.

Pure functions turn records into text or bytes — the catalogue as CSV and JSON
(`csv_json`), transcripts as WebVTT, plain text and OHMS XML
(`transcript_files`, `ohms_writer`); `selection` picks the testimonies an
export may hold, `folders` and `bag` write files on disk (a BagIt bag for
preservation hand-off). Depends on nothing outside `archive`.
"""

FORMATS = ("csv", "json", "webvtt", "ohms", "bag")
