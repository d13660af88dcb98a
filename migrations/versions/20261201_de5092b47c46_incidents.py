"""Incidents: problems sites report during a seminar (open → acknowledged → resolved)

Revision ID: de5092b47c46
Revises: fcdc64c300da
Create Date: 2026-12-01 23:47:54.159096
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "de5092b47c46"
down_revision: str | None = "fcdc64c300da"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seminar_id", sa.Integer(), nullable=False),
        sa.Column("seminar_site_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("audio", "video", "network", "other", name="incidentkind", native_enum=False),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "acknowledged", "resolved", name="incidentstatus", native_enum=False),
            nullable=False,
        ),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("opened_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledge_note", sa.Text(), nullable=True),
        sa.Column("resolved_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["users.id"],
            name=op.f("fk_incidents_acknowledged_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_incidents_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_id"],
            ["seminars.id"],
            name=op.f("fk_incidents_seminar_id_seminars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_site_id"],
            ["seminar_sites.id"],
            name=op.f("fk_incidents_seminar_site_id_seminar_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint(
            "seminar_site_id", "request_id", name=op.f("uq_incidents_seminar_site_id_request_id")
        ),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incidents_seminar_site_id"), ["seminar_site_id"], unique=False
        )
        batch_op.create_index("ix_incidents_seminar_status", ["seminar_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_seminar_status")
        batch_op.drop_index(batch_op.f("ix_incidents_seminar_site_id"))

    op.drop_table("incidents")
