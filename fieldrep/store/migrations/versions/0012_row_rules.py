"""row-level rules on a team's PostgreSQL server: a rep changes their own records

On PostgreSQL (a SQLite file has one rep: nothing changes there) row-level security is
turned on for every table that records a rep's work:

* territories, accounts and visits (with their tags, contacts and note revisions) are
  read by the whole team: a rep sees the colleagues' territories and the history of an
  account, read-only;
* plans (with their days, stops and dropped accounts), expenses (with their receipts) and
  expense reports (with their history) are read only by their rep and the managers;
* a row is written (added, changed, deleted) only by its rep, a member of the
  ``fieldrep_manager`` role, or a superuser: :func:`fieldrep_may_change` says who, for the
  policies and for FieldRep itself (which asks before a save, to say why in one line).

A row belongs to the login that wrote it (the ``owner`` column of 0011); the manager
gives a territory to a rep by changing its ``owner``.  Superusers and the tables' owner
(the login that ran the migrations) are not bound by the policies, as PostgreSQL does.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MANAGER_ROLE = "fieldrep_manager"

#: Tables with an ``owner``: True when the whole team reads them.
OWNED = {"territories": True, "accounts": True, "visits": True,
         "plans": False, "expense_reports": False, "expenses": False}

#: Tables whose rows belong to their parent's rep: table → (parent table, its key column).
CHILDREN = {
    "account_tags": ("accounts", "account_id"),
    "contacts": ("accounts", "account_id"),
    "visit_revisions": ("visits", "visit_id"),
    "plan_days": ("plans", "plan_id"),
    "plan_dropped": ("plans", "plan_id"),
    "plan_stops": ("plan_days", "plan_day_id"),
    "expense_report_events": ("expense_reports", "report_id"),
    "expense_receipts": ("expenses", "expense_id"),
}


def owner_of(table: str) -> str:
    """SQL for the rep a row of ``table`` belongs to (its own ``owner``, or its parent's,
    up to the table that has one)."""
    if table in OWNED:
        return f"{table}.owner"
    parent, key = CHILDREN[table]
    return f"(SELECT {owner_of(parent)} FROM {parent} WHERE {parent}.id = {table}.{key})"


def root(table: str) -> str:
    """The owned table a row of ``table`` belongs through."""
    return table if table in OWNED else root(CHILDREN[table][0])


MAY_CHANGE = f"""
CREATE OR REPLACE FUNCTION fieldrep_may_change(row_owner text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT row_owner = current_user
        OR COALESCE((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user),
                    false)
        OR COALESCE((SELECT pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_roles r
                     WHERE r.rolname = '{MANAGER_ROLE}'), false)
$$
"""


def _policies(table: str, read: str, write: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY fieldrep_read ON {table} FOR SELECT USING ({read})",
        f"CREATE POLICY fieldrep_add ON {table} FOR INSERT WITH CHECK ({write})",
        f"CREATE POLICY fieldrep_change ON {table} FOR UPDATE USING ({write}) "
        f"WITH CHECK ({write})",
        f"CREATE POLICY fieldrep_delete ON {table} FOR DELETE USING ({write})",
    ]


def statements() -> list[str]:
    """Everything :func:`upgrade` runs on PostgreSQL, in order."""
    done = [MAY_CHANGE]
    for table, team_reads in OWNED.items():
        write = "fieldrep_may_change(owner)"
        done += _policies(table, "true" if team_reads else write, write)
    for table in CHILDREN:
        write = f"fieldrep_may_change({owner_of(table)})"
        done += _policies(table, "true" if OWNED[root(table)] else write, write)
    return done


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in (*OWNED, *CHILDREN):
        for policy in ("fieldrep_read", "fieldrep_add", "fieldrep_change", "fieldrep_delete"):
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION IF EXISTS fieldrep_may_change(text)")
