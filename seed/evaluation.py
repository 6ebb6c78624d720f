"""Offline evaluation of the path ranking in a synthetic world with a hidden truth.

No Neo4j: the people, companies and ties come from ``seed.generator``; on top of them
each tie gets a hidden chance to carry an introduction and each person a hidden chance
to make one. The model sees what it would see in production (tie strengths, company
status / ICP fit / health, a past record and recent asks drawn from the same truth,
centrality percentiles computed by graph.centrality) and never the truth itself.

The world (docs/evaluation.md explains each choice):

* tie pass-through ``q(s) = 0.1 + 0.8 * (s / 0.5) * exp(1 - s / 0.5)`` with logit noise
  N(0, 0.5) per tie: rises from 0.30 at s = 0.05 to 0.90 at s = 0.5 and falls back to
  0.69 at s = 1 (moderately weak ties are the most useful: Rajkumar et al. 2022).
* referrer acts ``a = sigmoid(-0.3 + 1.6 (icp - 0.5) + 1.2 (rel - 0.5) + u) * f(asks)``
  where ``u ~ N(0, 0.8)`` is hidden willingness; ``rel`` is the relationship (a client's
  observed health + N(0, 0.1); partner 0.5 + N(0, 0.15); prospect / other a hidden
  U(0.05, 0.5)); a teammate acts with 0.75; ``f(asks) = 1 / (1 + (asks / 4)^2)``.
* observed record: ``made ~ Poisson(2.0 client, 1.0 partner, 0.4 other)``,
  ``accepted ~ Binomial(made, a)``, ``won ~ Binomial(accepted, 0.5)``;
  ``asks_90d ~ Poisson(0.3 + 0.7 client)``.
* a path ``rep -> ... -> referrer -> target`` succeeds when every tie passes and the
  referrer acts (a direct tie: when it passes). Its true chance is the product.

Rankers compared over the same candidates (every simple path of <= ``max_hops`` from
the rep to the target): the model (``referrals.scoring.score_path``, as graph.paths
ranks), fewest hops (random tie-break), strongest chain (product of strengths), random.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from referrals import calibration as cal
from referrals.evaluation import hit_at_k, mean, ndcg_at_k
from referrals.icp import DEFAULT_PROFILE, company_attrs, score_company
from referrals.scoring import DEFAULT_WEIGHTS, PersonFacts, ScoringWeights, score_path
from search.centrality import TieArrays, compute
from seed.generator import generate

RANKERS = ("model", "calibrated", "fewest_hops", "strongest_chain", "random")
KS = (1, 5)
NDCG_K = 10


def tie_pass_mean(strength: float) -> float:
    """The noiseless tie pass-through curve: peaks at 0.5, see the module doc."""
    x = strength / 0.5
    return 0.1 + 0.8 * x * math.exp(1.0 - x)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(1 - 1e-9, max(1e-9, p))
    return math.log(p / (1 - p))


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth; lam is small here
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass
class World:
    facts: dict[str, PersonFacts]
    reps: list[str]
    adjacency: dict[str, dict[str, float]]  # person -> {neighbour: strength}
    tie_truth: dict[tuple[str, str], float]  # (smaller, larger) -> pass-through chance
    act_truth: dict[str, float]  # person -> chance to make an introduction when asked

    def tie_key(self, a: str, b: str) -> tuple[str, str]:
        return (a, b) if a < b else (b, a)

    def true_chance(self, path: tuple[str, ...]) -> float:
        p = 1.0
        for a, b in zip(path, path[1:], strict=False):
            p *= self.tie_truth[self.tie_key(a, b)]
        if len(path) > 2:
            p *= self.act_truth[path[-2]]
        return p


def build_world(people: int = 3000, seed: int = 11) -> World:
    net = generate(people, seed=seed)
    rng = random.Random(f"evaluation-world:{seed}")
    companies = {}
    for c in net.companies():
        fit = score_company(DEFAULT_PROFILE, company_attrs(c)).score
        companies[c.id] = (getattr(c.status, "value", c.status), round(fit, 4), c.health, c.name)
    employer: dict[str, str] = {}
    for e in net.employments():
        if e.current and e.person_id not in employer:
            employer[e.person_id] = e.company_id
    records = list(net.people())
    ties = [(t.a, t.b, t.strength) for t in net.ties()]

    adjacency: dict[str, dict[str, float]] = defaultdict(dict)
    tie_truth: dict[tuple[str, str], float] = {}
    for a, b, s in ties:
        adjacency[a][b] = s
        adjacency[b][a] = s
        key = (a, b) if a < b else (b, a)
        tie_truth[key] = _sigmoid(_logit(tie_pass_mean(s)) + rng.gauss(0.0, 0.5))

    # centrality percentiles, as the batch job would store them
    arrays = TieArrays.from_ties(ties, people=[p.id for p in records])
    scores = compute(arrays, betweenness_samples=min(64, len(records)), seed=seed)
    pr_pct = dict(zip(scores.ids, scores.pagerank_pct.tolist(), strict=True))
    bc_pct = dict(zip(scores.ids, scores.betweenness_pct.tolist(), strict=True))

    facts: dict[str, PersonFacts] = {}
    act_truth: dict[str, float] = {}
    for p in records:
        cid = employer.get(p.id)
        status, icp, health, cname = companies.get(cid, (None, None, None, None))
        asks = _poisson(rng, 0.3 + (0.7 if status == "client" else 0.0))
        if p.is_rep:
            act = 0.75
            made = accepted = won = 0
        else:
            if status == "client":
                rel = min(1.0, max(0.0, (health if health is not None else rng.uniform(0.2, 0.8))
                                   + rng.gauss(0.0, 0.1)))
                lam = 2.0
            elif status == "partner":
                rel = min(1.0, max(0.0, 0.5 + rng.gauss(0.0, 0.15)))
                lam = 1.0
            else:
                rel = rng.uniform(0.05, 0.5)
                lam = 0.4
            base = _sigmoid(-0.3 + 1.6 * ((icp if icp is not None else 0.5) - 0.5)
                            + 1.2 * (rel - 0.5) + rng.gauss(0.0, 0.8))
            made = _poisson(rng, lam)
            accepted = sum(rng.random() < base for _ in range(made))
            won = sum(rng.random() < 0.5 for _ in range(accepted))
            act = base / (1.0 + (asks / 4.0) ** 2)
        act_truth[p.id] = act
        facts[p.id] = PersonFacts(
            id=p.id, name=p.name, title=p.title, company_id=cid, company_name=cname,
            company_status=status, company_icp=icp, company_health=health,
            pagerank=pr_pct.get(p.id), betweenness=bc_pct.get(p.id), intros_made=made,
            intros_accepted=accepted, intros_won=won, asks_90d=asks, is_rep=p.is_rep)
    return World(facts, net.rep_ids(), dict(adjacency), tie_truth, act_truth)


def candidate_paths(world: World, source: str, target: str, max_hops: int = 3,
                    avoid: set[str] | None = None) -> list[tuple[str, ...]]:
    """Every simple path source -> target of at most max_hops ties, not through ``avoid``."""
    adj = world.adjacency
    avoid = avoid or set()
    out: list[tuple[str, ...]] = []

    def walk(path: list[str]) -> None:
        u = path[-1]
        if u == target:
            out.append(tuple(path))
            return
        if len(path) - 1 >= max_hops:
            return
        for v in adj.get(u, {}):
            if v in path or (v in avoid and v != target):
                continue
            if len(path) == max_hops and v != target:
                continue
            if len(path) == max_hops - 1 and v != target and target not in adj.get(v, {}):
                continue  # prune: the last step must reach the target
            walk([*path, v])

    walk([source])
    return out


def _strengths(world: World, path: tuple[str, ...]) -> list[float]:
    return [world.adjacency[a][b] for a, b in zip(path, path[1:], strict=False)]


def calibrated_score(world: World, path: tuple[str, ...], model: cal.CalibratedModel,
                     weights: ScoringWeights = DEFAULT_WEIGHTS, blend: float = 1.0) -> float:
    """The hand-set score blended with the calibrated chance of a meeting (cold: the hand score)."""
    strengths = _strengths(world, path)
    hand = score_path(path, strengths, world.facts, weights).score
    return model.blend(hand, _features(world, path, hand, model), blend)


def _features(world: World, path: tuple[str, ...], hand: float, model: cal.CalibratedModel) -> list[float]:
    strengths = _strengths(world, path)
    if len(path) == 2:
        return cal.path_features(hand, strengths, None)
    f = world.facts[path[-2]]
    # the world's record: `made` asks of which `accepted` were acted on
    return cal.path_features(hand, strengths, model.accept(f.intros_accepted, f.intros_made), f.asks_90d)


def rank(ranker: str, world: World, paths: list[tuple[str, ...]], rng: random.Random,
         weights: ScoringWeights = DEFAULT_WEIGHTS,
         model: cal.CalibratedModel | None = None) -> list[tuple[str, ...]]:
    if ranker == "calibrated":
        if model is None:
            ranker = "model"
        else:
            scored = [(calibrated_score(world, p, model, weights), p) for p in paths]
            return [p for _s, p in sorted(scored, key=lambda t: (-t[0], len(t[1]), t[1]))]
    if ranker == "model":
        scored = [(score_path(p, _strengths(world, p), world.facts, weights).score, p) for p in paths]
        # the same order as referrals.scoring.rerank: score, then fewer hops, then ids
        return [p for _s, p in sorted(scored, key=lambda t: (-t[0], len(t[1]), t[1]))]
    if ranker == "fewest_hops":
        keyed = [(len(p), rng.random(), p) for p in paths]
        return [p for *_k, p in sorted(keyed)]
    if ranker == "strongest_chain":
        keyed = [(-math.prod(_strengths(world, p)), len(p), p) for p in paths]
        return [p for *_k, p in sorted(keyed)]
    if ranker == "random":
        shuffled = list(paths)
        rng.shuffle(shuffled)
        return shuffled
    raise ValueError(f"unknown ranker {ranker!r}")


@dataclass
class Query:
    source: str
    target: str
    paths: list[tuple[str, ...]]


def sample_queries(world: World, queries: int, seed: int, max_hops: int = 3,
                   min_paths: int = 3, max_paths: int = 5000) -> list[Query]:
    """Random (rep, target) pairs with at least ``min_paths`` candidate paths."""
    rng = random.Random(f"evaluation-queries:{seed}")
    people = [p for p, f in world.facts.items() if not f.is_rep]
    reps = set(world.reps)
    out: list[Query] = []
    attempts = 0
    while len(out) < queries and attempts < queries * 200:
        attempts += 1
        source = rng.choice(world.reps)
        target = rng.choice(people)
        paths = candidate_paths(world, source, target, max_hops, avoid=reps)
        if min_paths <= len(paths) <= max_paths:
            out.append(Query(source, target, paths))
    return out


@dataclass
class Evaluation:
    people: int
    queries: int
    draws: int
    seed: int
    metrics: dict[str, dict[str, float | None]] = field(default_factory=dict)
    candidates_mean: float = 0.0
    seconds: float = 0.0
    ablations: list[dict[str, Any]] = field(default_factory=list)
    calibration: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"people": self.people, "queries": self.queries, "draws_per_query": self.draws,
                "seed": self.seed, "candidates_per_query": round(self.candidates_mean, 1),
                "seconds": round(self.seconds, 2), "metrics": self.metrics, "ablations": self.ablations,
                "calibration": self.calibration}


def score_rankings(world: World, queries: list[Query], rankers: tuple[str, ...], draws: int, seed: int,
                   weights: ScoringWeights = DEFAULT_WEIGHTS,
                   model: cal.CalibratedModel | None = None) -> dict[str, dict[str, float | None]]:
    """hit@k from simulated draws (queries where some path succeeded), NDCG@10 from true chances."""
    rng = random.Random(f"evaluation-rank:{seed}")
    per: dict[str, dict[str, list[float | None]]] = {r: defaultdict(list) for r in rankers}
    for q in queries:
        chance = {p: world.true_chance(p) for p in q.paths}
        ties = {world.tie_key(a, b) for p in q.paths for a, b in zip(p, p[1:], strict=False)}
        referrers = {p[-2] for p in q.paths if len(p) > 2}
        outcomes = []
        for _ in range(draws):  # one draw decides every tie and referrer once
            tie_ok = {t: rng.random() < world.tie_truth[t] for t in ties}
            acts = {r: rng.random() < world.act_truth[r] for r in referrers}
            outcomes.append({p: float(all(tie_ok[world.tie_key(a, b)] for a, b in zip(p, p[1:], strict=False))
                                      and (len(p) == 2 or acts[p[-2]])) for p in q.paths})
        for ranker in rankers:
            order = rank(ranker, world, q.paths, rng, weights, model)
            graded = [chance[p] for p in order]
            per[ranker]["ndcg@10"].append(ndcg_at_k(graded, NDCG_K))
            per[ranker]["true_chance@1"].append(graded[0])
            for k in KS:
                hits = [hit_at_k([o[p] for p in order], k) for o in outcomes if any(o.values())]
                per[ranker][f"hit@{k}"].append(mean(hits))
    return {r: {m: (None if (v := mean(vals)) is None else round(v, 4)) for m, vals in metrics.items()}
            for r, metrics in per.items()}


@dataclass
class HistoryItem:
    """One simulated past introduction: the path a rep chose and what happened."""

    path: tuple[str, ...]
    accepted: bool  # the referrer made the introduction (a direct path: always)
    meeting: bool  # every tie passed and the referrer acted: a meeting took place


def draw_history(world: World, introductions: int, seed: int, max_hops: int = 3,
                 per_query: int = 3, top: int = 8) -> list[HistoryItem]:
    """Past introductions as reps would have made them: for a random (rep, target), up to
    ``per_query`` of the hand-set model's ``top`` paths, each with a drawn outcome."""
    rng = random.Random(f"evaluation-history:{seed}")
    out: list[HistoryItem] = []
    queries = sample_queries(world, max(1, introductions // per_query + 1), f"history-{seed}",  # type: ignore[arg-type]
                             max_hops)
    for q in queries:
        ranked = rank("model", world, q.paths, rng)[:top]
        for path in rng.sample(ranked, min(per_query, len(ranked))):
            ties_ok = all(rng.random() < world.tie_truth[world.tie_key(a, b)]
                          for a, b in zip(path, path[1:], strict=False))
            acted = len(path) == 2 or rng.random() < world.act_truth[path[-2]]
            out.append(HistoryItem(path, accepted=acted, meeting=ties_ok and acted))
            if len(out) >= introductions:
                return out
    return out


def fold_history(world: World, history: list[HistoryItem]) -> World:
    """The world as seen after these introductions: each referrer's record counts them
    (made + 1, accepted + 1 when they acted), for the hand-set and the calibrated model alike."""
    facts = dict(world.facts)
    for h in history:
        if len(h.path) > 2:
            f = facts[h.path[-2]]
            facts[h.path[-2]] = replace(f, intros_made=f.intros_made + 1,
                                        intros_accepted=f.intros_accepted + int(h.accepted))
    return replace(world, facts=facts)


def calibrate(world: World, history: list[HistoryItem], train_share: float = 0.7, l2: float = 1.0,
              weights: ScoringWeights = DEFAULT_WEIGHTS) -> tuple[cal.CalibratedModel, World, dict[str, Any]]:
    """Fit the calibrated model on the first ``train_share`` of the history; score both models'
    chance of a meeting on the held-back rest (log loss). Returns the model, the world with the
    training history folded in, and the figures."""
    cut = int(len(history) * train_share)
    train, held = history[:cut], history[cut:]
    blank = cal.CalibratedModel(outcomes=0, global_accept=0.5, meeting=None)
    asked = [h for h in train if len(h.path) > 2]
    global_accept = (sum(h.accepted for h in asked) + 1) / (len(asked) + 2)
    prior = replace(blank, global_accept=global_accept)

    def rows(w: World, items: list[HistoryItem]) -> list[cal.PastIntroduction]:
        out = []
        for h in items:
            hand = score_path(h.path, _strengths(w, h.path), w.facts, weights).score
            out.append(cal.PastIntroduction(h.path[-2] if len(h.path) > 2 else None,
                                            tuple(_features(w, h.path, hand, prior)), h.accepted, h.meeting))
        return out

    train_rows = rows(world, train)
    model = cal.fit(train_rows, l2=l2)
    after = fold_history(world, train)
    rate = round(sum(h.meeting for h in train) / max(1, len(train)), 4)
    figures: dict[str, Any] = {"history": len(history), "train": len(train), "held_back": len(held),
                               "cold": model.cold, "l2": l2, "meeting_rate_train": rate}
    if held and train:
        test = rows(after, held)
        hand = [math.exp(r.features[0]) for r in test]
        labels = [r.meeting for r in test]
        platt = cal.fit_logistic([[r.features[0]] for r in train_rows], [r.meeting for r in train_rows],
                                 l2=l2)
        calibrated = [p if (p := model.p_meeting(r.features)) is not None else h
                      for r, h in zip(test, hand, strict=True)]
        figures["log_loss"] = {
            "hand_set": round(cal.log_loss(hand, labels), 4),
            "hand_set_platt": round(cal.log_loss([platt.predict([r.features[0]]) for r in test], labels), 4),
            "calibrated": round(cal.log_loss(calibrated, labels), 4),
            "base_rate": round(cal.log_loss([rate] * len(labels), labels), 4),
        }
        if model.meeting is not None:
            figures["coefficients"] = dict(zip(cal.FEATURES, (round(c, 3) for c in model.meeting.coef),
                                               strict=True))
    return model, after, figures


# alternative values tried for one weight at a time (the rest at their defaults)
ABLATIONS: dict[str, tuple[float, ...]] = {
    "chain_exponent": (0.25, 1.0),
    "length_penalty": (0.7, 0.95),
    "icp_weight": (0.0, 1.0),
    "health_weight": (0.0, 0.8),
    "track_record_weight": (0.0, 1.0),
    "centrality_weight": (0.0,),
    "direct_quality": (0.5, 0.9),
    "non_client_health": (0.1, 0.5),
}


def evaluate(people: int = 3000, queries: int = 300, seed: int = 11, draws: int = 20,
             ablate: bool = False, progress: Callable[[str], None] | None = None,
             history: int = 2000, train_share: float = 0.7) -> Evaluation:
    """Rankers on held-back queries. The world first gets a history of ``history`` past
    introductions; the calibrated model learns from the first ``train_share`` of it, every
    ranker sees that part in the referrers' records, and the rest is held back for log loss.
    The NDCG queries are drawn apart from the history's."""
    started = time.perf_counter()
    say = progress or (lambda _m: None)
    say("building the world")
    world = build_world(people, seed)
    say("drawing the introduction history")
    past = draw_history(world, history, seed)
    say("calibrating")
    model, world, figures = calibrate(world, past, train_share)
    say("sampling queries")
    qs = sample_queries(world, queries, seed)
    say("ranking")
    result = Evaluation(people=people, queries=len(qs), draws=draws, seed=seed)
    result.candidates_mean = float(np.mean([len(q.paths) for q in qs])) if qs else 0.0
    result.metrics = score_rankings(world, qs, RANKERS, draws, seed, model=model)
    result.calibration = figures
    if ablate:
        names = {f.name for f in fields(ScoringWeights)}
        for name, values in ABLATIONS.items():
            if name not in names:
                continue
            for value in values:
                say(f"ablation {name}={value}")
                w = replace(DEFAULT_WEIGHTS, **{name: value})
                m = score_rankings(world, qs, ("model",), draws, seed, w)["model"]
                result.ablations.append({"weight": name, "value": value, **m})
    result.seconds = time.perf_counter() - started
    return result
