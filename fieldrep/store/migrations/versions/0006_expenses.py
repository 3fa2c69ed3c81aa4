"""expenses, receipts, expense reports and their history

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expense_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_reports")),
    )
    with op.batch_alter_table("expense_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expense_reports_first_day"), ["first_day"], unique=False
        )
    op.create_table(
        "expense_report_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["expense_reports.id"],
            name=op.f("fk_expense_report_events_report_id_expense_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_report_events")),
    )
    with op.batch_alter_table("expense_report_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expense_report_events_report_id"), ["report_id"], unique=False
        )
    op.create_table(
        "expenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rate_to_report", sa.BigInteger(), nullable=True),
        sa.Column("rate_currency", sa.String(length=3), nullable=True),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("merchant", sa.String(length=200), nullable=False),
        sa.Column("paid_by", sa.String(length=10), nullable=False),
        sa.Column("reimbursable", sa.Boolean(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("plan_day_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("odometer_start", sa.Integer(), nullable=True),
        sa.Column("odometer_end", sa.Integer(), nullable=True),
        sa.Column("driven_metres", sa.Integer(), nullable=True),
        sa.Column("commute_metres", sa.Integer(), nullable=True),
        sa.Column("mileage_rate", sa.BigInteger(), nullable=True),
        sa.Column("distance_unit", sa.String(length=2), nullable=False),
        sa.Column("rate_label", sa.String(length=200), nullable=False),
        sa.Column("mileage_source", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_expenses_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_day_id"],
            ["plan_days.id"],
            name=op.f("fk_expenses_plan_day_id_plan_days"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["expense_reports.id"],
            name=op.f("fk_expenses_report_id_expense_reports"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_expenses_visit_id_visits"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenses")),
    )
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expenses_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenses_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenses_report_id"), ["report_id"], unique=False)
    op.create_table(
        "expense_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expense_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=5), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expense_id"],
            ["expenses.id"],
            name=op.f("fk_expense_receipts_expense_id_expenses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_receipts")),
    )
    with op.batch_alter_table("expense_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expense_receipts_expense_id"), ["expense_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_expense_receipts_stored_name"), ["stored_name"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("expense_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_receipts_stored_name"))
        batch_op.drop_index(batch_op.f("ix_expense_receipts_expense_id"))
    op.drop_table("expense_receipts")
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expenses_report_id"))
        batch_op.drop_index(batch_op.f("ix_expenses_day"))
        batch_op.drop_index(batch_op.f("ix_expenses_account_id"))
    op.drop_table("expenses")
    with op.batch_alter_table("expense_report_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_report_events_report_id"))
    op.drop_table("expense_report_events")
    with op.batch_alter_table("expense_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_reports_first_day"))
    op.drop_table("expense_reports")
