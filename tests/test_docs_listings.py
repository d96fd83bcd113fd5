"""The docs' code listings and quoted outputs match the current code (issue 12, part 4).

Checked in docs/problem-files.md, docs/guide.md and README.md:

- **Listings.** A ```python block preceded by ``<!-- listing: problems/NAME.py -->`` must equal
  that file, and one preceded by ``<!-- listing: problems/NAME.py lines A-B -->`` those lines of
  it. A block that declares a bundled problem (it names one, e.g. ``name="advection-gauss"``)
  without such a marker fails: a copy of a bundled file is always a checked listing.
- **Snippets.** Every other ```python block is run in a fresh namespace, from the repository
  root; in docs/problem-files.md after the block marked ``<!-- context -->`` (the lines the page
  says its snippets assume). A run of whole-line ``# `` comments right after code that calls
  ``print`` is the quoted output: the printed lines must equal it. A snippet that prints without
  quoting its output fails too.
- **Files for commands.** A ```py block preceded by ``<!-- file: NAME.py -->`` is a file that a
  quoted command reads; it is written into the folder where the commands run. It is not a
  snippet (it may fail on purpose), and its fence is ``py`` rather than ``python`` so that
  tests/test_problems.py, which runs the page's ```python blocks in one namespace, skips it
  too.
- **Commands.** Every ```console block is run: each ``$ pinnls ...`` line in a folder that holds
  ``problems/`` and the doc's files, and its stdout and stderr together must equal the lines
  quoted below it. ```bash blocks are commands to type (``make demo``, a solve) and quote no
  output; they may not use the ``$`` prompt, so that no quoted output hides in them.
- **Signatures.** A line of a ```text block written as a call of ``Problem`` or of a
  ``problem.`` method must give the parameters and defaults of the code.

Nothing is excluded: every block of the three documents is one of the kinds above.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT

DOCS = ("docs/problem-files.md", "docs/guide.md", "README.md")
MARKER = re.compile(r"^<!--\s*(.*?)\s*-->$")
LISTING = re.compile(r"^listing:\s*(problems/[\w.-]+\.py)(?:\s+lines\s+(\d+)-(\d+))?$")
FILE = re.compile(r"^file:\s*([\w.-]+)$")
SIGNATURE = re.compile(r"^(Problem|problem\.\w+)\((.*)\)$")


@dataclass(frozen=True)
class Block:
    doc: str
    line: int  # the line of the block's first code line in the document (1-based)
    lang: str
    text: str
    marker: str | None  # the HTML comment just before the opening fence, without <!-- -->

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"


def blocks(doc: str) -> list[Block]:
    """The fenced blocks of a document, each with the marker comment just above it."""
    lines = (ROOT / doc).read_text().splitlines()
    found, index = [], 0
    while index < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[index])
        if not fence:
            index += 1
            continue
        before = index - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        marker = MARKER.match(lines[before].strip()) if before >= 0 else None
        end = index + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        assert end < len(lines), f"{doc}:{index + 1}: the code block is never closed"
        text = "\n".join(lines[index + 1 : end]) + "\n"
        found.append(
            Block(doc, index + 2, fence.group(1), text, marker.group(1) if marker else None)
        )
        index = end + 1
    return found


ALL = [block for doc in DOCS for block in blocks(doc)]


def of(kind: str) -> list[Block]:
    if kind == "listing":
        return [b for b in ALL if b.marker and LISTING.match(b.marker)]
    if kind == "file":
        return [b for b in ALL if b.marker and FILE.match(b.marker)]
    if kind == "snippet":
        return [
            b
            for b in ALL
            if b.lang == "python"
            and not (b.marker and (LISTING.match(b.marker) or FILE.match(b.marker)))
        ]
    return [b for b in ALL if b.lang == kind]


def ids(selected: list[Block]) -> list[str]:
    return [block.where for block in selected]


def test_every_block_is_of_a_checked_kind():
    assert of("listing"), "no listing found: the markers are not parsed"
    for block in ALL:
        assert block.lang in {"python", "console", "bash", "text"} or (
            block.lang == "py" and block.marker and FILE.match(block.marker)
        ), (
            f"{block.where}: a ```{block.lang or '(no language)'} block is not checked; "
            "use python, console, bash or text (py only for a <!-- file: NAME.py --> block)"
        )
        if block.marker and block.marker != "context":
            assert LISTING.match(block.marker) or FILE.match(block.marker), (
                f"{block.where}: unknown marker <!-- {block.marker} -->"
            )
            wanted = "py" if FILE.match(block.marker) else "python"
            assert block.lang == wanted, f"{block.where}: a {block.marker!r} block is ```{wanted}"


# --- listings of the bundled files -----------------------------------------------------------


@pytest.mark.parametrize("block", of("listing"), ids=ids(of("listing")))
def test_listing_equals_the_bundled_file(block: Block):
    path, first, last = LISTING.match(block.marker).groups()
    assert (ROOT / path).is_file(), f"{block.where}: {path} does not exist"
    lines = (ROOT / path).read_text().splitlines()
    if first is None:
        expected = lines
    else:
        first, last = int(first), int(last)
        assert 1 <= first <= last <= len(lines), f"{block.where}: {path} has {len(lines)} lines"
        expected = lines[first - 1 : last]
    shown = block.text.splitlines()
    assert shown == expected, f"{block.where}: the listing differs from {path}" + (
        "" if first is None else f" lines {first}-{last}"
    )


def bundled_names() -> dict[str, str]:
    """Each bundled problem's name (as its file declares it) -> the file."""
    names = {}
    for path in sorted((ROOT / "problems").glob("*.py")):
        for name in re.findall(r'Problem\([^\n]*name="([^"]+)"', path.read_text()):
            names[name] = f"problems/{path.name}"
    return names


def test_every_copy_of_a_bundled_file_is_a_checked_listing():
    names = bundled_names()
    assert len(names) == len(list((ROOT / "problems").glob("*.py")))
    for block in of("python"):
        for name, path in names.items():
            if f'name="{name}"' in block.text:
                assert block.marker and LISTING.match(block.marker), (
                    f"{block.where} declares the bundled problem {name!r}: precede the block "
                    f"with <!-- listing: {path} --> (or a 'lines A-B' excerpt)"
                )


# --- snippets and their quoted output --------------------------------------------------------


def calls_print(code: str) -> bool:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False  # an unfinished statement: the comment is part of the code
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
        for node in ast.walk(tree)
    )


def pieces(block: Block) -> list[tuple[int, str, list[str] | None]]:
    """The block cut into (first line, code, quoted output or None)."""
    lines = block.text.splitlines()
    result, start, index = [], 0, 0
    while index < len(lines):
        code = "\n".join(lines[start:index])
        if lines[index].startswith("#") and calls_print(code):
            end = index
            while end < len(lines) and lines[end].startswith("#"):
                end += 1
            quoted = [re.sub(r"^# ?", "", line) for line in lines[index:end]]
            result.append((block.line + start, code, quoted))
            start = index = end
            continue
        index += 1
    if start < len(lines):
        result.append((block.line + start, "\n".join(lines[start:]), None))
    return result


def context(doc: str) -> Block | None:
    marked = [b for b in ALL if b.doc == doc and b.marker == "context"]
    assert len(marked) <= 1, f"{doc} has {len(marked)} context blocks"
    return marked[0] if marked else None


def run(code: str, first_line: int, where: str, namespace: dict) -> str:
    source = "\n" * (first_line - 1) + code
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(source, where.rsplit(":", 1)[0], "exec"), namespace)
    return output.getvalue()


def test_problem_files_states_the_snippet_context():
    assert context("docs/problem-files.md") is not None


@pytest.mark.parametrize("block", of("snippet"), ids=ids(of("snippet")))
def test_snippet_runs_and_prints_what_it_quotes(block: Block, monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": "__doc_snippet__"}
    before = context(block.doc)
    if before is not None and before != block:
        run(before.text, before.line, before.where, namespace)
    for first_line, code, quoted in pieces(block):
        printed = run(code, first_line, block.where, namespace)
        where = f"{block.doc}:{first_line}"
        if quoted is None:
            assert printed == "", f"{where} prints output that the doc does not quote:\n{printed}"
        else:
            assert printed.rstrip("\n").splitlines() == quoted, (
                f"{where}: the quoted output drifted"
            )


# --- quoted commands -------------------------------------------------------------------------


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """The ``$ command`` lines of a console block, each with the output quoted below it."""
    result = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            result.append((line[2:], []))
        else:
            assert result, f"{block.where}: output before the first '$ ' command"
            result[-1][1].append(line)
    return result


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder with problems/ (a link to the repository's) and the doc's files."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "problems").symlink_to(ROOT / "problems")
    for block in of("file"):
        name = FILE.match(block.marker).group(1)
        assert not (folder / name).exists(), f"{block.where}: {name} is shown twice"
        (folder / name).write_text(block.text)
    return folder


@pytest.mark.parametrize("block", of("console"), ids=ids(of("console")))
def test_quoted_command_output_is_current(block: Block, workdir: Path):
    quoted_commands = commands(block)
    assert quoted_commands, f"{block.where}: a console block without a '$ ' command"
    env = {**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "100"}
    for command, quoted in quoted_commands:
        argv = shlex.split(command)
        assert argv[0] == "pinnls", f"{block.where}: only pinnls commands are run, not {argv[0]}"
        done = subprocess.run(
            [sys.executable, "-m", "pinnls", *argv[1:]],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=60,
        )
        printed = [line.rstrip() for line in done.stdout.rstrip("\n").splitlines()]
        shown = [line.rstrip() for line in "\n".join(quoted).rstrip("\n").splitlines()]
        assert printed == shown, f"{block.where}: the output of `{command}` drifted"


@pytest.mark.parametrize("block", of("bash"), ids=ids(of("bash")))
def test_bash_blocks_quote_no_output(block: Block):
    for line in block.text.splitlines():
        assert not line.startswith("$"), (
            f"{block.where}: a ```bash block with a '$' prompt; quote a command with its output "
            "in a ```console block (tests run those)"
        )


# --- signatures ------------------------------------------------------------------------------


def parameters(function) -> str:
    shown = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.default is inspect.Parameter.empty:
            shown.append(parameter.name)
        else:
            shown.append(f"{parameter.name}={parameter.default!r}")
    return ", ".join(shown)


def signatures() -> list[tuple[str, str, str]]:
    found = []
    for block in of("text"):
        for offset, line in enumerate(block.text.splitlines()):
            match = SIGNATURE.match(line.strip())
            if match:
                found.append((f"{block.doc}:{block.line + offset}", *match.groups()))
    return found


@pytest.mark.parametrize(("where", "name", "shown"), signatures(), ids=[s[0] for s in signatures()])
def test_signature_matches_the_code(where: str, name: str, shown: str):
    from pinnls import Problem

    function = Problem.__init__ if name == "Problem" else getattr(Problem, name.split(".", 1)[1])
    assert shown == parameters(function), f"{where}: {name}({shown}) is not the code's signature"


def test_the_cli_docs_list_every_setting_flag():
    # docs/cli.md's options table is written by hand; a new setting must get its row.
    import dataclasses

    from pinnls.settings import Settings, spec_of

    text = (ROOT / "docs" / "cli.md").read_text()
    for field in dataclasses.fields(Settings):
        flag = spec_of(field).flag
        if flag is not None:
            assert re.search(rf"\| `{re.escape(flag)}[ `]", text), (
                f"docs/cli.md has no row for {flag}"
            )
