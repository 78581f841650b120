"""Checks of an uploaded spreadsheet by its content, before any parser sees it.

The name's extension is never trusted. An .xlsx is a zip: it is refused when encrypted, damaged, a zip bomb (the
declared uncompressed sizes and ratios are checked first, then every member is inflated with a hard cap, so a
member that lies about its size is caught too), or when any XML part carries a DTD (entity attacks; the small
workbook parts are also parsed with defusedxml). An .xls is an OLE2 compound file; an encrypted .xlsx is one too.
A text file is accepted only as CSV, and only when it is named .csv.
"""

import zipfile
import zlib
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import FileRefused

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXECUTABLE_MAGICS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
OTHER_MAGICS = ((b"%PDF-", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPG"), (b"Rar!", "RAR"),
                (b"7z\xbc\xaf", "7z"), (b"\x1f\x8b", "gzip"))
CHUNK = 1 << 20
#: A member may compress this much better than ordinary sheet XML before it counts as a bomb (checked on
#: members over 1 MB; real sheets compress 5–30×, zip bombs 1,000× and more).
DEFAULT_MAX_RATIO = 200
DEFAULT_MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBERS = 2000


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def inspect_file(path, *, name: str) -> str:
    """Return ``"xlsx"``, ``"xls"`` or ``"csv"`` for the file at ``path`` (uploaded as ``name``), judged by
    content; raise ``FileRefused`` saying what is wrong. Reads the file; writes nothing."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise FileRefused(_("文件“%(name)s”是空文件。") % {"name": name}, "empty")
    if head.startswith(ZIP_MAGIC):
        _check_xlsx(path, name)
        return "xlsx"
    if head.startswith(CFB_MAGIC):
        return _check_cfb(path, name)
    if head.startswith(EXECUTABLE_MAGICS):
        raise FileRefused(_("文件“%(name)s”是可执行程序,不是Excel文件。系统按文件内容识别格式,修改扩展名无效。")
                          % {"name": name}, "executable")
    for magic, label in OTHER_MAGICS:
        if head.startswith(magic):
            raise FileRefused(_("文件“%(name)s”是%(type)s文件,不是Excel文件。请上传由模板填写的.xlsx文件。")
                              % {"name": name, "type": label}, "unknown")
    if head.startswith(b"PK"):
        raise FileRefused(_("文件“%(name)s”已损坏(压缩结构不完整),请重新保存后上传。") % {"name": name},
                          "corrupt")
    if _looks_like_text(path):
        if name.lower().endswith(".csv"):
            return "csv"
        raise FileRefused(_("文件“%(name)s”的内容是文本,不是Excel文件。请上传.xlsx文件;如确为CSV文件,"
                            "请将扩展名改为.csv。") % {"name": name}, "text")
    raise FileRefused(_("无法识别文件“%(name)s”的格式,请上传由模板填写的.xlsx文件(也支持.xls和.csv)。")
                      % {"name": name}, "unknown")


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as fh:
        sample = fh.read(64 * 1024)
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a character cut at the end of the sample
                return True
            continue
        return True
    return False


def _check_xlsx(path: Path, name: str) -> None:
    corrupt = FileRefused(_("文件“%(name)s”已损坏,无法打开。请用Excel重新保存为.xlsx后上传。") % {"name": name},
                          "corrupt")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise corrupt from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _bomb(name)
        if any(m.flag_bits & 0x1 for m in members):
            raise FileRefused(_("文件“%(name)s”已加密(设置了密码),系统无法读取。请取消密码后重新上传。")
                              % {"name": name}, "encrypted")
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            if "word/document.xml" in names:
                what = _("Word文档")
            elif "mimetype" in names:
                what = _("OpenDocument(WPS/LibreOffice)文件")
            else:
                what = _("压缩包")
            raise FileRefused(_("文件“%(name)s”是%(what)s,不是Excel工作簿。请另存为.xlsx后上传。")
                              % {"name": name, "what": what}, "not_spreadsheet")
        _check_sizes(members, name)
        try:
            for member in members:
                _inflate_capped(archive, member, name)
            for part in ("[Content_Types].xml", "xl/workbook.xml"):
                SafeET.fromstring(archive.read(part))
        except FileRefused:
            raise
        except DefusedXmlException:
            raise _entities(name) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                SafeET.ParseError):
            raise corrupt from None


def _check_sizes(members, name: str) -> None:
    """The declared sizes, before anything is inflated."""
    max_total = _limit("IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED)
    max_ratio = _limit("IMPORT_MAX_COMPRESSION_RATIO", DEFAULT_MAX_RATIO)
    total = 0
    for member in members:
        total += member.file_size
        if total > max_total:
            raise _bomb(name)
        if member.file_size > CHUNK and member.file_size > max_ratio * max(member.compress_size, 1):
            raise _bomb(name)


def _inflate_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Inflate one member in chunks, never past its declared size (zipfile stops there and checks the CRC, so a
    member that lies about its size is refused as damaged); look for a DTD at the start of every XML part."""
    is_xml = member.filename.endswith((".xml", ".rels", ".vml"))
    with archive.open(member) as stream:
        first = stream.read(CHUNK)
        if is_xml and (b"<!DOCTYPE" in first[:4096].upper() or b"<!ENTITY" in first[:4096].upper()):
            raise _entities(name)
        while stream.read(CHUNK):
            pass


def _bomb(name: str) -> FileRefused:
    return FileRefused(_("文件“%(name)s”解压后体积异常巨大(疑似压缩炸弹),已拒绝处理。") % {"name": name}, "bomb")


def _entities(name: str) -> FileRefused:
    return FileRefused(_("文件“%(name)s”包含不允许的XML实体声明(DTD),可能是恶意文件,已拒绝处理。")
                       % {"name": name}, "entities")


def _check_cfb(path: Path, name: str) -> str:
    """An OLE2 compound file: an .xls workbook, or an encrypted .xlsx (EncryptedPackage), or something else."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise FileRefused(_("文件“%(name)s”已加密(设置了打开密码),系统无法读取。请取消密码后重新上传。")
                          % {"name": name}, "encrypted")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise FileRefused(_("文件“%(name)s”是Office文档,但不是Excel工作簿。") % {"name": name}, "not_spreadsheet")
