"""Seminar sites: a copy of the directory's sort key, indexed for the console's name order

Revision ID: c5d8e1f3a7b2
Revises: b41e7d2c9a03
Create Date: 2026-12-02 00:00:00.000000

A page of a 40,000-site seminar sorted by name becomes a walk of
(seminar_id, sort_key, site_id) without joining the directory. The existing rows copy
their site's key here once; the sites service and importer keep it in step.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c5d8e1f3a7b2"
down_revision: str | None = "b41e7d2c9a03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = """
UPDATE seminar_sites SET sort_key = (
  SELECT sites.sort_key FROM sites WHERE sites.id = seminar_sites.site_id
)
"""


def upgrade() -> None:
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sort_key", sa.String(length=2000), nullable=False, server_default="")
        )
    op.execute(_BACKFILL)
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.create_index(
            "ix_seminar_sites_seminar_sort", ["seminar_id", "sort_key", "site_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.drop_index("ix_seminar_sites_seminar_sort")
        batch_op.drop_column("sort_key")
