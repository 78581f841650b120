"""Invisible characters in user input: C0/C1 control characters, bidi overrides and zero-width characters.

They are never part of a real name, search term or filter value; they make a stored name read differently from
what it is (U+202E turns "张三exe.pdf" around), hide duplicates from a uniqueness check (U+200B), or break the
database (PostgreSQL cannot store U+0000). Query parameters and form fields are cleaned of them; names refuse them.
"""

import re

# C0 controls (U+0000–U+001F) and DEL/C1 controls (U+007F–U+009F); tab, newline and carriage return are handled
# apart because a textarea may keep them.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LINE_CONTROLS = "\t\n\r"
# Zero-width space/non-joiner/joiner, bidi marks, embeddings and overrides (U+202A–U+202E), word joiner and
# invisible operators (U+2060–U+2064), bidi isolates (U+2066–U+2069), BOM / zero-width no-break space,
# soft hyphen, Arabic letter mark, Mongolian vowel separator, interlinear annotation and object replacement.
_FORMAT = "\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"

_INVISIBLE = re.compile(f"[{_CONTROLS}{_LINE_CONTROLS}{_FORMAT}]")
_INVISIBLE_INLINE = re.compile(f"[{_CONTROLS}{_FORMAT}]")


def has_invisible(value: str, *, multiline: bool = False) -> bool:
    """``value`` holds a control or format character (tab and line breaks count only when not ``multiline``)."""
    pattern = _INVISIBLE_INLINE if multiline else _INVISIBLE
    return bool(value) and pattern.search(value) is not None


def strip_invisible(value: str, *, multiline: bool = False) -> str:
    """``value`` without control and format characters; ``multiline`` keeps tab, newline and carriage return."""
    if not value:
        return value
    return (_INVISIBLE_INLINE if multiline else _INVISIBLE).sub("", value)
