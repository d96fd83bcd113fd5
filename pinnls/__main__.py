"""``python -m pinnls`` is the ``pinnls`` command."""

import sys

from .cli import main

sys.exit(main())
