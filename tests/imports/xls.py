"""A minimal .xls writer for tests (no library writes BIFF8 here): one sheet of text and numbers, in an OLE2
compound file, as old Excel versions save it."""

import struct

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _workbook_stream(rows: list[list], sheet_name: str) -> bytes:
    strings: list[str] = []
    index: dict[str, int] = {}
    cells = []
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                if value not in index:
                    index[value] = len(strings)
                    strings.append(value)
                cells.append(_record(0x00FD, struct.pack("<HHHI", r, c, 0, index[value])))
            else:
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    name = struct.pack("<BB", len(sheet_name), 1) + sheet_name.encode("utf-16-le")
    xf = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))
    boundsheet_len = 4 + 4 + 2 + len(name)
    tail = _record(0x00FC, sst) + _record(0x000A, b"")
    xfs = xf * 16  # Excel expects at least 16 cell/style formats; the cells use the first
    sheet_offset = len(head) + len(xfs) + boundsheet_len + len(tail)
    globals_ = head + xfs + _record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + name) + tail
    width = max((len(r) for r in rows), default=0)
    sheet = (_bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
             + b"".join(cells) + _record(0x000A, b""))
    stream = globals_ + sheet
    return stream + b"\x00" * max(0, 4096 - len(stream))  # at least the mini-stream cutoff: a normal stream


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = NOSTREAM) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\x00" * 16 + struct.pack("<I", 0)
            + b"\x00" * 16 + struct.pack("<IQ", start, size))


def xls_bytes(rows: list[list], sheet_name: str = "Sheet1") -> bytes:
    stream = _workbook_stream(rows, sheet_name)
    stream_sectors = -(-len(stream) // SECTOR)
    fat = [FATSECT, ENDOFCHAIN] + [3 + i for i in range(stream_sectors - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (SECTOR // 4 - len(fat))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    directory = (_dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1) + _dir_entry("Workbook", 2, 2, len(stream))
                 + _dir_entry("", 0, 0, 0) * 2)
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(stream_sectors * SECTOR, b"\x00")
