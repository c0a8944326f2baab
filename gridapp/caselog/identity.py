"""Party identity: ID-number checks and the normalised name+address match key."""

from __future__ import annotations

import re
import unicodedata

from gridapp.errors import ValidationError

_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _RESIDENT_WEIGHTS, strict=True))
    return _RESIDENT_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def normalise_id_number(kind: str, raw: str, *, field: str = "party.id_number") -> str:
    """Upper-cased, checksum-verified 身份证号 (person) or 统一社会信用代码 (organisation)."""
    value = unicodedata.normalize("NFKC", raw).strip().upper()
    if not value:
        return ""
    if kind == "person":
        if not re.fullmatch(r"\d{17}[\dX]", value):
            raise ValidationError(
                "身份证号应为18位（前17位为数字，最后一位为数字或X）",
                "resident ID must be 18 characters",
                field=field,
            )
        if resident_id_check_char(value[:17]) != value[17]:
            raise ValidationError("身份证号校验位不正确，请核对", "resident ID checksum", field=field)
    else:
        if not re.fullmatch(rf"[{_USCC_CHARS}]{{18}}", value):
            raise ValidationError(
                "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）",
                "USCC must be 18 characters",
                field=field,
            )
        if uscc_check_char(value[:17]) != value[17]:
            raise ValidationError(
                "统一社会信用代码校验位不正确，请核对", "USCC checksum", field=field
            )
    return value


def match_key(name: str, address: str) -> str:
    """Name + address with width, case, spaces and punctuation folded away."""

    def fold(text: str) -> str:
        return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()

    return f"{fold(name)}|{fold(address)}"


def mask_phone(value: str) -> str:
    """``138****5678`` / ``021-****5678``: keep the first 3 and last 4 digits, mask the digits
    between (separators stay); a number of 7 digits or fewer is masked whole."""
    digits = sum(ch.isdigit() for ch in value)
    if digits <= 7:
        return "".join("*" if ch.isdigit() else ch for ch in value)
    out, seen = [], 0
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= 3 or seen > digits - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


# An identity number (18 characters: 17 digits or USCC characters, then a check character) or a
# phone number (an 11-digit mobile, or a landline with area code) inside free text.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{17}[0-9X](?![0-9A-Z])")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def mask_numbers_in(text: str) -> str:
    """``text`` (a caption, a reason, a file name someone wrote) with the identity and phone
    numbers in it masked, for exports and copies meant for others."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)) if any(
        ch.isdigit() for ch in m.group(0)[:6]) else m.group(0), text)
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


def mask_typed(text: str) -> str:
    """What someone typed to find a party, fit to echo in a message: masked when it looks like
    an identity or phone number (digits, X, dashes, spaces, +), else as typed (a name)."""
    value = text.strip()
    if re.fullmatch(r"[0-9Xx+\- ]{7,}", value):
        return mask_id_number(value) if len(value) >= 15 and "-" not in value else mask_phone(value)
    return value


def mask_id_number(value: str) -> str:
    """``3101**********1234``: keep the first 4 and last 4 characters."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
