#!/usr/bin/env python
"""Django's command-line utility for Kubelab.

`platform/` is a source root (like `src/`), not a package: a package named
`platform` would shadow Python's own module, so we put it on sys.path instead.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(1, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubelab.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
