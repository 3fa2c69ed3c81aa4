"""the rep each record belongs to

``owner`` on territories, accounts, visits, plans, expenses and expense reports: on
PostgreSQL its default is ``CURRENT_USER``, so a row belongs to the database login that
wrote it from any tool (existing rows to the login that migrates); on a SQLite file it is
'' (the one rep).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OWNED = ("territories", "accounts", "visits", "plans", "expense_reports", "expenses")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    default = sa.text("CURRENT_USER") if postgres else sa.text("''")
    for table in OWNED:
        # A plain ADD COLUMN (no table copy on SQLite): the line guards of 0009 stay.
        op.add_column(table, sa.Column("owner", sa.String(length=200), nullable=False,
                                       server_default=default))


def downgrade() -> None:
    for table in OWNED:
        # A plain DROP COLUMN (SQLite 3.35+), not a table copy: the line guards of 0009,
        # which name these tables, stay valid.
        op.execute(f"ALTER TABLE {table} DROP COLUMN owner")
