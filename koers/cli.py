"""The ``koers`` command: Django's management commands with Koers's settings, from any folder.

koers backup                 # koers-backup-<date>-<time>.tar.gz in the current folder
koers restore FILE [--force]
koers migrate, koers load_demo, ...
"""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    execute_from_command_line(["koers", *sys.argv[1:]])


if __name__ == "__main__":
    main()
