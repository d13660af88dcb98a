"""Paper files on disk: content sniffing, safe display names, the content-addressed store.

Files are stored under ``<data_dir>/files/<sha256[:2]>/<sha256>``: the name is derived
from the content, never from the client, so a filename can neither choose nor escape
the location. Identical content is stored once. Each write goes to a temporary file in
the same directory and is renamed into place, so a reader never sees half a file.
"""

import contextlib
import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import filetype


@dataclass(frozen=True)
class FileKind:
    """A document type a call for papers may accept."""

    extension: str
    media_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "ODT")
KINDS = {kind.extension: kind for kind in (PDF, DOCX, ODT)}

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_MAX_FILENAME = 200
# Characters Windows refuses in names, and path separators: never in a display name.
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def _zip_entries(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def _odt_mimetype(data: bytes) -> bytes | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        return None


def detect_kind(data: bytes) -> FileKind | None:
    """The document type of ``data`` judged by its content alone, or None.

    ``filetype`` reads the magic bytes (it tells DOCX and ODT apart from other zips).
    The zip-based formats are then confirmed by their structure, because their magic is
    only "a zip whose first entries look right": a truncated or forged archive must not
    pass as a document.
    """
    if not data:
        return None
    guess = filetype.guess(data)
    if guess is None:
        return None
    if guess.extension == "pdf":
        return PDF
    if guess.extension not in ("docx", "odt", "zip"):
        return None
    entries = _zip_entries(data)
    if entries is None:
        return None
    # A DOCX whose Word part lies past the bytes filetype reads shows up as a plain zip.
    if "[Content_Types].xml" in entries and "word/document.xml" in entries:
        return DOCX
    if "mimetype" in entries and _odt_mimetype(data) == _ODT_MIMETYPE:
        return ODT
    return None


def clean_filename(name: str | None, kind: FileKind) -> str:
    """A display name from the client's filename: metadata only, never a path.

    Directory parts (``/`` and ``\\``), control and invisible format characters, Windows
    reserved characters and leading dots are removed; the length is capped keeping the
    extension, which is made to match the detected type. ``../../etc/passwd.pdf`` →
    ``passwd.pdf``.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    stem, dot, suffix = text.rpartition(".")
    if not dot:
        stem = text
    elif not (suffix.isascii() and suffix.isalnum() and len(suffix) <= 5):
        stem = text  # not an extension, part of the name
    stem = stem.rstrip(" .")[: _MAX_FILENAME - len(kind.extension) - 1].rstrip(" .")
    return f"{stem or 'tham-luan'}.{kind.extension}"


def ascii_fallback(name: str) -> str:
    """``filename=`` for old clients: diacritics dropped (đ→d), anything else non-ASCII → _."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_"
                   for ch in plain)  # fmt: skip


def content_disposition(name: str, disposition: str = "attachment") -> str:
    """RFC 6266: an ASCII ``filename`` plus ``filename*=UTF-8''…`` that keeps Vietnamese."""
    return (
        f'{disposition}; filename="{ascii_fallback(name)}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    path: Path
    created: bool  # False when identical content was already stored


class FileStore:
    """Content-addressed files under ``<data_dir>/files``. Methods block: run in a thread."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "files"

    def path_for(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` (once per content) and say where; atomic via rename."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if path.is_file():
            return StoredBlob(sha256, path, created=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        return StoredBlob(sha256, path, created=True)

    def remove(self, sha256: str) -> None:
        """Delete a stored file (used only for content that no row references)."""
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()
