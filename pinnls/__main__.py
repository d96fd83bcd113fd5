"""``python -m pinnls`` is the ``pinnls`` command."""

import sys

from pinnls.cli import main

sys.exit(main())
