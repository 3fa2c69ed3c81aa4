"""Indexes that keep the accounts table's orders by name and by town fast: on SQLite they
are built in the ``fieldrep`` collation (fieldrep/store/collation.py), so a page of the
table sorted as the language reads is read from the index instead of sorting every account
through the collation; elsewhere they are plain indexes.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

from fieldrep.store.collation import SQLITE_COLLATION

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEXES = (("ix_accounts_name_collated", "name"), ("ix_accounts_city_collated", "city"))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for index, column in INDEXES:
        if sqlite:
            op.execute(f"CREATE INDEX {index} ON accounts ({column} COLLATE "
                       f"{SQLITE_COLLATION})")
        else:
            op.create_index(index, "accounts", [column])


def downgrade() -> None:
    for index, _column in INDEXES:
        op.drop_index(index, table_name="accounts")
