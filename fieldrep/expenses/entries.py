"""One expense as the rep entered it: a plain, checked value the store and UI hand around.

An :class:`ExpenseEntry` cannot hold an impossible expense: a negative amount, a tax part
larger than the amount, an unknown currency, a missing exchange rate, or a company-paid
expense marked as owed to the rep are refused when it is built, with a
:class:`~fieldrep.common.money.MoneyError` (a ``ValueError``) saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fieldrep.common.money import MoneyError, check_amount, check_currency, check_rate, convert
from fieldrep.expenses.categories import Category


class PaidBy(StrEnum):
    """Who paid: the rep (to be reimbursed) or the company (a company card, an invoice)."""

    PERSONAL = "personal"
    COMPANY = "company"


#: Longest merchant name the store keeps.
MAX_MERCHANT = 200


@dataclass(frozen=True)
class ExpenseEntry:
    """An expense: ``amount`` (tax included) in ``currency`` on ``day``.

    ``rate_to_report`` is how many units of the report currency one unit of ``currency``
    was worth (None when the expense is in the report currency).  ``tax`` is the part of
    ``amount`` that is tax (VAT), in ``currency``.  ``receipts`` are the stored file names
    given by :func:`fieldrep.expenses.receipts.store_receipt`.  ``id``, ``account_id`` and
    ``visit_id`` are the store's ids when there are some.
    """

    day: date
    category: Category
    amount: Decimal
    currency: str
    rate_to_report: Decimal | None = None
    tax: Decimal = Decimal("0.00")
    merchant: str = ""
    paid_by: PaidBy = PaidBy.PERSONAL
    reimbursable: bool = True
    notes: str = ""
    attendees: tuple[str, ...] = ()
    receipts: tuple[str, ...] = ()
    account_id: int | None = None
    visit_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", Category(self.category))
        object.__setattr__(self, "paid_by", PaidBy(self.paid_by))
        object.__setattr__(self, "amount", check_amount(self.amount))
        object.__setattr__(self, "currency", check_currency(self.currency))
        tax = check_amount(self.tax)
        if tax > self.amount:
            raise MoneyError(f"the tax part ({tax}) is more than the amount ({self.amount})")
        object.__setattr__(self, "tax", tax)
        if self.rate_to_report is not None:
            object.__setattr__(self, "rate_to_report", check_rate(self.rate_to_report))
        if self.paid_by is PaidBy.COMPANY and self.reimbursable:
            raise MoneyError("an expense the company paid is not reimbursed to the rep; "
                             "mark it not reimbursable")
        object.__setattr__(self, "attendees", tuple(self.attendees))
        object.__setattr__(self, "receipts", tuple(self.receipts))
        if len(self.merchant) > MAX_MERCHANT:
            raise MoneyError(f"the merchant's name is {len(self.merchant)} characters long; "
                             f"keep it under {MAX_MERCHANT} (put the rest in the notes)")

    def amount_in(self, report_currency: str) -> Decimal:
        """The amount in ``report_currency``, to the cent (needs ``rate_to_report`` when
        the currencies differ)."""
        return convert(self.amount, self.currency, report_currency, self.rate_to_report)

    def tax_in(self, report_currency: str) -> Decimal:
        """The tax part in ``report_currency``, to the cent."""
        return convert(self.tax, self.currency, report_currency, self.rate_to_report)

    @property
    def owed_to_rep(self) -> bool:
        """Whether the rep paid and gets the money back."""
        return self.reimbursable and self.paid_by is PaidBy.PERSONAL
