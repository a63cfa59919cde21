"""Testimonies and their collections: records, read queries, saves from drafts
(with the tombstones of withdrawn ones), transcript pages and formats, browsing
by country and theme, and what OAI-PMH harvesters may collect.

Knows nothing of the other areas; speakers and exports build on it.
"""
