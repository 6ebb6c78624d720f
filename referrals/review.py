"""The weekly pipeline review: what deserves an honest question, and what does not.

Doctrine (see docs/process.md):
- Seed 003, interest is not intent: early items (requested / asked / accepted, or any
  "interested"-like status) are shown as ONE group with a count and one group
  question ("anything new with any of these?"). They never appear on a per-item
  chase list: no stale or one-way flags for them.
- Seed 002, qualify out: an item with no status change for `stale_after` (six weeks
  by default; exactly six weeks counts) or chased one way (`one_way_touches` or more
  outbound touches, no reply) gets an honest, direct question and the qualify-out
  move to offer, with a suggested reason.
- Seed 000: a meeting that ended without an assignment for the buyer and the next
  meeting on the calendar is flagged "no next step".

Closed items (won, lost, qualified_out, declined, withdrawn) are never flagged.
An item may carry several flags (stale and one-way at once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from referrals.introductions import CLOSED_STATUSES, EARLY_STATUSES, IntroStatus

DEFAULT_STALE_AFTER = timedelta(weeks=6)
DEFAULT_ONE_WAY_TOUCHES = 8

#: Early statuses of introductions plus the words CRMs use for the same stage.
DEFAULT_EARLY_STATUSES: frozenset[str] = frozenset(s.value for s in EARLY_STATUSES) | {
    "interested",
    "new",
    "inquiry",
}
DEFAULT_CLOSED_STATUSES: frozenset[str] = frozenset(s.value for s in CLOSED_STATUSES) | {
    "closed",
    "closed_won",
    "closed_lost",
}

QUALIFY_OUT = IntroStatus.QUALIFIED_OUT.value

STALE = "stale"
ONE_WAY = "one_way"
NO_NEXT_STEP = "no_next_step"

EARLY_GROUP_QUESTION = "Anything new with any of these? (No need to chase them one by one.)"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """An introduction or opportunity as the review sees it."""

    id: str
    status: str
    last_transition_at: datetime
    outbound_touches: int = 0
    replies: int = 0
    assignment: str | None = None
    next_meeting_at: datetime | None = None
    title: str | None = None  # e.g. "Acme: intro to Dana Lee via Sam Roe"
    owner: str | None = None  # the rep working it

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ReviewItem:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})  # type: ignore[arg-type]

    @property
    def status_key(self) -> str:
        return str(getattr(self.status, "value", self.status)).strip().lower()


@dataclass(frozen=True, slots=True)
class OfferedTransition:
    """The qualify-out move to offer; `suggested_reason` pre-fills the required reason."""

    from_status: str
    to_status: str
    suggested_reason: str


@dataclass(frozen=True, slots=True)
class Flag:
    item_id: str
    kind: str  # stale | one_way | no_next_step
    status: str
    detail: str  # what the system saw, in plain words
    question: str  # the honest question to ask the buyer
    offer: OfferedTransition | None
    title: str | None = None
    owner: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "item_id": self.item_id,
            "kind": self.kind,
            "status": self.status,
            "detail": self.detail,
            "question": self.question,
            "offer": None
            if self.offer is None
            else {
                "from": self.offer.from_status,
                "to": self.offer.to_status,
                "suggested_reason": self.offer.suggested_reason,
            },
            "title": self.title,
            "owner": self.owner,
        }


@dataclass(frozen=True, slots=True)
class EarlyInterest:
    """Early items as one group: a count, the ids (to list, not to chase), one question."""

    count: int
    by_status: dict[str, int]
    item_ids: list[str]
    question: str = EARLY_GROUP_QUESTION


@dataclass(frozen=True, slots=True)
class Review:
    generated_at: datetime
    early_interest: EarlyInterest
    stale: list[Flag] = field(default_factory=list)
    one_way: list[Flag] = field(default_factory=list)
    no_next_step: list[Flag] = field(default_factory=list)
    active_count: int = 0  # open, past the early stage
    closed_count: int = 0

    @property
    def flags(self) -> list[Flag]:
        return [*self.stale, *self.one_way, *self.no_next_step]

    def to_dict(self) -> dict[str, object]:
        return {
            "generated_at": self.generated_at.isoformat(),
            "early_interest": {
                "count": self.early_interest.count,
                "by_status": dict(self.early_interest.by_status),
                "item_ids": list(self.early_interest.item_ids),
                "question": self.early_interest.question,
            },
            "stale": [f.to_dict() for f in self.stale],
            "one_way": [f.to_dict() for f in self.one_way],
            "no_next_step": [f.to_dict() for f in self.no_next_step],
            "active_count": self.active_count,
            "closed_count": self.closed_count,
        }


def describe_elapsed(delta: timedelta) -> str:
    """'7 weeks', '1 week', '10 days', '1 day', 'less than a day'."""
    days = delta.days
    if days >= 14:
        weeks = days // 7
        return f"{weeks} weeks"
    if days >= 7 and days % 7 == 0:
        return "1 week"
    if days >= 2:
        return f"{days} days"
    if days == 1:
        return "1 day"
    return "less than a day"


def stale_question(idle: timedelta) -> str:
    return (
        f"It's been {describe_elapsed(idle)} since we spoke about this — is it still a "
        "priority, or should we close it for now?"
    )


def one_way_question(touches: int) -> str:
    return (
        f"I've tried you {touches} times and I know you're busy, so I just want to confirm "
        "where we stand. How serious are you about this — should we keep going, or close "
        "it for now?"
    )


NO_NEXT_STEP_QUESTION = (
    "Before we go further: what will you do on your side before we next talk, and when "
    "shall we put that next meeting on the calendar?"
)


def _offer(status: str, reason: str, closed: frozenset[str]) -> OfferedTransition | None:
    if status in closed:
        return None
    return OfferedTransition(status, QUALIFY_OUT, reason)


def _missing_next_step(item: ReviewItem) -> list[str]:
    missing = []
    if item.assignment is None or not item.assignment.strip():
        missing.append("no assignment for the buyer")
    if item.next_meeting_at is None:
        missing.append("no next meeting on the calendar")
    return missing


def build_review(
    items: Iterable[ReviewItem | Mapping[str, object]],
    now: datetime,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
    one_way_touches: int = DEFAULT_ONE_WAY_TOUCHES,
    *,
    early_statuses: frozenset[str] = DEFAULT_EARLY_STATUSES,
    closed_statuses: frozenset[str] = DEFAULT_CLOSED_STATUSES,
) -> Review:
    """Group the pipeline for the weekly review (see module doc).

    stale: no transition for >= stale_after. one_way: outbound_touches >=
    one_way_touches with 0 replies. no_next_step: status meeting_held without an
    assignment or a next meeting. Statuses not named early or closed count as active.
    """
    if stale_after <= timedelta(0):
        raise ValueError("stale_after: must be positive")
    if one_way_touches < 1:
        raise ValueError("one_way_touches: must be at least 1")
    early_ids: list[str] = []
    early_by_status: Counter[str] = Counter()
    stale: list[tuple[timedelta, Flag]] = []
    one_way: list[tuple[int, Flag]] = []
    no_next: list[Flag] = []
    active = closed = 0
    for raw in items:
        item = raw if isinstance(raw, ReviewItem) else ReviewItem.from_mapping(raw)
        status = item.status_key
        if status in closed_statuses:
            closed += 1
            continue
        if status in early_statuses:
            early_ids.append(item.id)
            early_by_status[status] += 1
            continue
        active += 1
        idle = now - item.last_transition_at
        if idle >= stale_after:
            stale.append(
                (
                    idle,
                    Flag(
                        item.id,
                        STALE,
                        status,
                        f"no stage change for {describe_elapsed(idle)} "
                        f"(since {item.last_transition_at.date().isoformat()})",
                        stale_question(idle),
                        _offer(
                            status,
                            f"No stage change for {describe_elapsed(idle)}; not a priority now",
                            closed_statuses,
                        ),
                        item.title,
                        item.owner,
                    ),
                )
            )
        if item.outbound_touches >= one_way_touches and item.replies == 0:
            one_way.append(
                (
                    item.outbound_touches,
                    Flag(
                        item.id,
                        ONE_WAY,
                        status,
                        f"{item.outbound_touches} touches from us, no reply",
                        one_way_question(item.outbound_touches),
                        _offer(
                            status,
                            f"No reply after {item.outbound_touches} touches",
                            closed_statuses,
                        ),
                        item.title,
                        item.owner,
                    ),
                )
            )
        if status == IntroStatus.MEETING_HELD.value:
            missing = _missing_next_step(item)
            if missing:
                no_next.append(
                    Flag(
                        item.id,
                        NO_NEXT_STEP,
                        status,
                        "meeting held with " + " and ".join(missing),
                        NO_NEXT_STEP_QUESTION,
                        _offer(
                            status,
                            "Buyer would not take an assignment or book the next meeting",
                            closed_statuses,
                        ),
                        item.title,
                        item.owner,
                    )
                )
    stale.sort(key=lambda p: (-p[0], p[1].item_id))
    one_way.sort(key=lambda p: (-p[0], p[1].item_id))
    no_next.sort(key=lambda f: f.item_id)
    return Review(
        generated_at=now,
        early_interest=EarlyInterest(len(early_ids), dict(early_by_status), sorted(early_ids)),
        stale=[f for _, f in stale],
        one_way=[f for _, f in one_way],
        no_next_step=no_next,
        active_count=active,
        closed_count=closed,
    )
