"""A sheet's reach is measured before it is read: one filled cell far away (XFD1048576, AZ1048576) is refused,
naming the cell, without the reader allocating by the sheet's reach; a blank cell with only a style costs nothing;
what cannot be measured by streaming (.xls, cells without a position) is measured in a memory-limited child."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from siportal.core.excel import FileRefused, HeaderSpec, open_table
from siportal.core.excel.extent import column_letters, column_number, scan_xlsx

from . import files, xls

ROOT = Path(__file__).resolve().parents[2]
HEADERS = [HeaderSpec("id_number", "证件号码", True), HeaderSpec("name", "姓名", True)]


def read(path, kind="xlsx"):
    table = open_table(path, kind, HEADERS)
    return list(table.rows(max_rows=1000))


def write(tmp_path, content, name="f.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("far", ["XFD1048576", "AZ1048576"])
def test_one_filled_cell_far_away_is_refused_naming_it(tmp_path, far):
    path = write(tmp_path, files.far_cell_xlsx(far))
    with pytest.raises(FileRefused) as exc:
        read(path)
    letters = far.rstrip("0123456789")
    assert exc.value.code == "too_large"
    assert f"第{letters}列第1048576行有内容,请删除多余的单元格" in str(exc.value)
    assert "人员名单" in str(exc.value)


def test_a_blank_styled_cell_far_away_costs_nothing_and_the_rows_are_read(tmp_path):
    path = write(tmp_path, files.far_cell_xlsx("XFD1048576", filled=False))
    assert [number for number, _ in read(path)] == [2, 3, 4]


def test_the_scan_finds_the_far_cell_and_hidden_columns_and_rows(tmp_path):
    path = write(tmp_path, files.xlsx_bytes([files.person_row(i) for i in range(1, 5)], hidden_columns=("B", "D"),
                                            hidden_rows=(3,)))
    extent = scan_xlsx(path, 1000)["人员名单"]
    assert (extent.rows, extent.columns) == (5, 9)
    assert extent.hidden_columns == {2, 4} and extent.hidden_rows == {3}
    far = scan_xlsx(write(tmp_path, files.far_cell_xlsx("AZ1048576"), "far.xlsx"), 1000)["人员名单"]
    assert far.far_row == (1048576, 52)
    assert [column_letters(n) for n in (1, 26, 27, 52, 16384)] == ["A", "Z", "AA", "AZ", "XFD"]
    assert column_number("XFD") == 16384


def test_cells_without_a_position_are_measured_in_a_child_process(tmp_path, settings):
    """The reach of these is not in the XML: python-calamine measures it in a child limited in memory; the grid it
    needs (1,048,576 × 60 cells, 2 GB) ends that child, not this process, and the file is refused."""
    settings.IMPORT_PROBE_MAX_BYTES = 512 * 1024 * 1024
    path = write(tmp_path, files.far_cell_xlsx("AZ1048576", cells_without_position=8))
    with pytest.raises(FileRefused) as exc:
        read(path)
    assert exc.value.code == "too_large" and "过大" in str(exc.value)


def test_a_far_cell_in_an_xls_is_refused(tmp_path):
    rows = [["证件号码", "姓名"], ["110105199001011234", "张三"]] + [[] for _ in range(65533)]
    rows.append([None] * 255 + [" "])  # IV65536, the last cell an .xls can hold
    path = write(tmp_path, xls.xls_bytes(rows), "f.xls")
    with pytest.raises(FileRefused) as exc:
        read(path, "xls")
    assert exc.value.code == "too_large"


def test_an_xls_of_ordinary_size_is_read_after_its_measure(tmp_path):
    path = write(tmp_path, xls.xls_bytes([["证件号码", "姓名"], ["110105199001011234", "张三"]]), "f.xls")
    assert read(path, "xls") == [(2, ["110105199001011234", "张三"])]


MEASURE = """
import json, resource, sys
import django
django.setup()
from siportal.core.excel import FileRefused, HeaderSpec, inspect_file, open_table
path, kind = sys.argv[1], sys.argv[2]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
outcome = "read"
try:
    inspect_file(path, name="f." + kind)
    table = open_table(path, kind, [HeaderSpec("id_number", "证件号码", True), HeaderSpec("name", "姓名", True)])
    rows = sum(1 for _ in table.rows(max_rows=100_000))
    outcome = f"read {rows}"
except FileRefused as exc:
    outcome = exc.code
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "growth_mb": (after - before) / 1024}))
"""


@pytest.mark.parametrize("content, kind, outcome", [
    (files.far_cell_xlsx("XFD1048576"), "xlsx", "too_large"),
    (files.far_cell_xlsx("AZ1048576"), "xlsx", "too_large"),
    (files.far_cell_xlsx("XFD1048576", filled=False), "xlsx", "read 3"),
    (files.far_cell_xlsx("AZ1048576", cells_without_position=8), "xlsx", "too_large"),
])
def test_hostile_reach_is_refused_or_read_within_100_mb(tmp_path, content, kind, outcome):
    """In a fresh process (peak RSS is per process): the growth of the peak while the file is checked and read."""
    path = write(tmp_path, content, f"f.{kind}")
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), kind], cwd=ROOT, capture_output=True, text=True,
                          env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "siportal.settings.test"},
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["outcome"] == outcome
    assert result["growth_mb"] < 100, result


@pytest.mark.parametrize("ref", ["XFD1048576", "XFD01048576", "xfd1048576"])
def test_a_far_cell_written_before_the_rows_is_found_too(tmp_path, ref):
    """Order proves nothing: the far cell comes first, the ordinary rows after it; nor does the spelling of its
    position (leading zeros, lower case)."""
    content = files.xlsx_bytes([files.person_row(i) for i in range(1, 4)])
    sheet = files.zip_member(content, "xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace("<sheetData>", f'<sheetData><row r="1048576"><c r="{ref}" t="inlineStr">'
                                         '<is><t> </t></is></c></row>', 1)
    path = write(tmp_path, files.rewrite_member(content, "xl/worksheets/sheet1.xml", sheet.encode()))
    with pytest.raises(FileRefused, match="第XFD列第1048576行有内容"):
        read(path)


def test_the_searches_for_cells_beyond_a_reach_are_exact():
    import random

    from siportal.core.excel.extent import _beyond_column, _beyond_row

    numbers = [0, 1, 9, 10, 99, 100, 4095, 100001, 999999, 1048575, 1048576, *random.sample(range(1, 1048577), 40)]
    for bound in numbers:
        for value in numbers:
            found = bool(_beyond_row(bound).search(f' r="B{value:0{random.choice((1, 8))}d}"'.encode()))
            assert found == (value > bound), (bound, value)
    for bound in (0, 1, 11, 26, 27, 52, 702, 703, 16383):
        for value in (1, 11, 26, 27, 52, 702, 703, 16384):
            letters = column_letters(value)
            found = bool(_beyond_column(bound).search(f' r="{random.choice((letters, letters.lower()))}7"'.encode()))
            assert found == (value > bound), (bound, value)
