"""Seminar members: who may act on a seminar, optionally limited to a subtree of sites

Revision ID: 276b0e789422
Revises: a7f3c2e91d04
Create Date: 2026-12-01 19:49:34.555893

Backfill: every existing seminar gets its creator (``seminars.created_by_id``) as an
unlimited member. A seminar whose creator is gone (the column is SET NULL when a user is
deleted) would otherwise be reachable by admins only, so it gets every active organizer
instead: that keeps today's access for those few, and an admin can trim the list.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "276b0e789422"
down_revision: str | None = "a7f3c2e91d04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seminar_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seminar_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subtree_site_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["users.id"],
            name=op.f("fk_seminar_members_added_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_id"],
            ["seminars.id"],
            name=op.f("fk_seminar_members_seminar_id_seminars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subtree_site_id"],
            ["sites.id"],
            name=op.f("fk_seminar_members_subtree_site_id_sites"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_seminar_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seminar_members")),
        sa.UniqueConstraint(
            "seminar_id", "user_id", name=op.f("uq_seminar_members_seminar_id_user_id")
        ),
    )
    with op.batch_alter_table("seminar_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seminar_members_user_id"), ["user_id"], unique=False)

    # Creators first; then every active organizer for seminars without a creator.
    op.execute(
        "INSERT INTO seminar_members (seminar_id, user_id, added_at) "
        "SELECT id, created_by_id, created_at FROM seminars WHERE created_by_id IS NOT NULL"
    )
    op.execute(
        "INSERT INTO seminar_members (seminar_id, user_id, added_at) "
        "SELECT s.id, u.id, s.created_at FROM seminars s CROSS JOIN users u "
        "WHERE s.created_by_id IS NULL AND u.role = 'organizer' AND u.is_active"
    )


def downgrade() -> None:
    with op.batch_alter_table("seminar_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seminar_members_user_id"))

    op.drop_table("seminar_members")
