#!/usr/bin/env python
"""Django's command-line utility for the SEND Redress web service.

Settings: ``web.settings`` (local, SQLite) unless DJANGO_SETTINGS_MODULE says otherwise, e.g.
``web.settings_production``.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
