"""Speakers: the speaker finder's and speaker pages' read queries and records,
and saving a speaker from its draft.

Builds on testimonies (a speaker is known through them); they know nothing of it.
"""
