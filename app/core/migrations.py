"""Running the Alembic migrations from code (CLI, tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    """An Alembic config for the project's migrations against ``database_url``."""
    config = Config(str(_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    """Apply pending migrations. Call from synchronous code: Alembic runs its own loop."""
    command.upgrade(alembic_config(database_url), revision)
