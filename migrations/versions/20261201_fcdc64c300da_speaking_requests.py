"""Speaking requests: the floor queue of a seminar (app/speaking)

Revision ID: fcdc64c300da
Revises: c5d1e8a4f2b7
Create Date: 2026-12-01 23:49:27.514816
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "fcdc64c300da"
down_revision: str | None = "c5d1e8a4f2b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "speaking_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seminar_id", sa.Integer(), nullable=False),
        sa.Column("seminar_site_id", sa.Integer(), nullable=True),
        sa.Column("speaker_name", sa.String(length=200), nullable=False),
        sa.Column("speaker_title", sa.String(length=300), nullable=True),
        sa.Column("topic", sa.String(length=500), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "called",
                "speaking",
                "done",
                "withdrawn",
                "rejected",
                name="speakingstatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("planned_seconds", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("requested_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("called_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("started_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_speaking_requests_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_id"],
            ["seminars.id"],
            name=op.f("fk_speaking_requests_seminar_id_seminars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_site_id"],
            ["seminar_sites.id"],
            name=op.f("fk_speaking_requests_seminar_site_id_seminar_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaking_requests")),
        sa.UniqueConstraint(
            "seminar_site_id",
            "request_id",
            name=op.f("uq_speaking_requests_seminar_site_id_request_id"),
        ),
    )
    with op.batch_alter_table("speaking_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_speaking_requests_seminar_id_status", ["seminar_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_speaking_requests_seminar_site_id"), ["seminar_site_id"], unique=False
        )
        batch_op.create_index(
            "uq_speaking_requests_one_current",
            ["seminar_id"],
            unique=True,
            sqlite_where=sa.text("status = 'speaking'"),
            postgresql_where=sa.text("status = 'speaking'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("speaking_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_speaking_requests_one_current",
            sqlite_where=sa.text("status = 'speaking'"),
            postgresql_where=sa.text("status = 'speaking'"),
        )
        batch_op.drop_index(batch_op.f("ix_speaking_requests_seminar_site_id"))
        batch_op.drop_index("ix_speaking_requests_seminar_id_status")

    op.drop_table("speaking_requests")
