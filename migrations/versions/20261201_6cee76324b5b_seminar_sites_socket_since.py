"""Seminar sites: since when a site page's socket has been open (presence after a restart)

Revision ID: 6cee76324b5b
Revises: 39788af0b4ea
Create Date: 2026-12-01 20:00:00.000000

Stamped when a site's socket connects, cleared once it has been gone for the grace
period. A server that starts finds the sites whose page was open when it stopped, and
marks them disconnected unless a socket comes back within the grace period.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "6cee76324b5b"
down_revision: str | None = "39788af0b4ea"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("socket_since", app.core.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("seminar_sites", schema=None) as batch_op:
        batch_op.drop_column("socket_since")
