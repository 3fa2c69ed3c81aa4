"""travel cache: legs a travel model computed, so a road server is never asked twice

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "travel_cache",
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("from_lat", sa.Integer(), nullable=False),
        sa.Column("from_lon", sa.Integer(), nullable=False),
        sa.Column("to_lat", sa.Integer(), nullable=False),
        sa.Column("to_lon", sa.Integer(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("distance", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("model", "from_lat", "from_lon", "to_lat", "to_lon",
                                name=op.f("pk_travel_cache")),
    )


def downgrade() -> None:
    op.drop_table("travel_cache")
