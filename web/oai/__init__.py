"""OAI-PMH 2.0 behind web/views/oai.py: request arguments and tokens, XML, Dublin Core."""
