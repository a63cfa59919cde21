"""Speaker programmes: programmes and their talks (read and saved from drafts),
and talk requests from the public form.

Imports no other area: a talk's testimonies and speakers are read from the
models under the access rule, never through archive.testimonies or speakers.
"""
