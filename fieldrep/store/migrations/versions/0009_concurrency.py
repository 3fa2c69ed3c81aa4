"""row versions for optimistic concurrency; locked report lines guarded in the database

Every record a rep edits gets a ``version`` (1, then one more at each change) that
SQLAlchemy checks at every save (``version_id_col``).  An expense keeps its account's name
(the line reads the same after the account is deleted).  Triggers refuse, from any tool,
to insert, change or delete a line (or a receipt of a line) of a submitted, approved or
reimbursed report, and to delete such a report; the one change they let through is a
deleted account, visit or planned day letting go of the line (``ON DELETE SET NULL``),
which leaves everything the line says as it was.  On PostgreSQL the trigger reads the
report's status with ``FOR SHARE``: a line written while the report is being submitted
waits for the submission, and is then refused.

A later migration that rebuilds the ``expenses`` or ``expense_receipts`` table (SQLite's
batch mode copies it) or adds a column to ``expenses`` must create the triggers again
(:func:`create_guards`, with the new column in ``LINE_COLUMNS``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

VERSIONED = ("territories", "accounts", "visits", "plans", "expense_reports", "expenses")
#: The statuses that lock a report's lines.
LOCKED = ("submitted", "approved", "reimbursed")
#: What a line says: none of it may change while its report is locked.
LINE_COLUMNS = (
    "id", "version", "day", "category", "amount", "currency", "rate_to_report",
    "rate_currency", "tax", "merchant", "paid_by", "reimbursable", "account_name",
    "report_id", "attendees", "notes", "odometer_start", "odometer_end", "driven_metres",
    "commute_metres", "mileage_rate", "distance_unit", "rate_label", "mileage_source",
    "distance_basis",
    "created_at", "updated_at",
)
#: Links a deleted account, visit or planned day may clear (the line keeps its text).
RELEASED_LINKS = ("account_id", "visit_id", "plan_day_id")
#: The start of every refusal the triggers raise (the app recognises it).
MESSAGE = "locked report line"


def upgrade() -> None:
    for name in VERSIONED:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), server_default="1",
                                       nullable=False))
    with op.batch_alter_table("expenses") as batch:
        batch.add_column(sa.Column("account_name", sa.String(length=300), server_default="",
                                   nullable=False))
    op.execute("UPDATE expenses SET account_name = COALESCE((SELECT accounts.name FROM "
               "accounts WHERE accounts.id = expenses.account_id), '')")
    create_guards()


def downgrade() -> None:
    drop_guards()
    with op.batch_alter_table("expenses") as batch:
        batch.drop_column("account_name")
    for name in VERSIONED:
        with op.batch_alter_table(name) as batch:
            batch.drop_column("version")


def create_guards() -> None:
    """Create the triggers guarding locked report lines (SQLite or PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        _postgres_guards()
    else:
        _sqlite_guards()


def drop_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table in (("expenses_locked_lines", "expenses"),
                               ("expense_receipts_locked_lines", "expense_receipts"),
                               ("expense_reports_locked_delete", "expense_reports")):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in ("fieldrep_guard_line", "fieldrep_guard_receipt",
                         "fieldrep_guard_report_delete"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
        return
    for trigger in ("expenses_locked_insert", "expenses_locked_update", "expenses_locked_delete",
                    "expense_receipts_locked_insert", "expense_receipts_locked_update",
                    "expense_receipts_locked_delete", "expense_reports_locked_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def _locked(report_id: str) -> str:
    statuses = ", ".join(f"'{s}'" for s in LOCKED)
    return f"(SELECT status FROM expense_reports WHERE id = {report_id}) IN ({statuses})"


def _sqlite_guards() -> None:
    kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in LINE_COLUMNS)
    released = " AND ".join(f"(NEW.{c} IS OLD.{c} OR NEW.{c} IS NULL)" for c in RELEASED_LINKS)
    refuse = (f"SELECT RAISE(ABORT, '{MESSAGE}: the expense is in a submitted, approved or "
              "reimbursed report');")
    receipt_refuse = (f"SELECT RAISE(ABORT, '{MESSAGE}: the receipt''s expense is in a "
                      "submitted, approved or reimbursed report');")
    line_of = "(SELECT report_id FROM expenses WHERE id = {}.expense_id)"
    statements = [
        f"CREATE TRIGGER expenses_locked_insert BEFORE INSERT ON expenses "
        f"WHEN {_locked('NEW.report_id')} BEGIN {refuse} END",
        f"CREATE TRIGGER expenses_locked_update BEFORE UPDATE ON expenses "
        f"WHEN ({_locked('OLD.report_id')} OR {_locked('NEW.report_id')}) "
        f"AND NOT ({kept} AND {released}) BEGIN {refuse} END",
        f"CREATE TRIGGER expenses_locked_delete BEFORE DELETE ON expenses "
        f"WHEN {_locked('OLD.report_id')} BEGIN {refuse} END",
        f"CREATE TRIGGER expense_receipts_locked_insert BEFORE INSERT ON expense_receipts "
        f"WHEN {_locked(line_of.format('NEW'))} BEGIN {receipt_refuse} END",
        f"CREATE TRIGGER expense_receipts_locked_update BEFORE UPDATE ON expense_receipts "
        f"WHEN {_locked(line_of.format('OLD'))} OR {_locked(line_of.format('NEW'))} "
        f"BEGIN {receipt_refuse} END",
        f"CREATE TRIGGER expense_receipts_locked_delete BEFORE DELETE ON expense_receipts "
        f"WHEN {_locked(line_of.format('OLD'))} BEGIN {receipt_refuse} END",
        "CREATE TRIGGER expense_reports_locked_delete BEFORE DELETE ON expense_reports "
        f"WHEN OLD.status IN ({', '.join(repr(s) for s in LOCKED)}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: a submitted, approved or reimbursed report "
        "cannot be deleted'); END",
    ]
    for statement in statements:
        op.execute(statement)


def _postgres_guards() -> None:
    statuses = ", ".join(f"'{s}'" for s in LOCKED)
    kept = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in LINE_COLUMNS)
    released = " AND ".join(f"(NEW.{c} IS NOT DISTINCT FROM OLD.{c} OR NEW.{c} IS NULL)"
                            for c in RELEASED_LINKS)
    op.execute(f"""
CREATE FUNCTION fieldrep_guard_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_status text;
    new_status text;
BEGIN
    -- FOR SHARE: a line written while its report is being submitted waits for the
    -- submission to end, then sees the report's new status.
    IF TG_OP <> 'INSERT' AND OLD.report_id IS NOT NULL THEN
        SELECT status INTO old_status FROM expense_reports WHERE id = OLD.report_id FOR SHARE;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.report_id IS NOT NULL THEN
        SELECT status INTO new_status FROM expense_reports WHERE id = NEW.report_id FOR SHARE;
    END IF;
    IF old_status IN ({statuses}) OR new_status IN ({statuses}) THEN
        IF TG_OP = 'UPDATE' AND {kept} AND {released} THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}: the '
            || 'expense is in a submitted, approved or reimbursed report';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$""")
    op.execute(f"""
CREATE FUNCTION fieldrep_guard_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line_status text;
BEGIN
    SELECT r.status INTO line_status FROM expenses e JOIN expense_reports r
        ON r.id = e.report_id
        WHERE e.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.expense_id ELSE NEW.expense_id END
        FOR SHARE OF r;
    IF line_status IN ({statuses}) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}: the '
            || 'receipt''s expense is in a submitted, approved or reimbursed report';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$""")
    op.execute(f"""
CREATE FUNCTION fieldrep_guard_report_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ({statuses}) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}: a '
            || 'submitted, approved or reimbursed report cannot be deleted';
    END IF;
    RETURN OLD;
END $$""")
    op.execute("CREATE TRIGGER expenses_locked_lines BEFORE INSERT OR UPDATE OR DELETE ON "
               "expenses FOR EACH ROW EXECUTE FUNCTION fieldrep_guard_line()")
    op.execute("CREATE TRIGGER expense_receipts_locked_lines BEFORE INSERT OR UPDATE OR DELETE "
               "ON expense_receipts FOR EACH ROW EXECUTE FUNCTION fieldrep_guard_receipt()")
    op.execute("CREATE TRIGGER expense_reports_locked_delete BEFORE DELETE ON expense_reports "
               "FOR EACH ROW EXECUTE FUNCTION fieldrep_guard_report_delete()")
