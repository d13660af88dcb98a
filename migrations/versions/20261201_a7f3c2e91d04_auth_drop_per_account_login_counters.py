"""Auth: drop the per-account login counters (throttling is per address and account+address)

Revision ID: a7f3c2e91d04
Revises: 6cee76324b5b
Create Date: 2026-12-01 20:05:00.000000

Five wrong passwords from anywhere used to lock an account for everyone. Logins are now
throttled in the server's memory per client address and per account+address
(app/auth/throttle.py), so these two columns are no longer read or written.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "a7f3c2e91d04"
down_revision: str | None = "6cee76324b5b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("failed_login_window_start")
        batch_op.drop_column("failed_logins")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "failed_login_window_start",
                app.core.db.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
