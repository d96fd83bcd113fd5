"""The ``pinnls`` command line: the only package that prints and chooses exit codes.

One module per subcommand (``check``, ``solve``, ``info``, ``study``), each with ``add_parser``
and ``run``; ``common`` holds what they share.

Exit codes: 0 success, 2 a user error (bad problem file, option, output path, divergence, bad
checkpoint, memory that cannot fit, a full disk, a folder that another run holds) reported in one
line on stderr, 130 interrupted by Ctrl-C and 143 terminated by SIGTERM (partial results written).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence

from pinnls import __version__
from pinnls.cli import check, info, solve, study
from pinnls.cli.common import EXIT_INTERRUPTED, EXIT_USAGE
from pinnls.errors import PinnlsError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` when omitted.
    """
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        args.argv = argv
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        with _warnings_to_stderr():
            return args.run(args)
    except PinnlsError as error:
        if args.debug:
            raise
        message = " ".join(str(error).split())  # one line, whatever the library wrote
        print(f"pinnls: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Ctrl-C outside training (loading, compiling, writing): nothing to save.
        if args.debug:
            raise
        print("pinnls: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


class _Parser(argparse.ArgumentParser):
    """argparse prints usage on errors; keep the one-line convention of the other errors."""

    def error(self, message: str):  # type: ignore[override]
        print(f"pinnls: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pinnls",
        description="Solve linear PDEs with physics-informed networks trained by LSGD.",
    )
    parser.add_argument("--version", action="version", version=f"pinnls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (check, solve, study, info):
        module.add_parser(commands)
    return parser


class _StderrHandler(logging.Handler):
    """Library warnings as ``pinnls: warning: ...`` lines on the current ``sys.stderr``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = " ".join(record.getMessage().split())
            print(f"pinnls: {record.levelname.lower()}: {message}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


@contextlib.contextmanager
def _warnings_to_stderr():
    """Show the library's logged warnings and ``warnings.warn`` calls as one line each."""
    import warnings

    logger = logging.getLogger("pinnls")
    handler = _StderrHandler(level=logging.WARNING)
    old_level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)

    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        print(f"pinnls: warning: {text} ({category.__name__})", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show
            yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
