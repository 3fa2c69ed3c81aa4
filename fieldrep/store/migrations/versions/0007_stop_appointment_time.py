"""a planned stop keeps its appointment's own time

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_stops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointment_at", sa.Time(), nullable=True))
    # Plans saved before: an appointment's start was its time unless it was late.
    op.execute("UPDATE plan_stops SET appointment_at = start WHERE appointment")


def downgrade() -> None:
    with op.batch_alter_table("plan_stops", schema=None) as batch_op:
        batch_op.drop_column("appointment_at")
