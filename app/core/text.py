"""Vietnamese text: diacritic folding for search and the Vietnamese alphabetical order."""

import re
import unicodedata

# Combining marks of the five Vietnamese tones, in the conventional dictionary order:
# ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_ORDER = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Letter-forming marks: ă (breve), â ê ô (circumflex), ơ ư (horn).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Digits sort before letters; letters start at 10. Anything else keeps its code point
# after the alphabet so that the order is total.
_LETTER_RANK = {letter: 10 + i for i, letter in enumerate(_ALPHABET)}
_LETTER_RANK.update({str(d): d for d in range(10)})


# What XML 1.0 cannot carry: C0 controls but tab, newline and carriage return, lone
# surrogates, U+FFFE and U+FFFF. Requests refuse them, but rows stored before that rule
# (or written by other tools) must not break an .xlsx or .docx export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document (.xlsx, .docx) cannot hold."""
    return _NOT_XML.sub("", text)


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ→d: the form used for searching."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())


def _letters_and_tones(text: str) -> list[tuple[str, int]]:
    """Split text into (base letter with its letter-forming mark, tone rank) pairs."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _LETTER_MARKS:
                out[-1] = (unicodedata.normalize("NFC", base + ch), tone)
            else:
                out[-1] = (base, _TONE_ORDER.get(ch, tone))
        else:
            out.append((ch, 0))
    return out


def _rank(letter: str) -> int:
    rank = _LETTER_RANK.get(letter)
    if rank is not None:
        return rank
    if letter.isspace():
        return 1  # words end before letters continue: "An Giang" < "Anh"
    return 100 + ord(letter)


def vietnamese_sort_key(text: str) -> str:
    """A string whose plain (binary) order is the Vietnamese alphabetical order of ``text``.

    Letters compare first (a < ă < â < b … d < đ …), then tones (ngang < huyền < hỏi <
    ngã < sắc < nặng). Each rank is written as 6 hex digits, so the key sorts the same
    under any database collation.
    """
    pairs = _letters_and_tones(" ".join(text.split()))
    primary = "".join(f"{_rank(letter):06x}" for letter, _ in pairs)
    secondary = "".join(f"{tone:x}" for _, tone in pairs)
    return f"{primary}-{secondary}"
