"""The ``diemcau`` command: serve, migrate, create-admin, backup, demo."""

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from app.core.config import get_settings
from app.core.i18n import Lang
from app.core.migrations import upgrade_database


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = get_settings()
    if args.workers < 1:
        sys.exit("--workers must be at least 1.")
    if args.workers > 1 and not settings.redis_url:
        # Each worker would keep its own versions and presence: viewers connected to one
        # would miss the changes recorded by another.
        sys.exit(
            "--workers > 1 cần DIEMCAU_REDIS_URL "
            "(các tiến trình chia sẻ trạng thái trực tiếp qua Redis).\n"
            "--workers > 1 needs DIEMCAU_REDIS_URL (the processes share live state through Redis)."
        )
    upgrade_database(settings.database_url)
    uvicorn.run(
        "app.asgi:app",
        host=args.host,
        port=args.port,
        fd=args.fd,
        workers=args.workers,
        proxy_headers=True,
        log_level="info",
        # One line per headcount report is a cost on the hot path; the reverse proxy
        # in front keeps access logs.
        access_log=args.access_log,
    )


def _migrate(_args: argparse.Namespace) -> None:
    upgrade_database(get_settings().database_url)
    print("Database is at the latest migration.")


async def _with_session(work):  # type: ignore[no-untyped-def]
    from app.core.db import Database

    db = Database(get_settings().database_url)
    try:
        async with db.write_sessions() as session:
            return await work(session)
    finally:
        await db.dispose()


def _create_admin(args: argparse.Namespace) -> None:
    from app.users.service import upsert_admin

    if len(args.password) < 8:
        sys.exit("The password must have at least 8 characters.")
    settings = get_settings()
    upgrade_database(settings.database_url)
    user = asyncio.run(
        _with_session(lambda s: upsert_admin(s, args.email, args.password, args.name))
    )
    print(f"Administrator {user.email} is ready.")


def _backup(args: argparse.Namespace) -> None:
    from app.core import backup
    from app.core.vi_format import format_int

    database_url = get_settings().database_url
    source = backup.sqlite_file(database_url)
    if source is None:
        command = backup.pg_dump_command(database_url, args.path)
        sys.exit(_in_both(lambda lang: backup.BACKUP_POSTGRES.render(lang, {"command": command})))
    try:
        done = backup.backup_sqlite(source, Path(args.path), force=args.force)
    except backup.BackupError as exc:
        sys.exit(_in_both(exc.render))
    print(
        _in_both(
            lambda lang: backup.BACKUP_DONE.render(
                lang,
                {
                    "path": done.path,
                    "size": backup.human_size(done.size_bytes, lang),
                    "tables": done.tables,
                    "rows": format_int(done.rows) if lang == "vi" else f"{done.rows:,}",
                },
            )
        )
    )


def _in_both(render: Callable[[Lang], str]) -> str:
    """Vietnamese first, then English: the operator may read either."""
    return f"{render('vi')}\n{render('en')}"


def _demo(args: argparse.Namespace) -> None:
    settings = get_settings()
    upgrade_database(settings.database_url)
    if args.national:
        from app.demo_national import LINKS_FILE, load_national_demo

        load, links_name = load_national_demo, LINKS_FILE
    else:
        from app.demo import load_demo

        load, links_name = load_demo, "demo-checkin-links.txt"
    result = asyncio.run(_with_session(lambda s: load(s, base_url=args.base_url)))
    print(result.message)
    if result.links:
        # Tokens are shown once; keep them for the person trying the demo.
        links_file = settings.data_dir / links_name
        links_file.parent.mkdir(parents=True, exist_ok=True)
        links_file.write_text("".join(f"{c}\t{u}\n" for c, u in result.links), encoding="utf-8")
        print(f"Check-in links (all {len(result.links)} in {links_file}; rotate to replace):")
        for code, url in result.links[:4]:
            print(f"  {code}: {url}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``diemcau`` console script."""
    parser = argparse.ArgumentParser(prog="diemcau", description="Điểm Cầu server and tools")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="apply migrations, then serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--fd", type=int, default=None, help="serve on an inherited, already bound socket"
    )
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="apply pending database migrations")
    migrate.set_defaults(handler=_migrate)

    admin = commands.add_parser("create-admin", help="create or reset an administrator")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--name", default="Quản trị viên")
    admin.set_defaults(handler=_create_admin)

    backup = commands.add_parser(
        "backup", help="copy the SQLite database while serving (PostgreSQL: shows pg_dump)"
    )
    backup.add_argument("path", help="the backup file, or a directory to put a dated file in")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file")
    backup.set_defaults(handler=_backup)

    demo = commands.add_parser("demo", help="load the reference event (idempotent)")
    demo.add_argument("--base-url", default="http://127.0.0.1:8000")
    demo.add_argument(
        "--national",
        action="store_true",
        help="instead: a live national event on a generated 40,000-site tree (idempotent)",
    )
    demo.set_defaults(handler=_demo)

    args = parser.parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()
