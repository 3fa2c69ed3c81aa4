"""The detail panel of one account, as escaped HTML for a QTextBrowser."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fieldrep.accounts.model import AccountData, Precision
from fieldrep.common.hours import DAY_CODES, OpeningHoursError, parse_opening_hours
from ui.kit.colours import ERROR, MUTED, WARNING, span
from ui.visits.html import timeline_html

if TYPE_CHECKING:
    from fieldrep.visits.brief import TimelineEntry

SHOWN_HISTORY = 5


def account_html(account: AccountData,
                 history: Sequence[TimelineEntry] | None = None) -> str:
    """The detail panel for one account (with its latest visits and follow-ups from
    ``history``, newest first; None while they are being read); every stored string is
    escaped."""
    e = html.escape
    parts = [f"<h2 style='margin-bottom:2px'>{e(account.name)}</h2>",
             f"<div style='color:{MUTED}'>{e(account.address) or 'No address'}</div>"]
    facts = [f"Tier <b>{e(account.tier)}</b>", f"visit every {account.cadence_days} days",
             f"meetings of {account.meeting_minutes} min"]
    if account.annual_value is not None:
        facts.append(f"annual value {account.annual_value:,.0f}")
    parts.append(f"<p>{' · '.join(facts)}</p>")
    if account.located:
        where = f"{account.lat:.5f}, {account.lon:.5f}"
        if account.geocode_precision in (Precision.TOWN, Precision.POSTCODE):
            where += " " + span(f"(approximate: {e(account.geocode_precision)})", WARNING)
        parts.append(f"<p><b>Location</b> {where}</p>")
    else:
        parts.append(f"<p><b>Location</b> {span('none yet', ERROR)}</p>")
    parts.append(_hours_html(account.opening_hours))
    if account.contacts:
        rows = "".join(
            f"<tr><td>{e(c.name)}</td><td style='color:{MUTED}'>{e(c.role)}</td>"
            f"<td>{e(c.phone)}</td><td>{e(c.email)}</td></tr>" for c in account.contacts)
        parts.append(f"<p><b>Contacts</b></p><table cellspacing=4>{rows}</table>")
    if account.tags:
        parts.append(f"<p><b>Tags</b> {e(', '.join(account.tags))}</p>")
    if account.notes:
        parts.append(f"<p><b>Notes</b><br>{e(account.notes)}</p>")
    if history is None:
        visits = f"<p>{span('…', MUTED)}</p>"
    elif history:
        visits = timeline_html(list(history[:SHOWN_HISTORY]))
    else:
        visits = f"<p>{span('None logged yet.', MUTED)}</p>"
    parts.append(f"<p><b>Visits</b></p>{visits}")
    if account.external_id:
        parts.append(f"<p>{span(f'External id {e(account.external_id)}', MUTED)}</p>")
    return "".join(parts)


def _hours_html(text: str) -> str:
    try:
        hours = parse_opening_hours(text)
    except OpeningHoursError:  # kept by an older FieldRep as typed: shown as typed
        return f"<p><b>Opening hours</b> {html.escape(text)}</p>"
    if not hours.known:
        return f"<p><b>Opening hours</b> {span('unknown', MUTED)}</p>"
    rows = "".join(
        f"<tr><td>{day}</td><td>{', '.join(str(i) for i in hours.intervals(n)) or 'closed'}"
        "</td></tr>" for n, day in enumerate(DAY_CODES))
    return f"<p><b>Opening hours</b></p><table cellspacing=2>{rows}</table>"
