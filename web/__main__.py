"""`python -m web` runs the `testimony` command line."""

from web.cli import main

main(prog_name="testimony")
