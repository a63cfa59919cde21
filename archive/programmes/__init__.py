"""Speaker programmes: programmes and their talks, and talk requests from the public form.

Imports no other area: a talk's testimonies are read from the models under the
access rule, never through archive.testimonies.
"""
