"""Papers: submissions, file versions, agenda link, accepted file types

Revision ID: ffdb7c4f7be5
Revises: 4bc59846aac5
Create Date: 2026-11-28 17:19:24.740287
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.core.db

revision: str = "ffdb7c4f7be5"
down_revision: str | None = "4bc59846aac5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seminar_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=300), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "selected_live",
                "accepted_written",
                "rejected",
                "withdrawn",
                name="submissionstatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("submitted_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("presented_at", app.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_submissions_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_id"],
            ["seminars.id"],
            name=op.f("fk_submissions_seminar_id_seminars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["users.id"],
            name=op.f("fk_submissions_speaker_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_seminar_id"), ["seminar_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_speaker_id"), ["speaker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_status"), ["status"], unique=False)

    op.create_table(
        "submission_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_files_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_submission_files_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_files")),
        sa.UniqueConstraint(
            "submission_id", "version", name=op.f("uq_submission_files_submission_id_version")
        ),
    )
    with op.batch_alter_table("submission_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submission_files_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_submission_files_submission_id"), ["submission_id"], unique=False
        )

    # No submissions existed before this revision, so any value here points nowhere; clear
    # it so that the new foreign key holds (the environment checks foreign keys after).
    op.execute("UPDATE agenda_items SET submission_id = NULL WHERE submission_id IS NOT NULL")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_items_submission_id"), ["submission_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_submission_id_submissions"),
            "submissions",
            ["submission_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # Existing seminars accept every type, as new ones do by default.
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "accepted_file_types",
                sa.JSON(),
                server_default=sa.text('\'["pdf", "docx", "odt"]\''),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("seminars", schema=None) as batch_op:
        batch_op.drop_column("accepted_file_types")

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_submission_id_submissions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_agenda_items_submission_id"))

    with op.batch_alter_table("submission_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_files_submission_id"))
        batch_op.drop_index(batch_op.f("ix_submission_files_sha256"))

    op.drop_table("submission_files")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_status"))
        batch_op.drop_index(batch_op.f("ix_submissions_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_submissions_seminar_id"))

    op.drop_table("submissions")
