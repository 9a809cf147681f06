"""`python -m services.archive [command]`: the service, or one of its commands (cli.py)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
