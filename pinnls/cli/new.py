"""``pinnls new NAME [--template transport|diffusion|poisson|acoustics|hole]``: a starter file."""

from __future__ import annotations

import argparse
from pathlib import Path

from pinnls.cli.common import UsageError, add_debug

#: The starter files in pinnls/templates/, the first the default.
TEMPLATES = ("transport", "diffusion", "poisson", "acoustics", "hole")


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "new", help="write NAME.py, a commented problem file to start from"
    )
    parser.add_argument(
        "name", help="the problem's name; the file is NAME.py (NAME may include a folder)"
    )
    parser.add_argument(
        "--template",
        choices=TEMPLATES,
        default=TEMPLATES[0],
        help="the kind of problem: transport u_t + a u_x = 0 (default), diffusion "
        "u_t = k u_xx, poisson -(u_xx + u_yy) = f, or acoustics (a system of two unknowns: "
        "p_t + K v_x = 0, v_t + p_x / rho = 0), or hole (Poisson on a plate with a round "
        "hole, a Robin condition on its rim)",
    )
    add_debug(parser)
    parser.set_defaults(run=run)


def template_path(kind: str) -> Path:
    import pinnls

    return Path(pinnls.__file__).resolve().parent / "templates" / f"{kind}.py"


def run(args: argparse.Namespace) -> int:
    path = Path(args.name if args.name.endswith(".py") else f"{args.name}.py")
    name = path.stem
    if not name or name.startswith("."):
        raise UsageError(f"{args.name!r}: give a name such as heat or runs/heat")
    text = template_path(args.template).read_text(encoding="utf-8").replace("__NAME__", name)
    # the folders that NAME names and that do not exist yet, made here and removed again if
    # the file cannot be written (nothing half made is left)
    made: list[Path] = []
    opened = False
    try:
        for folder in reversed(path.parents):
            if str(folder) != "." and not folder.is_dir():
                folder.mkdir()  # a file (or a dangling link) there fails: one line below
                made.append(folder)
        with open(path, "x", encoding="utf-8") as file:  # "x": never overwrite
            opened = True
            file.write(text)
    except OSError as error:
        if opened:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(error, FileExistsError) and not opened and path.exists():
            raise UsageError(f"{path} exists; choose another name or remove it first") from None
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"wrote {path} ({args.template}); next: pinnls check {path}, then pinnls solve {path}")
    return 0
