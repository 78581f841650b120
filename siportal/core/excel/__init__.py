"""Excel and CSV files in and out: checks of uploads by content, a tolerant reader (python-calamine), cell
converters for messy real-world values, and an openpyxl writer for templates and result files.

Pure: no Django models. Everything a user can do wrong with a file raises ``FileRefused`` with a Chinese message.

    kind = inspect_file(path, name="名单.xlsx")                     # "xlsx" | "xls" | "csv", or FileRefused
    check_reach(path, kind)                                         # a sheet reaching too far: FileRefused
    table = open_table(path, kind, headers)                         # finds the sheet and the header row
    for number, cells in table.rows(): ...                          # Excel row number, one value per header
    write_workbook(fileobj, columns, rows, code_lists=…)            # a template or a refused-rows file
"""

from .cells import CellError, to_code, to_date, to_decimal, to_flag, to_id_text, to_month, to_text
from .errors import FileRefused
from .reader import HeaderSpec, Table, check_reach, normalize_label, open_table
from .safety import inspect_file
from .writer import SheetColumn, escape_formula, write_workbook

__all__ = [
    "CellError", "FileRefused", "HeaderSpec", "SheetColumn", "Table", "check_reach", "escape_formula", "inspect_file",
    "normalize_label", "open_table", "to_code", "to_date", "to_decimal", "to_flag", "to_id_text", "to_month",
    "to_text", "write_workbook",
]
