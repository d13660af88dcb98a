"""Readiness: technical checks of the sites before the start

Revision ID: c5d1e8a4f2b7
Revises: c5d8e1f3a7b2
Create Date: 2026-12-02 00:00:00.000000

A seminar may open its technical check at ``techcheck_opens_at`` (null: an hour before the
start); each participation keeps its latest result (``readiness``, ``techcheck_at``) and
every check is logged in ``techchecks``. The roll-up counts ready and problem sites per
subtree and per seminar (no existing row has been checked: the counters start at zero).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "c5d1e8a4f2b7"
down_revision: str | None = "c5d8e1f3a7b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READINESS = sa.Enum("unchecked", "ready", "problem", name="readiness", native_enum=False, length=9)
_RESULT = sa.Enum("ok", "problem", name="checkresult", native_enum=False, length=7)


def upgrade() -> None:
    op.create_table(
        "techchecks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seminar_site_id", sa.Integer(), nullable=False),
        sa.Column("video", _RESULT, nullable=False),
        sa.Column("audio", _RESULT, nullable=False),
        sa.Column("network", _RESULT, nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("rtt_ms", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("reported_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["seminar_site_id"], ["seminar_sites.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("seminar_site_id", "request_id"),
    )
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("readiness", _READINESS, nullable=False, server_default="unchecked")
        )
        batch_op.add_column(
            sa.Column("techcheck_at", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("latest_techcheck_id", sa.Integer(), nullable=True))
        for name in ("sites_ready", "sites_problem"):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("techcheck_opens_at", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        for name in ("sites_ready", "sites_problem"):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        for name in ("sites_problem", "sites_ready", "techcheck_opens_at"):
            batch_op.drop_column(name)
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        for name in (
            "sites_problem",
            "sites_ready",
            "latest_techcheck_id",
            "techcheck_at",
            "readiness",
        ):
            batch_op.drop_column(name)
    op.drop_table("techchecks")
