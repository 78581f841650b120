"""Masking of ID numbers, phone numbers and names for lists and exports (DOMAIN.md §4)."""

#: Common two-character surnames (复姓); kept whole when the name has 4+ characters (欧阳小明 → 欧阳*明).
COMPOUND_SURNAMES = tuple(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 呼延 澹台 申屠 钟离 赫连".split()
)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _keep(text: str, head: int, tail: int) -> str:
    return text[:head] + "*" * (len(text) - head - tail) + (text[-tail:] if tail else "")


def mask_id(value) -> str:
    """First 6 + last 4 characters kept (``110105********002X``); 10 characters or fewer: first 2 + last 2."""
    text = _text(value)
    if len(text) <= 4:
        return "*" * len(text)
    return _keep(text, 6, 4) if len(text) > 10 else _keep(text, 2, 2)


def mask_phone(value) -> str:
    """First 3 + last 4 digits kept (``138****5678``); 7 characters or fewer: only the first kept."""
    text = _text(value)
    return _keep(text, 3, 4) if len(text) > 7 else _keep(text, min(1, len(text)), 0)


def mask_name(value) -> str:
    """Keep the surname's first character, and the last for 3+ characters (``张*``, ``张*明``, ``欧阳*明``)."""
    text = _text(value)
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    head = 2 if len(text) >= 4 and text.startswith(COMPOUND_SURNAMES) else 1
    return _keep(text, head, 1)
