"""``python -m pinnls`` is the ``pinnls`` command."""

import sys

try:
    from pinnls.cli import main
except KeyboardInterrupt:
    # A Ctrl-C while the module that installs the Ctrl-C handling is itself being imported.
    print("pinnls: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
