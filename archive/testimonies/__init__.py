"""Testimonies: their records and read queries, transcript pages and formats,
browsing by country and theme, and what OAI-PMH harvesters may collect.

Knows nothing of the speaker finder or of programmes, which build on it.
"""
