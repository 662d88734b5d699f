"""jq 1.6 on the console host: a lexer, parser and evaluator over JSON values (see cli.py)."""
from clusters.console.jq.cli import main

__all__ = ["main"]
