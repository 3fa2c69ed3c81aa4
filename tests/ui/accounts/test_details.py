"""The details panel never fails on hours it cannot read (kept as typed by an older
FieldRep): it shows them as typed, escaped, rather than raising in the event loop."""

from fieldrep.accounts.model import AccountData
from ui.accounts.details import account_html


def test_unreadable_hours_show_as_typed() -> None:
    shown = account_html(AccountData("Pharmacie", opening_hours="le matin <b>sauf</b> lundi"))
    assert "le matin &lt;b&gt;sauf&lt;/b&gt; lundi" in shown
    assert "Mo</td><td>08:30" in account_html(AccountData("Pharmacie",
                                                          opening_hours="Mo 08:30-12:00"))
