"""The ``pinnls`` command line: the only package that prints and chooses exit codes.

One module per subcommand (``new``, ``check``, ``solve``, ``study``, ``info``, ``eval``), each
with ``add_parser`` and ``run``; ``common`` holds what they share.

Exit codes: 0 success, 2 a user error (bad problem file, option, output path, divergence, bad
checkpoint, memory that cannot fit, a full disk, a folder that another run holds) reported in one
line on stderr, 130 interrupted by Ctrl-C and 143 terminated by SIGTERM (partial results written
once training has begun; ``pinnls: terminated (SIGTERM) ...; nothing was written`` before).

Importing this package imports nothing but ``sys`` (``pinnls`` itself loads its names on first
use): :func:`main` installs its Ctrl-C handling first and only then imports argparse, the
subcommands and, through them, numpy, sympy or torch, so that a Ctrl-C at any moment from then
on ends in one line and exit code 130, never in a traceback. Before it (Python's own start, and
the import of ``pinnls`` and of this module, a few milliseconds) Python's default applies;
``python -m pinnls`` also catches one that lands while this module is imported.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

#: The subcommand modules, in the order of ``pinnls --help``; imported by :func:`main`.
COMMANDS = ("new", "check", "solve", "study", "info", "eval")

#: 128 + SIGINT (also ``common.EXIT_INTERRUPTED``, which is not imported before it is needed).
_EXIT_INTERRUPTED = 130
#: 128 + SIGTERM (also ``common.EXIT_TERMINATED``).
_EXIT_TERMINATED = 143


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` when omitted.
    """
    program = argv is None  # run as the program (the console script, python -m pinnls)
    argv = list(sys.argv[1:] if argv is None else argv)
    if program:
        if sys.stdout is not None and not isinstance(sys.stdout, _QuietPipe):
            sys.stdout = _QuietPipe(sys.stdout)
        if sys.stderr is not None and not isinstance(sys.stderr, _QuietPipe):
            sys.stderr = _QuietPipe(sys.stderr)  # 2>&1 into the same closed pipe
    ctrl_c = _CtrlC()
    try:
        with ctrl_c:
            return _main(argv, ctrl_c)
    except BaseException as error:
        # Ctrl-C outside training (starting, loading, compiling, writing): nothing to save.
        # What it raised may be another error: numpy's C import turns it into an ImportError.
        if "--debug" in argv or not (ctrl_c.received or isinstance(error, KeyboardInterrupt)):
            raise
        if ctrl_c.terminated:
            command = next((a for a in argv if not a.startswith("-")), None)
            when = " before training began" if command in ("solve", "study") else ""
            print(f"pinnls: terminated (SIGTERM){when}; nothing was written", file=sys.stderr)
            return _leave(_EXIT_TERMINATED, program)
        print("pinnls: interrupted", file=sys.stderr)
        return _leave(_EXIT_INTERRUPTED, program)
    finally:
        _forget_interrupts_in_exec()


class _QuietPipe:
    """The program's stdout (or stderr), which a reader may close early (``pinnls info DIR |
    head -1``): the first write that finds the pipe closed points the stream at the null
    device instead, so that the command goes on to its end (a solve still writes its results)
    without a BrokenPipeError traceback, and the interpreter's last flush finds nothing to
    complain of."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _closed(self) -> None:
        import os

        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass  # a stream without a descriptor: its writes are dropped below

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._closed()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._closed()
            try:
                self._stream.flush()  # the buffer goes to the null device now
            except OSError:
                pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _CtrlC:
    """While :func:`main` runs, SIGINT raises KeyboardInterrupt as Python's own handler does,
    and is remembered: whatever error it ends in is reported as an interruption.

    A KeyboardInterrupt raised where Python drops exceptions (a weakref callback of the import
    machinery, a ``__del__``: "Exception ignored in ...") is delivered again, so that a Ctrl-C
    is never lost; one that code catching every exception took anyway is raised again before
    the command writes anything (:func:`pinnls.cli.signals.writing_begins`). Installed only
    over Python's default handler (a run in the background that
    ignores SIGINT keeps ignoring it) and only in the main thread; what it replaced is given
    back on exit.

    SIGTERM is handled the same way until the command starts writing
    (:func:`pinnls.cli.signals.writing_begins`),
    so that a ``kill`` while starting or loading ends in one line and exit code 143; from then
    on it is the command's own affair (``pinnls solve`` saves partial results, the others end
    at once as by default). Installed only over the default action, and not on torchrun's ranks
    other than 0 (torchrun stops them with SIGTERM; rank 0 speaks for the run).
    """

    def __init__(self) -> None:
        self.received = False
        self.terminated = False
        self._previous = None
        self._previous_hook = None
        self._previous_term = None

    def _handle(self, number, frame) -> None:
        self.received = True
        raise KeyboardInterrupt

    def _handle_term(self, number, frame) -> None:
        self.received = self.terminated = True
        raise KeyboardInterrupt

    def _unraisable(self, unraisable) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and self._previous is not None:
            import _thread
            import os
            import signal

            # Sent from another thread, the signal is handled in this one at its next ordinary
            # bytecode, after the callback (here, raise_signal would raise inside the hook).
            _thread.start_new_thread(os.kill, (os.getpid(), signal.SIGINT))
            return
        self._previous_hook(unraisable)

    def __enter__(self) -> _CtrlC:
        import os
        import signal

        from pinnls.cli import signals

        rank, world = os.environ.get("RANK", "0"), os.environ.get("WORLD_SIZE", "1")
        follower = rank != "0" and world != "1"  # distributed.follower(), without torch
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL and not follower:
            try:
                self._previous_term = signal.signal(signal.SIGTERM, self._handle_term)
                signals.running = self
            except ValueError:  # not the main thread
                pass
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            try:
                self._previous = signal.signal(signal.SIGINT, self._handle)
            except ValueError:  # not the main thread: signals reach only that one
                return self
            self._previous_hook = sys.unraisablehook
            sys.unraisablehook = self._unraisable
            signals.interrupts = self
        return self

    def __exit__(self, *exc) -> None:
        self.release_sigterm()
        if self._previous is not None:
            import signal

            from pinnls.cli import signals

            if signals.interrupts is self:
                signals.interrupts = None
            signal.signal(signal.SIGINT, self._previous)
            sys.unraisablehook = self._previous_hook
            self._previous = self._previous_hook = None

    def release_sigterm(self) -> None:
        """Give SIGTERM back to what it was before :func:`main` (if it is still ours)."""
        from pinnls.cli import signals

        if self._previous_term is not None:
            import signal

            if signal.getsignal(signal.SIGTERM) == self._handle_term:
                signal.signal(signal.SIGTERM, self._previous_term)
            self._previous_term = None
        if signals.running is self:
            signals.running = None


def _leave(code: int, program: bool) -> int:
    """The exit code of an interruption outside training; as the program, leave at once.

    An interrupt that lands while torch imports leaves it half initialized, and the
    interpreter's finalization then aborts (``Fatal Python error: PyThreadState_Get``, exit -6,
    seen on a loaded machine after the one-line message). Nothing is left to clean up here (no
    file was written, every ``finally`` has run), so the program ends without finalizing.
    """
    if not program:
        return code
    import os

    _forget_interrupts_in_exec()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _forget_interrupts_in_exec() -> None:
    """Keep the exit code that :func:`main` returns after a Ctrl-C that it handled.

    CPython remembers a KeyboardInterrupt that left code run by ``exec`` of a string (dataclasses
    and namedtuple build their methods so, while modules are imported) even when a caller
    handled it, and at exit then kills the process with SIGINT instead of returning the exit
    code (-2 in place of 130). Running any string through ``exec`` clears that memory; a
    KeyboardInterrupt that leaves ``main`` (``--debug``) sets it again.
    """
    exec("pass", {})


def _main(argv: list[str], ctrl_c: _CtrlC) -> int:
    if argv[:1] == ["--version"]:  # what argparse prints, without building every subcommand
        from pinnls import __version__

        print(f"pinnls {__version__}")
        return 0
    from pinnls.cli.common import EXIT_USAGE, warnings_to_stderr
    from pinnls.errors import PinnlsError

    parser = _parser()
    try:
        args = parser.parse_args(argv)
        args.argv = argv
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        with warnings_to_stderr():
            return args.run(args)
    except PinnlsError as error:
        if args.debug or ctrl_c.received:  # an error that a Ctrl-C caused is an interruption
            raise
        message = " ".join(str(error).split())  # one line, whatever the library wrote
        print(f"pinnls: error: {message}", file=sys.stderr)
        return EXIT_USAGE


def _parser():
    import importlib

    from pinnls import __version__
    from pinnls.cli.common import CommandParser

    parser = CommandParser(
        prog="pinnls",
        description="Solve linear PDEs with physics-informed networks trained by LSGD.",
    )
    parser.add_argument("--version", action="version", version=f"pinnls {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks of errors (before or after COMMAND)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").add_parser(commands)
    return parser
