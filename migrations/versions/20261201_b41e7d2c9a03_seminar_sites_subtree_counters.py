"""Seminar sites: subtree registration counters; indexes for a 40,000-site seminar

Revision ID: b41e7d2c9a03
Revises: 276b0e789422
Create Date: 2026-12-01 23:00:00.000000

Every participating site counts, for its subtree in the seminar tree (itself included),
the remote sites invited, registered, waiting (not checked in yet) and the expected
attendees; the seminar counts its waiting sites. The roll-up keeps them in step; the
existing rows are counted here once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b41e7d2c9a03"
down_revision: str | None = "276b0e789422"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTERS = ("sites_invited", "sites_registered", "sites_waiting", "expected_attendance")

# A row's subtree: itself and the rows whose path names it.
_SUBTREE = """
    FROM seminar_sites AS d
    WHERE d.seminar_id = seminar_sites.seminar_id
      AND (d.id = seminar_sites.id OR d.rollup_path LIKE '%/' || seminar_sites.id || '/%')
"""
_REMOTE = "NOT d.is_main"
_BACKFILL = f"""
UPDATE seminar_sites SET
  sites_invited = (SELECT count(*) {_SUBTREE} AND {_REMOTE}),
  sites_registered = (SELECT count(*) {_SUBTREE} AND {_REMOTE}
                      AND d.status IN ('registered', 'checked_in', 'disconnected')),
  sites_waiting = (SELECT count(*) {_SUBTREE} AND {_REMOTE}
                   AND d.status IN ('invited', 'registered')),
  expected_attendance = (SELECT coalesce(sum(d.expected_attendees), 0) {_SUBTREE})
"""
_SEMINARS = """
UPDATE seminars SET sites_waiting = (
  SELECT count(*) FROM seminar_sites AS d
  WHERE d.seminar_id = seminars.id AND NOT d.is_main AND d.status IN ('invited', 'registered')
)
"""


def upgrade() -> None:
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        for name in _COUNTERS:
            batch_op.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default="0")
            )
        batch_op.create_index(
            "ix_seminar_sites_seminar_parent", ["seminar_id", "parent_site_id"], unique=False
        )
        batch_op.create_index(
            "ix_seminar_sites_seminar_status", ["seminar_id", "status"], unique=False
        )
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sites_waiting", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(_BACKFILL)
    op.execute(_SEMINARS)


def downgrade() -> None:
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.drop_column("sites_waiting")
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.drop_index("ix_seminar_sites_seminar_status")
        batch_op.drop_index("ix_seminar_sites_seminar_parent")
        for name in reversed(_COUNTERS):
            batch_op.drop_column(name)
