"""An account's brief and history as escaped HTML for a QTextBrowser."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from fieldrep.visits.model import DueStatus
from ui.kit.colours import ERROR, GOOD, LINK, MUTED, NEVER_SEEN, TEXT, WARNING

if TYPE_CHECKING:
    from fieldrep.visits.brief import Brief, TimelineEntry

#: The colour of each visit status, wherever it is shown.
STATUS_COLOURS = {DueStatus.OVERDUE: ERROR, DueStatus.NEVER: NEVER_SEEN,
                  DueStatus.DUE_SOON: WARNING, DueStatus.ON_TIME: GOOD}


def brief_html(brief: Brief) -> str:
    """What to read before the stop: status, open follow-ups, contacts, needs, competitors,
    and the last visits' notes."""
    e = html.escape
    a, due = brief.account, brief.due
    last = (f"last visit {due.last_visit:%a %d %b %Y}" if due.last_visit
            else "never visited")
    parts = [f"<h3 style='margin-bottom:2px'>{e(a.name)}</h3>",
             f"<div style='color:{MUTED}'>{e(a.address)}</div>",
             f"<p><span style='color:{STATUS_COLOURS[due.status]}'><b>{due.status.label}"
             f"</b></span> · {last} · tier {e(a.tier)}, every {a.cadence_days} days</p>"]
    if brief.follow_ups:
        items = "".join(f"<li>{e(f.describe())}</li>" for f in brief.follow_ups)
        parts.append(f"<p><b>Open follow-ups</b></p><ul>{items}</ul>")
    if a.contacts:
        rows = "".join(f"<tr><td>{e(c.name)}</td><td style='color:{MUTED}'>{e(c.role)}</td>"
                       f"<td>{e(c.phone)}</td></tr>" for c in a.contacts)
        parts.append(f"<p><b>Contacts</b></p><table cellspacing=3>{rows}</table>")
    if brief.needs:
        parts.append(f"<p><b>Needs heard</b> {e('; '.join(brief.needs))}</p>")
    if brief.competitors:
        parts.append(f"<p><b>Competitors mentioned</b> {e(', '.join(brief.competitors))}</p>")
    if brief.recent:
        parts.append("<p><b>Last visits</b></p>")
        for v in brief.recent:
            parts.append(f"<p style='margin:4px 0'><b>{v.day:%d %b %Y}</b> — {e(v.summary())}"
                         + (f"<br>{_lines(v.notes)}" if v.notes.strip() else "")
                         + (f"<br><i>Next step:</i> {e(v.next_step)}" if v.next_step else "")
                         + "</p>")
    else:
        parts.append(f"<p style='color:{MUTED}'>No visit logged yet.</p>")
    return "".join(parts)


def timeline_html(entries: list[TimelineEntry]) -> str:
    """The history, newest first: visits and open follow-ups."""
    if not entries:
        return f"<p style='color:{MUTED}'>No visit or follow-up yet.</p>"
    rows = []
    for entry in entries:
        when = f"{entry.day:%d %b %Y}" + (f" {entry.at:%H:%M}" if entry.at else "")
        colour = LINK if entry.kind == "follow-up" else TEXT
        rows.append(f"<tr><td style='color:{MUTED}; white-space:nowrap' valign=top>{when}</td>"
                    f"<td><b style='color:{colour}'>{html.escape(entry.title)}</b>"
                    + (f"<br>{_lines(entry.text)}" if entry.text else "") + "</td></tr>")
    return f"<table cellspacing=5>{''.join(rows)}</table>"


def _lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.strip().splitlines())
