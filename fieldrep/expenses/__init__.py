"""Travel expenses, mileage and the expense report: the pure core, with no database.

``categories`` (what an expense is for), ``money`` (amounts, currencies, conversion),
``entries`` (one expense), ``mileage`` and ``mileage_rates`` (distance priced at the
day's rate), ``policy`` (warnings before sending), ``receipts`` (receipt files and their
thumbnails) and ``expense_report`` (the report of a period, written by
:mod:`fieldrep.reports`).
"""
