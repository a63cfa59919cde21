"""The `testimony` command line: `commands` wires it together, one module per command group."""

from web.cli.commands import main

__all__ = ["main"]
