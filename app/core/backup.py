"""``diemcau backup``: a consistent copy of the SQLite database while the server writes to it."""

import os
import shlex
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from app.core.errors import Message
from app.core.i18n import Lang

BACKUP_DONE = Message(
    "backup.done",
    vi="Đã sao lưu cơ sở dữ liệu vào {path}: {size}, {tables} bảng, {rows} dòng. "
    "Để khôi phục, trỏ DIEMCAU_DATABASE_URL tới tệp này.",
    en="Backed up the database to {path}: {size}, {tables} tables, {rows} rows. "
    "To restore, point DIEMCAU_DATABASE_URL at this file.",
)
BACKUP_EXISTS = Message(
    "backup.exists",
    vi="Tệp {path} đã có. Hãy chọn tên khác, hoặc thêm --force để ghi đè.",
    en="{path} already exists. Choose another name, or add --force to overwrite it.",
)
BACKUP_SAME_FILE = Message(
    "backup.same_file",
    vi="Bản sao lưu không được trùng với chính cơ sở dữ liệu {path}; hãy chọn tệp khác.",
    en="The backup cannot be the database itself ({path}); choose another file.",
)
BACKUP_NO_DATABASE = Message(
    "backup.no_database",
    vi="Không tìm thấy cơ sở dữ liệu {path}. Hãy kiểm tra DIEMCAU_DATABASE_URL.",
    en="There is no database at {path}. Check DIEMCAU_DATABASE_URL.",
)
BACKUP_FAILED = Message(
    "backup.failed",
    vi="Sao lưu không thành công ({reason}); không có tệp nào được ghi. Hãy thử lại.",
    en="The backup failed ({reason}); no file was written. Please try again.",
)
BACKUP_POSTGRES = Message(
    "backup.postgres",
    vi="Cơ sở dữ liệu là PostgreSQL: hãy sao lưu bằng pg_dump, ví dụ\n  {command}\n"
    "(mật khẩu lấy từ biến PGPASSWORD hoặc tệp ~/.pgpass; khôi phục bằng pg_restore).",
    en="The database is PostgreSQL: back it up with pg_dump, for example\n  {command}\n"
    "(the password comes from PGPASSWORD or ~/.pgpass; restore with pg_restore).",
)


class BackupError(Exception):
    """A backup that was refused or failed; nothing was left at the target."""

    def __init__(self, message: Message, **params: object) -> None:
        super().__init__(message.render("en", params))
        self.message = message
        self.params = params

    def render(self, lang: Lang) -> str:
        return self.message.render(lang, self.params)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    tables: int
    rows: int


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases."""
    url = make_url(database_url)
    if not url.get_backend_name().startswith("sqlite"):
        return None
    return Path(url.database or "").resolve()


def pg_dump_command(database_url: str, target: str) -> str:
    """The pg_dump invocation for a PostgreSQL URL, without its password."""
    url = make_url(database_url)
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(url.database or "")
    return shlex.join(parts)


def backup_sqlite(
    source: Path,
    target: Path,
    *,
    force: bool = False,
    pages: int = 1024,
    progress: Callable[[int, int], None] | None = None,
) -> BackupResult:
    """Copy ``source`` into ``target`` (a file, or a directory to put a dated file in).

    The copy is written next to the target and renamed into place only once complete
    and checked, so a reader of ``target`` never sees half a backup.
    """
    if not source.is_file():
        raise BackupError(BACKUP_NO_DATABASE, path=source)
    if target.is_dir():
        target = target / f"{source.stem}-{datetime.now().astimezone():%Y%m%d-%H%M%S}.db"
    target = target.resolve()
    if target == source.resolve():
        raise BackupError(BACKUP_SAME_FILE, path=source)
    if target.exists() and not force:
        raise BackupError(BACKUP_EXISTS, path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise BackupError(BACKUP_FAILED, reason=str(exc)) from exc
    partial = Path(partial_name)
    try:
        _copy(source, partial, pages, progress)
        tables, rows = _check(partial)
        _fsync(partial)
        _publish(partial, target, force=force)
    except (sqlite3.Error, OSError) as exc:  # disk full, I/O error, not a database...
        raise BackupError(BACKUP_FAILED, reason=str(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size, tables, rows)


def _copy(
    source: Path, partial: Path, pages: int, progress: Callable[[int, int], None] | None
) -> None:
    src = sqlite3.connect(source, timeout=15)
    dst = sqlite3.connect(partial)
    try:
        # In WAL mode a reader never blocks the writers, and a write by another connection
        # between two steps restarts a paged copy from the start: under a steady stream of
        # reports it might never finish. So a WAL database is copied in one step, one
        # snapshot; a rollback-journal database in pages, letting writers in between.
        (mode,) = src.execute("PRAGMA journal_mode").fetchone()
        step = -1 if str(mode).lower() == "wal" else pages

        def report(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        src.backup(dst, pages=step, progress=report)
        # A self-contained file: no -wal beside it is needed to read it; the server
        # switches it back to WAL when it opens it.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _check(path: Path) -> tuple[int, int]:
    """Integrity-check the copy; its number of tables and of rows."""
    with sqlite3.connect(path) as conn:
        (verdict,) = conn.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"integrity_check: {verdict}")
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        rows = sum(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names)
    conn.close()
    return len(names), rows


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _publish(partial: Path, target: Path, *, force: bool) -> None:
    """Atomically put the finished copy at ``target``; without force, never replace a file."""
    if force:
        os.replace(partial, target)
    else:
        try:
            os.link(partial, target)  # fails if target appeared meanwhile: no clobbering
        except FileExistsError:
            raise BackupError(BACKUP_EXISTS, path=target) from None
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                raise BackupError(BACKUP_EXISTS, path=target) from None
            os.replace(partial, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def human_size(size: int, lang: Lang) -> str:
    """``1288490`` → ``1,2 MB`` (``1.2 MB`` in English)."""
    if size < 1024:
        return f"{size} B"
    units, value = ["KB", "MB", "GB"], size / 1024
    while value >= 1024 and len(units) > 1:
        value, units = value / 1024, units[1:]
    text = f"{value:.1f}"
    return f"{text.replace('.', ',') if lang == 'vi' else text} {units[0]}"
