"""Hostile and wrong files are refused by content, with a clear message, before any parser runs."""

import io
import zipfile

import pytest

from siportal.core.excel import FileRefused, inspect_file

from . import files, xls

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                  b"<si><t>&lol3;</t></si></sst>")


def check(tmp_path, content: bytes, name="名单.xlsx"):
    path = tmp_path / "upload"
    path.write_bytes(content)
    return inspect_file(path, name=name)


def refused(tmp_path, content: bytes, name="名单.xlsx") -> FileRefused:
    with pytest.raises(FileRefused) as exc:
        check(tmp_path, content, name)
    assert str(exc.value)  # a message for the user, always
    return exc.value


def test_a_real_workbook_and_a_csv_pass(tmp_path):
    assert check(tmp_path, files.xlsx_bytes([files.person_row(1)])) == "xlsx"
    assert check(tmp_path, files.xlsx_bytes([files.person_row(1)]), name="名单.XLS") == "xlsx"  # content wins
    assert check(tmp_path, files.csv_bytes([files.person_row(1)]), name="名单.csv") == "csv"
    assert check(tmp_path, files.csv_bytes([files.person_row(1)], encoding="gb18030"), name="a.csv") == "csv"


@pytest.mark.parametrize("content, code, words", [
    (b"MZ\x90\x00\x03" + b"\x00" * 200, "executable", "可执行程序"),
    (b"\x7fELF\x02\x01" + b"\x00" * 200, "executable", "可执行程序"),
    ("证件号码,姓名\n110105199001011234,张三\n".encode(), "text", "文本"),
    (b"%PDF-1.4\n", "unknown", "PDF"),
    (b"\x00\x01\x02\x03\xff\xfe" * 50, "unknown", "无法识别"),
    (b"", "empty", "空文件"),
])
def test_wrong_types_by_content_whatever_the_name(tmp_path, content, code, words):
    error = refused(tmp_path, content)
    assert error.code == code
    assert words in str(error)


def test_a_text_file_renamed_to_csv_is_read_as_csv_but_not_as_xlsx(tmp_path):
    assert check(tmp_path, b"hello world\n", name="readme.csv") == "csv"
    assert refused(tmp_path, b"hello world\n", name="readme.xlsx").code == "text"


def test_a_truncated_workbook_is_corrupt(tmp_path):
    content = files.xlsx_bytes([files.person_row(1)])
    assert refused(tmp_path, content[: len(content) // 2]).code == "corrupt"


def test_a_damaged_member_is_corrupt(tmp_path):
    content = bytearray(files.xlsx_bytes([files.person_row(i) for i in range(1, 50)]))
    start = content.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    content[start + 20:start + 60] = b"\x00" * 40  # inside the compressed sheet
    assert refused(tmp_path, bytes(content)).code == "corrupt"


def test_a_password_protected_zip_is_encrypted(tmp_path):
    content = files.mark_encrypted(files.xlsx_bytes([files.person_row(1)]))
    error = refused(tmp_path, content)
    assert error.code == "encrypted"
    assert "密码" in str(error)


def test_an_xlsx_with_an_open_password_is_encrypted(tmp_path):
    assert refused(tmp_path, files.encrypted_ooxml()).code == "encrypted"


def test_a_zip_that_is_not_a_workbook(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    error = refused(tmp_path, buffer.getvalue())
    assert error.code == "not_spreadsheet"
    assert "Word" in str(error)


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    content = files.add_member(files.xlsx_bytes([files.person_row(1)]), "xl/media/pad.bin", b"\x00" * (6 << 20))
    assert refused(tmp_path, content).code == "bomb"


def test_a_member_that_compresses_too_well_is_a_bomb(tmp_path):
    content = files.add_member(files.xlsx_bytes([files.person_row(1)]), "xl/media/pad.bin", b"\x00" * (20 << 20))
    error = refused(tmp_path, content)
    assert error.code == "bomb"
    assert "压缩炸弹" in str(error)


def test_a_member_lying_about_its_size_is_caught_while_inflating(tmp_path):
    content = bytearray(files.add_member(files.xlsx_bytes([files.person_row(1)]), "xl/media/pad.bin",
                                         b"ab" * 100_000))
    # declare 1,000 bytes instead of 200,000 in both headers of the member
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := content.find(signature, at + 1)) != -1:
            name_len = int.from_bytes(content[at + size_at + 4:at + size_at + 6], "little")
            header = 30 if signature == b"PK\x03\x04" else 46
            if content[at + header:at + header + name_len] == b"xl/media/pad.bin":
                content[at + size_at:at + size_at + 4] = (1000).to_bytes(4, "little")
    assert refused(tmp_path, bytes(content)).code == "corrupt"


@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_xml_entity_declarations_are_refused(tmp_path, member):
    content = files.xlsx_bytes([files.person_row(1)])
    if member in zipfile.ZipFile(io.BytesIO(content)).namelist():
        content = files.rewrite_member(content, member, BILLION_LAUGHS)
    else:
        content = files.add_member(content, member, BILLION_LAUGHS)
    error = refused(tmp_path, content)
    assert error.code == "entities"
    assert "实体" in str(error)


def test_an_old_xls_file_is_recognised_by_content(tmp_path):
    content = xls.xls_bytes([["姓名"], ["张三"]])
    assert check(tmp_path, content, name="名单.xls") == "xls"
    assert check(tmp_path, content, name="名单.xlsx") == "xls"
