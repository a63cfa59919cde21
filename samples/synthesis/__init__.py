"""The demo collection's synthetic audio: recording parts read from the transcripts, spoken,
retimed and encoded. samples/make_audio.py is the command that drives it."""
