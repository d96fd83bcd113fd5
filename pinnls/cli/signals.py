"""Who holds SIGTERM while a command starts: set by :func:`pinnls.cli.main`, released by the
command as it starts writing (:func:`writing_begins`). Its own module, imported by both, so
that the commands need not import the CLI's entry point."""

from __future__ import annotations

__all__ = ["writing_begins"]

#: The running :class:`pinnls.cli._CtrlC` while it handles SIGTERM (anything with
#: ``release_sigterm()``), else None.
running = None


def writing_begins() -> None:
    """Called by a command as it starts writing files (``common.check_writable``): SIGTERM
    stops being reported as ``terminated ...; nothing was written``."""
    if running is not None:
        running.release_sigterm()
