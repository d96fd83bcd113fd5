"""What the benchmark scripts share: the machine line and the JSON file under docs/figures."""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys


def machine() -> str:
    """The machine a record was measured on, as the records state it."""
    return f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"


def write_record(path, record: dict) -> None:
    """``record`` as indented JSON with a final newline (what docs/figures holds)."""
    with open(path, "w") as handle:
        json.dump(record, handle, indent=1)
        handle.write("\n")


def write_run(path, script: str, **fields) -> None:
    """A record of this run of ``script`` (``benchmarks/NAME.py``): the command as typed, the
    machine and the date, then ``fields``, written as :func:`write_record` does."""
    record = {
        "command": f"python {script} " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "date": datetime.date.today().isoformat(),
        **fields,
    }
    write_record(path, record)
