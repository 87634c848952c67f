"""Vietnam's 54 ethnic groups and the usual spellings of their names, mapped to one stored spelling.

The officials form offers the list; the import maps what people type ("tay", "TAY", "Hán", "Mông",
"Ê-đê") to the listed name, and refuses a value it cannot map instead of storing it as typed.
"""

from __future__ import annotations

import re

from apps.core.text import fold_name, to_nfc

KINH = "Kinh"
# danh mục các dân tộc Việt Nam (Tổng cục Thống kê), in the spellings the data uses
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai", "Ê Đê",
    "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ",
    "Xtiêng", "Khơ Mú", "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro",
    "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn",
    "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm",
    "Brâu", "Ơ Đu",
)  # fmt: skip
# other spellings found in records (hyphenated, run together, older or other names)
ETHNIC_ALIASES: dict[str, tuple[str, ...]] = {
    "Kinh": ("", "Việt", "Kinh (Việt)"),  # an empty ethnicity means Kinh (see the official form)
    "Hoa": ("Hán", "Người Hoa"),
    "Khmer": ("Khơ-me", "Khơ Me", "Khmer Krom"),
    "H'Mông": ("Mông", "Hmông", "H'mông", "HMông", "Hmong"),
    "Ê Đê": ("Ê-đê", "Êđê", "Rhadé"),
    "Gia Rai": ("Jrai", "Giarai"),
    "Ba Na": ("Bahnar",),
    "Mnông": ("M'nông", "M'Nông"),
    "Xtiêng": ("Stiêng", "X'tiêng"),
    "Bru-Vân Kiều": ("Bru - Vân Kiều", "Bru Vân Kiều", "Vân Kiều"),
    "Hrê": ("H'rê",),
    "Giẻ Triêng": ("Giẻ-Triêng", "Gié Triêng"),
    "Khơ Mú": ("Khmu", "Kho Mú"),
    "Thổ": ("Thổ (Nghệ An)",),
}


def _key(value: str) -> str:
    """Accent-free, lower-case, without spaces, hyphens or apostrophes: 'Bru - Vân Kiều' -> 'bruvankieu'."""
    return re.sub(r"[\s\-'’‘`]", "", fold_name(value))


_BY_EXACT: dict[str, str] = {}
_BY_KEY: dict[str, str] = {}
for _group in ETHNIC_GROUPS:
    for _spelling in (_group, *ETHNIC_ALIASES.get(_group, ())):
        _BY_EXACT.setdefault(to_nfc(_spelling).casefold(), _group)
        _BY_KEY.setdefault(_key(_spelling), _group)


def canonical_ethnicity(value: str) -> str | None:
    """The listed name of the group `value` means ('tay' -> 'Tày', '' -> 'Kinh'); None when unknown."""
    text = to_nfc(value).casefold()
    return _BY_EXACT.get(text) or _BY_KEY.get(_key(text))


def is_listed(value: str) -> bool:
    """True when `value` is stored exactly as the list writes it."""
    return value in ETHNIC_GROUPS
