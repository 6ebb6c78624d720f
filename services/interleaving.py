"""The interleaving experiment: does the learned ranking beat the hand-set one with reps?

When both rankings exist (the outcome-calibrated model is warm and blended in:
``ctx.rules.calibration_weight`` > 0) and the experiment is on (``ctx.rules.interleaving``,
REFERRALS_INTERLEAVING), the find page shows the two rankings of a person's paths
interleaved by team draft (referrals/interleaving.py): the hand-set ranking is team
``a``, the learned one team ``b``. The draw is seeded by (user, target, day), so a reload
shows the same list. Each list shown is an impression (graph/interleaving.py); the path
the rep requests an introduction from is its click, credited to the team that placed it.
``report`` counts which ranking wins and by how much, with a Wilson interval.

Only the find page interleaves; ``GET /referral-paths`` keeps the ranking it documents
(services/paths.py ``find_paths``). Company targets, a cold model and two rankings that
agree on every position show the plain ranking and record nothing: there is nothing to
tell apart.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from graph import interleaving as store
from referrals import calibration
from referrals.calibration import CalibratedModel
from referrals.errors import Invalid
from referrals.interleaving import credit, team_draft
from referrals.interleaving import report as interleaving_report
from referrals.permissions import Action
from referrals.scoring import ScoredPath
from search.paths import PathQuery, PathResult, RunnerUp, rank_again
from services import authorization, metrics, paths, visibility
from services.context import Context

TEAMS = {"a": "hand_set", "b": "learned"}


def find_paths(ctx: Context, target: str, source: str | None = None, *, max_hops: int = 3,
               limit: int = 10, per_referrer: int = 1) -> dict[str, Any]:
    """services/paths.py ``find_paths`` for the find page, interleaved while the experiment
    runs: the same answer plus ``interleaving``: {impression} when the list shown is an
    interleaved one (the request form sends it back with the position), else None."""
    weight = ctx.rules.calibration_weight
    finder = paths.ranked_finder(ctx, weight)
    # the same one-transaction search as the API's (services/paths.py)
    query, learned, hidden = paths.checked_search(ctx, finder, target, source, max_hops=max_hops,
                                                  limit=limit, per_referrer=per_referrer)
    model = finder.calibration
    if not ctx.rules.interleaving or weight <= 0 or model is None or model.cold or learned.scope is not None:
        return {**paths.present(ctx, query, learned, hidden=hidden), "interleaving": None}
    # the hand-set ranking of the same search: its candidates ranked without the model
    hand = rank_again(learned, replace(finder.weights, calibration_weight=0.0),
                      per_referrer=query.per_referrer, limit=query.limit)
    if _keys(hand.paths) == _keys(learned.paths):
        return {**paths.present(ctx, query, learned, hidden=hidden), "interleaving": None}
    shown, teams = team_draft(hand.paths, learned.paths, rng=random.Random(seed(ctx.actor.id, query.target,
                                                                                 query.today)),
                              limit=query.limit, key=_key)
    impression = impression_id(ctx.actor.id, query, _keys(shown), teams)
    store.record_impression(ctx.graph, impression_id=impression, user_id=ctx.actor.id, target_id=query.target,
                            source_id=query.source, max_hops=query.max_hops, team_a=_keys(hand.paths),
                            team_b=_keys(learned.paths), shown=_keys(shown), teams=teams, at=ctx.now())
    with metrics.stage("present"):
        found, runner = _present(ctx, shown, hand, learned, model, weight)
    return {**paths.answer(query, learned, found, runner), "interleaving": {"impression": impression}}


def record_click(ctx: Context, impression_id: str, position: int, path: list[str],
                 introduction_id: str | None = None) -> str | None:
    """The actor requested an introduction from `path`, shown at `position` (1-based) of
    their impression: record the click. Returns the ranking credited ('hand_set' or
    'learned'), or None when it is not theirs or not the path shown there."""
    authorization.require(ctx, Action.WRITE_INTRODUCTIONS)
    if not isinstance(position, int) or position < 1:
        raise Invalid("position must be a whole number from 1.", field="position")
    team = store.record_click(ctx.graph, impression_id=impression_id, user_id=ctx.actor.id,
                              position=position - 1, path=store.path_key(path),
                              introduction_id=introduction_id, at=ctx.now())
    return TEAMS.get(team) if team else None


def report(ctx: Context, *, days: int | None = None, confidence: float = 0.95) -> dict[str, Any]:
    """Which ranking reps request from: {impressions, clicks, a_wins, b_wins, ties,
    learned_share, ci_low, ci_high, winner, verdict, confidence, days}.

    Impressions with no request say nothing about either ranking and are left out of
    wins and ties (``impressions`` counts them); a tie is a list where the rep requested
    as many paths placed by each. ``learned_share`` is the learned ranking's share of the
    decided lists, with its Wilson interval at `confidence`.
    """
    authorization.require(ctx, Action.READ_PATHS)
    if days is not None and not 1 <= days <= 3650:
        raise Invalid("days must be between 1 and 3650.", field="days")
    if not 0.5 <= confidence < 1:
        raise Invalid("confidence must be at least 0.5 and below 1.", field="confidence")
    since = None if days is None else ctx.now() - timedelta(days=days)
    found = store.outcomes(ctx.graph, since)
    outcomes = []
    for row in found["clicked"]:
        clicks = [c for c in row["clicks"] if 0 <= c < len(row["teams"])]
        outcomes.append(credit(row["teams"], clicks))
    counted = interleaving_report(outcomes, confidence)
    decided = counted.a_wins + counted.b_wins
    learned_share = 1 - counted.a_share
    low, high = 1 - counted.ci_high, 1 - counted.ci_low
    winner = None if decided == 0 else {"a": "hand_set", "b": "learned"}.get(counted.winner or "")
    out = {"impressions": found["impressions"], "clicks": found["clicks"], "a_wins": counted.a_wins,
           "b_wins": counted.b_wins, "ties": counted.ties, "learned_share": round(learned_share, 4),
           "ci_low": round(low, 4), "ci_high": round(high, 4), "winner": winner,
           "confidence": confidence, "days": days}
    return {**out, "verdict": verdict(out)}


def verdict(r: dict[str, Any]) -> str:
    """One sentence for the report: who wins, by how much, and how sure."""
    decided = r["a_wins"] + r["b_wins"]
    if r["impressions"] == 0:
        return ("No interleaved list shown yet: the learned model is cold or not blended in, "
                "or the experiment is off.")
    if decided == 0:
        return (f"{r['impressions']} interleaved lists shown, none decided yet: "
                "no introduction requested from one, or as many from each ranking.")
    share, level = r["learned_share"], round(r["confidence"] * 100)
    interval = f"{level}% CI {r['ci_low']:.0%}-{r['ci_high']:.0%}"
    lists = f"{decided} decided list{'' if decided == 1 else 's'}"
    if r["winner"] == "learned":
        return f"The learned ranking wins: {share:.0%} of {lists} against {1 - share:.0%} ({interval})."
    if r["winner"] == "hand_set":
        return f"The hand-set ranking wins: {1 - share:.0%} of {lists} against {share:.0%} ({interval})."
    return f"No clear winner yet: the learned ranking has {share:.0%} of {lists} ({interval})."


# ---- helpers -------------------------------------------------------------------------------
def seed(user_id: str, target: str, day: date) -> int:
    """The draw's seed: the same (user, target, day) shows the same interleaved list."""
    digest = hashlib.sha256(f"{user_id}\x1f{target}\x1f{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def impression_id(user_id: str, query: PathQuery, shown: list[str], teams: list[str]) -> str:
    """Derived from what was shown, so showing the same list again is the same impression."""
    body = json.dumps([user_id, query.target, query.source, query.max_hops, query.today.isoformat(),
                       shown, teams])
    return "il-" + hashlib.sha256(body.encode()).hexdigest()[:32]


def _key(path: ScoredPath) -> tuple[str, ...]:
    return tuple(path.nodes)


def _keys(found: list[ScoredPath]) -> list[str]:
    return [store.path_key(p.nodes) for p in found]


def _present(ctx: Context, shown: list[ScoredPath], hand: PathResult, learned: PathResult,
             model: CalibratedModel, weight: float) -> tuple[list[dict], dict | None]:
    """The interleaved paths as find_paths presents them. Every path carries the learned
    score (the one the page shows outside the experiment), whichever team placed it, so
    the list gives no hint of where a path came from."""
    hidden = visibility.hidden_people(ctx, paths.people_in(hand) | paths.people_in(learned))
    by_key = {_key(p): p for p in learned.paths}
    out = []
    for path in shown:
        if _key(path) in by_key:
            out.append(paths.path_json(by_key[_key(path)], learned.facts, learned.hood, hidden))
        else:
            blended = calibration.apply(path, hand.facts, model, weight)
            out.append(paths.path_json(blended, hand.facts, hand.hood, hidden))
    runner = _runner_up(shown, (learned, hand))
    if runner is None:
        return out, None
    result, found = runner
    return out, paths.runner_up_json(found, result.facts, hidden)


def _runner_up(shown: list[ScoredPath], results: tuple[PathResult, ...]
               ) -> tuple[PathResult, RunnerUp] | None:
    """The first ranking's runner-up that still reads true of the interleaved list (the
    path not shown, or shown counts-only; its winner shown), renumbered to that list."""
    position = {_key(p): i for i, p in enumerate(shown)}
    usable = any(not r.hidden(p) for r in results for p in r.paths if _key(p) in position)
    for result in results:
        found = result.runner_up
        if found is None or (found.reason == "consent") != (_key(found.path) in position):
            continue
        if found.winner is None:
            if usable:  # "no path can be requested" / "the only other path" no longer holds
                continue
            return result, found
        if _key(found.winner) in position:
            return result, replace(found, winner_rank=position[_key(found.winner)] + 1)
    return None
