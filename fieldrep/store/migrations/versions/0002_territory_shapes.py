"""territory shapes and areas; accounts remember a territory chosen by hand

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("territories") as batch:
        batch.add_column(sa.Column("color", sa.String(length=7), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("polygon", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("areas", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("territory_locked", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("territory_locked")
    with op.batch_alter_table("territories") as batch:
        batch.drop_column("areas")
        batch.drop_column("polygon")
        batch.drop_column("color")
