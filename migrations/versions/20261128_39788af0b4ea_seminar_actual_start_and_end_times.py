"""Seminars: when they actually went live and ended (reports: headcount at start and end)

Revision ID: 39788af0b4ea
Revises: ffdb7c4f7be5
Create Date: 2026-11-28 17:21:33.808401

Seminars that went live before this revision keep both columns empty: their report
shows no start/end headcount rather than a guessed one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "39788af0b4ea"
down_revision: str | None = "ffdb7c4f7be5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("started_at", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("ended_at", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.drop_column("ended_at")
        batch_op.drop_column("started_at")
