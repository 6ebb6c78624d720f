"""Email / meeting / call logs: one interaction per line, people identified by email.

Columns (any order, header names matched case-insensitively with aliases): ``from``,
``to`` (several addresses separated by ``;`` give one interaction each), ``channel``
(meeting, call, email, message) and ``date`` (ISO 8601 date or timestamp).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from referrals.model import Channel, InteractionRecord

from .common import ParsedRow, UnreadableFile, error_row
from .keys import normalise_email, parse_iso_date, person_id_for
from .linkedin import norm_header
from .text import CsvLines, is_blank, open_csv

COLUMNS: dict[str, tuple[str, ...]] = {
    "from": ("from", "sender", "fromemail", "fromaddress", "organizer", "organiser"),
    "to": ("to", "recipient", "recipients", "toemail", "toaddress", "attendees", "with"),
    "channel": ("channel", "type", "kind", "medium", "activitytype"),
    "date": ("date", "on", "when", "timestamp", "datetime", "sentat", "occurredat", "start"),
}

CHANNEL_ALIASES: dict[str, Channel] = {
    "meeting": Channel.MEETING,
    "meetings": Channel.MEETING,
    "video": Channel.MEETING,
    "video call": Channel.MEETING,
    "in person": Channel.MEETING,
    "lunch": Channel.MEETING,
    "call": Channel.CALL,
    "phone": Channel.CALL,
    "phone call": Channel.CALL,
    "email": Channel.EMAIL,
    "e-mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "message": Channel.MESSAGE,
    "chat": Channel.MESSAGE,
    "sms": Channel.MESSAGE,
    "text": Channel.MESSAGE,
    "inmail": Channel.MESSAGE,
    "linkedin message": Channel.MESSAGE,
    "slack": Channel.MESSAGE,
}

_SPLIT = re.compile(r"[;\n]|,(?![^<]*>)")


def parse_channel(text: str) -> Channel:
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if key in CHANNEL_ALIASES:
        return CHANNEL_ALIASES[key]
    raise ValueError(f"{text!r} is not a channel: use meeting, call, email or message")


def parse_interactions(stream: BinaryIO, *, today: date) -> Iterator[ParsedRow]:
    rows = open_csv(stream)
    for _line, cells in rows:
        if cells is None or is_blank(cells):
            continue
        normalised = [norm_header(c) for c in cells]
        columns: dict[str, tuple[int, str]] = {}
        for canon, aliases in COLUMNS.items():
            idx = next((i for i, h in enumerate(normalised) if h in aliases), None)
            if idx is not None:
                columns[canon] = (idx, cells[idx].strip())
        missing = [c for c in COLUMNS if c not in columns]
        if missing:
            shown = ", ".join(repr(c.strip()) for c in cells[:8] if c.strip()) or "nothing"
            raise UnreadableFile(
                "This doesn't look like an interaction log: the header needs the columns "
                f"from, to, channel and date; {', '.join(missing)} missing. Found {shown}."
            )
        return _rows(rows, columns, today=today)
    raise UnreadableFile("The file has no header line, only blank lines.")


def _rows(rows: CsvLines, columns: dict[str, tuple[int, str]], *, today: date) -> Iterator[ParsedRow]:
    def get(cells: list[str], canon: str) -> str:
        i = columns[canon][0]
        return cells[i].strip() if i < len(cells) else ""

    def label(canon: str) -> str:
        return columns[canon][1]

    for line, cells in rows:
        if cells is None:
            yield error_row(line, "", f"unreadable CSV record: {rows.last_error}")
            continue
        if is_blank(cells):
            continue
        sender_raw = get(cells, "from")
        sender = normalise_email(sender_raw)
        if sender is None:
            detail = f"{sender_raw!r} is not an email address" if sender_raw else "no sender"
            yield error_row(line, label("from"), detail)
            continue
        to_raw = get(cells, "to")
        parts = [p.strip() for p in _SPLIT.split(to_raw) if p.strip()]
        if not parts:
            yield error_row(line, label("to"), "no recipient")
            continue
        recipients = [normalise_email(p) for p in parts]
        bad = next((p for p, r in zip(parts, recipients, strict=True) if r is None), None)
        if bad is not None:
            yield error_row(line, label("to"), f"{bad!r} is not an email address")
            continue
        others = list(dict.fromkeys(r for r in recipients if r and r != sender))
        if not others:
            yield error_row(line, label("to"), "the only recipient is the sender")
            continue
        try:
            channel = parse_channel(get(cells, "channel"))
        except ValueError as exc:
            yield error_row(line, label("channel"), str(exc))
            continue
        date_raw = get(cells, "date")
        if not date_raw:
            yield error_row(line, label("date"), "no date")
            continue
        try:
            on = parse_iso_date(date_raw)
        except ValueError as exc:
            yield error_row(line, label("date"), str(exc))
            continue
        if on > today:
            yield error_row(line, label("date"), f"{date_raw!r} is after today ({today})")
            continue
        out = ParsedRow(line=line)
        sender_id = person_id_for(email=sender)
        out.emails[sender_id] = sender
        for recipient in others:
            rid = person_id_for(email=recipient)
            out.emails[rid] = recipient
            out.interactions.append(
                InteractionRecord(sender=sender_id, recipient=rid, channel=channel, on=on)
            )
        yield out
