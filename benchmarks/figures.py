"""What the benchmark scripts share: the machine line and the JSON file under docs/figures."""

from __future__ import annotations

import json
import os
import platform


def machine() -> str:
    """The machine a record was measured on, as the records state it."""
    return f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"


def write_record(path, record: dict) -> None:
    """``record`` as indented JSON with a final newline (what docs/figures holds)."""
    with open(path, "w") as handle:
        json.dump(record, handle, indent=1)
        handle.write("\n")
