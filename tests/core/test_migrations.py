"""The migrations are the schema: no drift from the models, and they round-trip."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.core.migrations import alembic_config
from app.models import Base


def _drift(sync_url: str) -> list:
    engine = create_engine(sync_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return diff


def test_models_and_migrations_do_not_drift(migrated_db_template: Path) -> None:
    assert _drift(f"sqlite:///{migrated_db_template}") == []


def test_downgrade_to_base_and_upgrade_again_round_trips(tmp_path: Path) -> None:
    db_file = tmp_path / "roundtrip.db"
    config = alembic_config(f"sqlite+aiosqlite:///{db_file}")
    command.upgrade(config, "head")
    command.check(config)
    command.downgrade(config, "base")
    engine = create_engine(f"sqlite:///{db_file}")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")
    assert _drift(f"sqlite:///{db_file}") == []
