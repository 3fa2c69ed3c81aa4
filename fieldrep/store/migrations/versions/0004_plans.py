"""saved day and week plans: their days, stops and the accounts left out

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("travel_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(op.f("ix_plans_first_day"), "plans", ["first_day"])
    op.create_table(
        "plan_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_label", sa.String(length=200), nullable=False),
        sa.Column("start_lat", sa.Float(), nullable=False),
        sa.Column("start_lon", sa.Float(), nullable=False),
        sa.Column("end_label", sa.String(length=200), nullable=False),
        sa.Column("end_lat", sa.Float(), nullable=False),
        sa.Column("end_lon", sa.Float(), nullable=False),
        sa.Column("departure", sa.Time(), nullable=False),
        sa.Column("return_time", sa.Time(), nullable=False),
        sa.Column("lunch_start", sa.Time(), nullable=True),
        sa.Column("lunch_end", sa.Time(), nullable=True),
        sa.Column("drive_seconds", sa.Integer(), nullable=False),
        sa.Column("distance_metres", sa.Integer(), nullable=False),
        sa.Column("meeting_seconds", sa.Integer(), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("break_seconds", sa.Integer(), nullable=False),
        sa.Column("last_leg_metres", sa.Integer(), nullable=False),
        sa.Column("last_leg_seconds", sa.Integer(), nullable=False),
        sa.Column("driven_metres", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_plan_days_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_days")),
    )
    op.create_index(op.f("ix_plan_days_plan_id"), "plan_days", ["plan_id"])
    op.create_table(
        "plan_stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_day_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("arrival", sa.Time(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("wait_minutes", sa.Integer(), nullable=False),
        sa.Column("leg_metres", sa.Integer(), nullable=False),
        sa.Column("leg_seconds", sa.Integer(), nullable=False),
        sa.Column("appointment", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="SET NULL",
                                name=op.f("fk_plan_stops_account_id_accounts")),
        sa.ForeignKeyConstraint(["plan_day_id"], ["plan_days.id"], ondelete="CASCADE",
                                name=op.f("fk_plan_stops_plan_day_id_plan_days")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_stops")),
    )
    op.create_index(op.f("ix_plan_stops_account_id"), "plan_stops", ["account_id"])
    op.create_index(op.f("ix_plan_stops_plan_day_id"), "plan_stops", ["plan_day_id"])
    op.create_table(
        "plan_dropped",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="SET NULL",
                                name=op.f("fk_plan_dropped_account_id_accounts")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_plan_dropped_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_dropped")),
    )
    op.create_index(op.f("ix_plan_dropped_plan_id"), "plan_dropped", ["plan_id"])


def downgrade() -> None:
    op.drop_table("plan_dropped")
    op.drop_table("plan_stops")
    op.drop_table("plan_days")
    op.drop_table("plans")
