"""The reach of sheets that cannot be measured by streaming (.xls, or an .xlsx whose cells omit their position):
python-calamine loads them in a child process under an address-space limit (``RLIMIT_AS``), so a sheet that would
need gigabytes ends that child, never the worker, and the file is refused."""

import json
import subprocess
import sys

from django.conf import settings

from .errors import FileRefused

PROBE = r"""
import json, resource, sys
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
reach = {}
for name in json.loads(sys.argv[3]):
    sheet = book.get_sheet_by_name(name)
    reach[name] = [sheet.end[0] + 1, sheet.end[1] + 1] if sheet.end else [0, 0]
    del sheet
print(json.dumps(reach))
"""
DEFAULT_PROBE_BYTES = 768 * 1024 * 1024


def probe_reach(path, names: list[str], *, too_large: FileRefused, corrupt: FileRefused) -> dict[str, tuple[int, int]]:
    """Sheet name → (last row, last column) as python-calamine reads it (1-based), measured in a child process
    limited to ``IMPORT_PROBE_MAX_BYTES`` of address space. Raise ``too_large`` when the child runs out of memory
    (or time), ``corrupt`` when it cannot read the file."""
    limit = getattr(settings, "IMPORT_PROBE_MAX_BYTES", DEFAULT_PROBE_BYTES)
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, str(path), str(limit), json.dumps(names)],
                              capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise too_large from None
    if done.returncode < 0 or "MemoryError" in done.stderr:  # killed (Rust aborts when an allocation fails)
        raise too_large
    if done.returncode != 0:
        raise corrupt
    try:
        return {name: tuple(value) for name, value in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    except (ValueError, IndexError, AttributeError):
        raise corrupt from None
