"""The Introduction workflow: a state machine with a recorded history.

    requested --> asked --> accepted --> introduced --> meeting_held --> qualified --> won
        |           |                       |   ^           |   ^   |          |   \\
        |           +--> declined           |   | reopen    +---+   |          |    +--> lost
        |           |       |               v   |         (another  |          |
        v           v       | reopen    qualified_out <---meeting)--+----------+
    withdrawn   withdrawn   +--> requested

Statuses
- requested: a rep asked for a warm introduction along a path.
- asked: the referrer (the person on the path) has been asked to make it.
- accepted / declined: the referrer said yes / no.
- introduced: the referrer made the introduction.
- meeting_held: a meeting with the target took place. Record the buyer's assignment
  and the next meeting (seed 000); a meeting without both is flagged "no next step"
  (allowed, never silently accepted). meeting_held -> meeting_held records another
  meeting.
- qualified: fits the ICP with known budget and need (seed 002 / 004).
- qualified_out: an honest "not now", with a required reason (seed 002). Reachable
  from introduced, meeting_held and qualified.
- won / lost: the deal closed.
- withdrawn: the rep called it off before the referrer agreed (requested / asked only;
  once a referrer has said yes, the introduction runs its course or is qualified out).

Double opt-in (the prospect's consent, issue 9):
- Before names are shared, the referrer asks the prospect whether they want the
  introduction. Their answer (yes / no) is recorded with when and through which channel
  (`ProspectConsent`, `record_prospect_consent`) while the introduction is `asked` or
  `accepted`.
- accepted -> introduced is refused (`ConsentRequired`, an IllegalTransition) until the
  prospect said yes; a recorded no refuses it too.
- A no closes the introduction as `declined` with the reason (`consent_declined_reason`):
  asked -> declined, or accepted -> declined (the referrer agreed, the prospect did not).
- A declined introduction reopened to `requested` starts a fresh request, so the consent
  is asked again (the store clears the recorded answer).

Reopening (both keep the history; nothing is deleted):
- declined -> requested: a fresh request, which must be asked again, so it passes
  through `asked` and counts against the client's ask fatigue (see referrals.asks).
- qualified_out -> introduced: the target already knows us through the referrer, so
  the referrer is not asked twice; the next step is a meeting.

won, lost and withdrawn are final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class IntroStatus(StrEnum):
    REQUESTED = "requested"
    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    INTRODUCED = "introduced"
    MEETING_HELD = "meeting_held"
    QUALIFIED = "qualified"
    QUALIFIED_OUT = "qualified_out"
    WON = "won"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


S = IntroStatus

INITIAL_STATUS = S.REQUESTED

TRANSITIONS: dict[IntroStatus, frozenset[IntroStatus]] = {
    S.REQUESTED: frozenset({S.ASKED, S.WITHDRAWN}),
    S.ASKED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.INTRODUCED, S.DECLINED}),
    S.DECLINED: frozenset({S.REQUESTED}),
    S.INTRODUCED: frozenset({S.MEETING_HELD, S.QUALIFIED_OUT}),
    S.MEETING_HELD: frozenset({S.MEETING_HELD, S.QUALIFIED, S.QUALIFIED_OUT}),
    S.QUALIFIED: frozenset({S.WON, S.LOST, S.QUALIFIED_OUT}),
    S.QUALIFIED_OUT: frozenset({S.INTRODUCED}),
    S.WON: frozenset(),
    S.LOST: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: Reopen paths: status -> where a reopened introduction goes.
REOPEN_TARGETS: dict[IntroStatus, IntroStatus] = {
    S.DECLINED: S.REQUESTED,
    S.QUALIFIED_OUT: S.INTRODUCED,
}

FINAL_STATUSES: frozenset[IntroStatus] = frozenset({S.WON, S.LOST, S.WITHDRAWN})
#: Not being worked now (final, or parked until reopened).
CLOSED_STATUSES: frozenset[IntroStatus] = FINAL_STATUSES | {S.DECLINED, S.QUALIFIED_OUT}
OPEN_STATUSES: frozenset[IntroStatus] = frozenset(S) - CLOSED_STATUSES
#: Early interest: reviewed as one group, never chased one by one (seed 003).
EARLY_STATUSES: frozenset[IntroStatus] = frozenset({S.REQUESTED, S.ASKED, S.ACCEPTED})

#: Statuses that need a reason on the way in.
REASON_REQUIRED: frozenset[IntroStatus] = frozenset({S.QUALIFIED_OUT})

NO_NEXT_STEP = "no_next_step"


class UnknownStatus(ValueError):
    def __init__(self, value: object) -> None:
        known = ", ".join(s.value for s in S)
        super().__init__(f"unknown introduction status {value!r}; known: {known}")
        self.value = value


class IllegalTransition(Exception):
    """A move the state machine does not allow (or lacks what it needs)."""

    def __init__(
        self,
        from_status: IntroStatus,
        to_status: IntroStatus,
        message: str | None = None,
    ) -> None:
        self.from_status = from_status
        self.to_status = to_status
        self.allowed = sorted(t.value for t in TRANSITIONS[from_status])
        if message is None:
            if self.allowed:
                targets = ", ".join(self.allowed)
                message = (
                    f"cannot move an introduction from {from_status.value} to "
                    f"{to_status.value}; allowed from {from_status.value}: {targets}"
                )
            else:
                message = (
                    f"cannot move an introduction from {from_status.value} to "
                    f"{to_status.value}; {from_status.value} is final (no moves allowed)"
                )
        super().__init__(message)


class ReasonRequired(IllegalTransition):
    """qualified_out without a reason."""


class ConsentRequired(IllegalTransition):
    """accepted -> introduced before the prospect said yes (double opt-in)."""


class ConsentAnswer(StrEnum):
    YES = "yes"
    NO = "no"


CONSENT_CHANNELS: tuple[str, ...] = ("email", "call", "meeting", "message", "linkedin", "in_person",
                                     "other")
#: While the introduction is in one of these, the prospect's answer can be recorded.
CONSENT_STATUSES: frozenset[IntroStatus] = frozenset({IntroStatus.ASKED, IntroStatus.ACCEPTED})


def parse_consent(value: ConsentAnswer | str | None) -> ConsentAnswer | None:
    if value is None or isinstance(value, ConsentAnswer):
        return value
    try:
        return ConsentAnswer(str(value).strip().lower())
    except ValueError:
        raise ValueError(f"answer: must be yes or no, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class ProspectConsent:
    """The prospect's answer to "may I introduce you?": yes or no, when, through which
    channel, and who recorded it."""

    answer: ConsentAnswer
    at: datetime
    channel: str
    recorded_by: str
    note: str | None = None

    @property
    def given(self) -> bool:
        return self.answer is ConsentAnswer.YES

    def to_dict(self) -> dict[str, object]:
        return {"answer": self.answer.value, "at": self.at.isoformat(), "channel": self.channel,
                "recorded_by": self.recorded_by, "note": self.note}


def record_prospect_consent(
    current_status: IntroStatus | str,
    answer: ConsentAnswer | str,
    *,
    channel: str,
    at: datetime,
    recorded_by: str,
    note: str | None = None,
) -> ProspectConsent:
    """Validate the prospect's answer. Only while the introduction is asked or accepted
    (before that nobody has asked them; after, names are already shared): otherwise an
    IllegalTransition. ValueError for an unknown answer or channel, or a blank recorder."""
    src = parse_status(current_status)
    parsed = parse_consent(answer)
    if parsed is None:
        raise ValueError("answer: must be yes or no")
    if src not in CONSENT_STATUSES:
        raise IllegalTransition(
            src, src,
            f"the prospect's answer is recorded while the introduction is asked or accepted, "
            f"not {src.value}")
    chan = (channel or "").strip().lower()
    if chan not in CONSENT_CHANNELS:
        raise ValueError(f"channel: must be one of {', '.join(CONSENT_CHANNELS)}, got {channel!r}")
    if _blank(recorded_by):
        raise ValueError("recorded_by: who recorded the answer is required")
    return ProspectConsent(parsed, at, chan, recorded_by.strip(), _clean(note))


def consent_declined_reason(consent: ProspectConsent) -> str:
    """The reason a prospect's no closes the introduction with."""
    reason = f"the prospect said no ({consent.channel}, {consent.at.date().isoformat()})"
    return f"{reason}: {consent.note}" if consent.note else reason


def check_prospect_consent(
    from_status: IntroStatus | str,
    to_status: IntroStatus | str,
    consent: ConsentAnswer | str | None,
) -> None:
    """Raise ConsentRequired for accepted -> introduced unless the prospect said yes."""
    src, dst = parse_status(from_status), parse_status(to_status)
    if not (src is S.ACCEPTED and dst is S.INTRODUCED):
        return
    answer = parse_consent(consent)
    if answer is ConsentAnswer.YES:
        return
    if answer is ConsentAnswer.NO:
        message = ("the prospect said no, so no introduction is made; record their no to close "
                   "it as declined")
    else:
        message = ("double opt-in: ask the prospect first and record their yes "
                   "(POST /introductions/{id}/prospect-consent) before names are shared")
    raise ConsentRequired(src, dst, message)


def parse_status(value: IntroStatus | str) -> IntroStatus:
    if isinstance(value, IntroStatus):
        return value
    try:
        return IntroStatus(str(value).strip().lower())
    except ValueError:
        raise UnknownStatus(value) from None


def allowed_targets(status: IntroStatus | str) -> list[IntroStatus]:
    """The statuses an introduction in `status` may move to, sorted by name."""
    return sorted(TRANSITIONS[parse_status(status)], key=lambda s: s.value)


def can_transition(from_status: IntroStatus | str, to_status: IntroStatus | str) -> bool:
    return parse_status(to_status) in TRANSITIONS[parse_status(from_status)]


def is_reopen(from_status: IntroStatus | str, to_status: IntroStatus | str) -> bool:
    return REOPEN_TARGETS.get(parse_status(from_status)) == parse_status(to_status)


@dataclass(frozen=True, slots=True)
class Transition:
    """One entry of an introduction's status history (who, when, from, to, note).

    from_status is None for the entry that created the introduction.
    assignment / next_meeting_at are only set on meeting_held; reason on qualified_out
    (required) and optionally on declined, lost, withdrawn.
    """

    from_status: IntroStatus | None
    to_status: IntroStatus
    actor: str
    at: datetime
    note: str | None = None
    assignment: str | None = None
    next_meeting_at: datetime | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.from_status.value if self.from_status else None,
            "to": self.to_status.value,
            "actor": self.actor,
            "at": self.at.isoformat(),
            "note": self.note,
            "assignment": self.assignment,
            "next_meeting_at": self.next_meeting_at.isoformat() if self.next_meeting_at else None,
            "reason": self.reason,
            "flags": flags_for(self),
        }


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _clean(text: str | None) -> str | None:
    return None if _blank(text) else text.strip()  # type: ignore[union-attr]


def start(actor: str, at: datetime, note: str | None = None) -> Transition:
    """The first history entry: the introduction is requested."""
    if _blank(actor):
        raise ValueError("actor: who requested the introduction is required")
    return Transition(None, INITIAL_STATUS, actor.strip(), at, _clean(note))


def apply_transition(
    current_status: IntroStatus | str,
    to: IntroStatus | str,
    *,
    actor: str,
    at: datetime,
    note: str | None = None,
    assignment: str | None = None,
    next_meeting_at: datetime | None = None,
    reason: str | None = None,
    prospect_consent: ConsentAnswer | str | None = None,
) -> Transition:
    """Validate a move and return the history entry to store.

    `prospect_consent` is the prospect's recorded answer (yes / no / None): accepted ->
    introduced needs yes (ConsentRequired otherwise; see `check_prospect_consent`).

    Raises UnknownStatus (ValueError) for a status the machine does not know,
    IllegalTransition for a move it does not allow, ReasonRequired (an
    IllegalTransition) for qualified_out without a reason, and ValueError for a blank
    actor or meeting details given on a move other than meeting_held.
    A meeting_held without assignment or next meeting is allowed and flagged (see
    `flags_for`).
    """
    src = parse_status(current_status)
    dst = parse_status(to)
    if dst not in TRANSITIONS[src]:
        raise IllegalTransition(src, dst)
    if _blank(actor):
        raise ValueError("actor: who made the change is required")
    if dst in REASON_REQUIRED and _blank(reason):
        raise ReasonRequired(
            src,
            dst,
            f"moving to {dst.value} needs a reason: say honestly why this is not going "
            "ahead now, so it can be reopened with context later",
        )
    check_prospect_consent(src, dst, prospect_consent)
    if dst is not S.MEETING_HELD and (assignment is not None or next_meeting_at is not None):
        raise ValueError(
            "assignment / next_meeting_at: only recorded when a meeting is held "
            f"(to meeting_held), not on a move to {dst.value}"
        )
    return Transition(
        from_status=src,
        to_status=dst,
        actor=actor.strip(),
        at=at,
        note=_clean(note),
        assignment=_clean(assignment),
        next_meeting_at=next_meeting_at,
        reason=_clean(reason),
    )


def reopen(
    current_status: IntroStatus | str,
    *,
    actor: str,
    at: datetime,
    note: str | None = None,
) -> Transition:
    """Reopen a declined or qualified-out introduction (see REOPEN_TARGETS)."""
    src = parse_status(current_status)
    if src not in REOPEN_TARGETS:
        raise IllegalTransition(
            src,
            src,
            f"only {', '.join(s.value for s in REOPEN_TARGETS)} can be reopened, not {src.value}",
        )
    return apply_transition(src, REOPEN_TARGETS[src], actor=actor, at=at, note=note)


def missing_next_step(t: Transition) -> list[str]:
    """For a meeting_held entry: which of the two next-step parts are missing
    ("assignment", "next_meeting_at"). A next meeting at or before the meeting itself
    is not a next meeting. Empty for every other kind of entry."""
    if t.to_status is not S.MEETING_HELD:
        return []
    missing = []
    if _blank(t.assignment):
        missing.append("assignment")
    if t.next_meeting_at is None or t.next_meeting_at <= t.at:
        missing.append("next_meeting_at")
    return missing


def has_next_step(t: Transition) -> bool:
    """True unless this is a meeting that ended without an assignment for the buyer
    and the next meeting on the calendar (seed 000)."""
    return not missing_next_step(t)


def flags_for(t: Transition) -> list[str]:
    """Red flags on a history entry: ["no_next_step"] or []."""
    return [NO_NEXT_STEP] if missing_next_step(t) else []


def replay(history: Iterable[Transition]) -> IntroStatus:
    """Check a stored history is a legal chain and return the current status."""
    current: IntroStatus | None = None
    for i, t in enumerate(history):
        if t.from_status != current:
            raise ValueError(
                f"history[{i}]: starts from {t.from_status} but the introduction was "
                f"{current.value if current else 'not yet created'}"
            )
        if current is None:
            if t.to_status is not INITIAL_STATUS:
                raise ValueError(f"history[{i}]: an introduction starts as requested")
        elif t.to_status not in TRANSITIONS[current]:
            raise IllegalTransition(current, t.to_status)
        current = t.to_status
    if current is None:
        raise ValueError("history: empty")
    return current


# ------------------------------------------------------------ referrer's record


_MADE = frozenset({S.INTRODUCED, S.MEETING_HELD, S.QUALIFIED, S.QUALIFIED_OUT, S.WON, S.LOST})
_ACCEPTED = frozenset({S.MEETING_HELD, S.QUALIFIED, S.WON, S.LOST})
_WON = frozenset({S.WON})


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an introduction says about the referrer's record.

    made:     the referrer made the introduction (reached introduced or later).
    accepted: the target accepted it: a meeting was held (meeting_held or later).
    won:      the deal was won.

    `from_status` reads only the current status, so a qualified_out reached straight
    from introduced and one reached after meetings look alike: it counts as made only.
    `from_history` reads every status reached and is exact.
    """

    made: bool = False
    accepted: bool = False
    won: bool = False

    MADE_STATUSES = _MADE
    ACCEPTED_STATUSES = _ACCEPTED
    WON_STATUSES = _WON

    @classmethod
    def from_status(cls, status: IntroStatus | str) -> Outcome:
        s = parse_status(status)
        return cls(made=s in _MADE, accepted=s in _ACCEPTED, won=s in _WON)

    @classmethod
    def from_history(cls, statuses: Iterable[IntroStatus | str | Transition]) -> Outcome:
        reached = {x.to_status if isinstance(x, Transition) else parse_status(x) for x in statuses}
        return cls(
            made=bool(reached & _MADE),
            accepted=bool(reached & _ACCEPTED),
            won=bool(reached & _WON),
        )
