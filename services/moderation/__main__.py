"""`python -m services.moderation`: run the service; `classify` and `bench` subcommands."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
