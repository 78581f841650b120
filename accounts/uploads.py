"""Checks of uploaded scans by their content (magic bytes), never by their name or declared type."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Leading bytes → the extension we store the file under.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!")


def scan_kind(uploaded) -> str:
    """Return ``pdf``, ``jpg`` or ``png`` for an uploaded scan; raise ``ValidationError`` naming the problem."""
    size = uploaded.size or 0
    limit = settings.UPLOAD_MAX_BYTES
    if size == 0:
        raise ValidationError(_("上传的文件“%(name)s”是空文件(0字节),请重新选择扫描件。"),
                              code="empty", params={"name": uploaded.name})
    if size > limit:
        raise ValidationError(
            _("文件“%(name)s”大小为%(size).1f MB,超过了%(limit)d MB的上限,请压缩或降低扫描分辨率后重新上传。"),
            code="too_large",
            params={"name": uploaded.name, "size": size / 1024 / 1024, "limit": limit // (1024 * 1024)},
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(EXECUTABLE_SIGNATURES):
        reason = _("它是可执行程序")
    elif _looks_like_text(head):
        reason = _("它是文本文件")
    else:
        reason = _("无法识别其格式")
    raise ValidationError(
        _("文件“%(name)s”不是PDF、JPG或PNG格式的扫描件(%(reason)s),请上传签字盖章后的扫描件。"
          "系统按文件内容识别格式,仅修改扩展名无效。"),
        code="bad_type", params={"name": uploaded.name, "reason": reason},
    )


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
