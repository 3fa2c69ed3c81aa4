"""what a plan's legs and a mileage claim were measured on (roads of an OSM extract, OSRM,
straight line)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_days", schema=None) as batch_op:
        batch_op.add_column(sa.Column("travel_source", sa.String(length=120), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("distance_basis", sa.String(length=120),
                                      nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.drop_column("distance_basis")
    with op.batch_alter_table("plan_days", schema=None) as batch_op:
        batch_op.drop_column("travel_source")
