"""The tunable numbers of the rules, in one object the use cases receive in their context.

Defaults are the doctrine's (docs/process.md); `runtime/settings.py` fills them from the
environment and tests override single values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from referrals.asks import DEFAULT_MAX_PER_QUARTER
from referrals.calibration import DEFAULT_WEIGHT, WARM_OUTCOMES
from referrals.goodwill import DEFAULT_POLICY, GoodwillPolicy
from referrals.review import DEFAULT_ONE_WAY_TOUCHES, DEFAULT_STALE_AFTER


@dataclass(frozen=True)
class Rules:
    asks_per_quarter: int = DEFAULT_MAX_PER_QUARTER  # referral asks to one client per rolling quarter
    stale_after_days: int = DEFAULT_STALE_AFTER.days  # no status change this long: stale
    one_way_touches: int = DEFAULT_ONE_WAY_TOUCHES  # outbound touches without a reply: one-way
    goodwill: GoodwillPolicy = field(default_factory=lambda: DEFAULT_POLICY)  # per-connector budget
    tie_half_life_days: float = 180.0  # a tie's strength halves its distance to the floor this often
    calibration_weight: float = DEFAULT_WEIGHT  # 0..1: how much learned outcomes move the ranking
    # ... once the model has this many decided introductions of both kinds (docs/ranking.md)
    calibration_min_outcomes: int = WARM_OUTCOMES
    # the find page interleaves the hand-set and learned rankings (services/interleaving.py)
    interleaving: bool = True
    centrality_max_age_hours: float = 24.0  # `referrals tick` recomputes centrality older than this

    @property
    def stale_after(self) -> timedelta:
        return timedelta(days=self.stale_after_days)
