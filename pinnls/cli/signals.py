"""Who holds SIGTERM while a command starts: set by :func:`pinnls.cli.main`, released by the
command as it starts writing (:func:`writing_begins`). Its own module, imported by both, so
that the commands need not import the CLI's entry point."""

from __future__ import annotations

__all__ = ["writing_begins"]

#: The running :class:`pinnls.cli._CtrlC` while it handles SIGTERM (anything with
#: ``release_sigterm()``), else None.
running = None

#: The running :class:`pinnls.cli._CtrlC` while it handles SIGINT (anything with
#: ``received``), else None.
interrupts = None


def writing_begins() -> None:
    """Called by a command as it starts writing files (``common.check_writable``): SIGTERM
    stops being reported as ``terminated ...; nothing was written``.

    Raises
    ------
    KeyboardInterrupt
        A Ctrl-C (or SIGTERM) arrived while the command started but did not stop it: code that
        catches every exception (an optional import) took its KeyboardInterrupt. Nothing has
        been written yet, so the command ends here as an interruption.
    """
    if any(holder is not None and holder.received for holder in (interrupts, running)):
        raise KeyboardInterrupt
    if running is not None:
        running.release_sigterm()
