#!/usr/bin/env python
"""Django's command-line utility for DefenseTrack."""

import os
import sys

# Commands that sign nothing and serve nobody may run on a machine with no SECRET_KEY set.
KEYLESS_COMMANDS = {"extract", "help"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "defensetrack.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ.setdefault("DEFENSETRACK_ALLOW_INSECURE_KEY", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
