"""The Flask front end and the command line: `create_app`, one blueprint per
area, templates and static files, and the `testimony` CLI, which is the
composition root that wires settings, catalogue, index and pipeline together.
"""
