"""Travel expenses, mileage and the expense report.

The pure core, with no database: ``categories`` (what an expense is for), ``money``
(amounts, currencies, conversion), ``entries`` (one expense), ``mileage`` and
``mileage_rates`` (distance priced at the day's rate), ``policy`` (warnings before
sending), ``receipts`` (receipt files and their thumbnails) and ``expense_report`` (the
report of a period, written by :mod:`fieldrep.reports`).

The services on the store: ``ledger`` (expenses with their receipts, kept by
``receipt_files``), ``mileage_service`` (distances from the saved plans and the visits,
saved as mileage), ``report_service`` (expense reports: submit, reopen, reimburse, write),
with ``records`` (the plain values they hand out) and ``settings`` (the rules the
settings hold).
"""
