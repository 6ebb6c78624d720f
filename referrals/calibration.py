"""Outcome-calibrated ranking: learn from past introductions how likely a path is to work.

Two small, well-regularised estimates (pure: standard library only, see docs/ranking.md §5):

1. **A connector's chance to accept** (make the introduction when asked): a
   Beta-Binomial estimate per referrer, shrunk to the global rate::

       accept_rate(yes, asked) = (yes + k * g) / (asked + k)

   ``g`` is the global acceptance rate of the training history (itself smoothed with a
   Beta(1, 1) prior), ``k`` (``prior_strength``, default 4) how many introductions of
   evidence the global rate is worth. A newcomer gets ``g``; someone with 1 yes out of
   1 moves only a fifth of the way to 1.

2. **A path's chance to reach a meeting**: a logistic regression with an L2 penalty
   (``l2``, default 1.0, on standardised features, the intercept not penalised),
   fitted by Newton's method on a few features of the path (:func:`path_features`):
   the log of the hand-set score (so the hand-set model is the starting point and the
   regression learns how far to trust and correct it), hops, the sum of tie strengths
   and of their squares (tie usefulness is not monotone in strength: Rajkumar et al.
   2022), the referrer's smoothed accept rate (as a logit), their ask count and a
   direct-path flag.

Cold start: with fewer than ``min_outcomes`` (30) outcomes, or only one kind of outcome,
the model is *cold* and :meth:`CalibratedModel.blend` returns the hand-set score
unchanged. Above it the calibrated chance enters a geometric blend::

    trust   = weight * min(1, outcomes / full_trust_outcomes)      (full at 200)
    blended = hand_score ** (1 - trust) * p_meeting ** trust

so a weight of 0 (the default in ``ScoringWeights.calibration_weight``) is exactly the
hand-set ranking, and trust grows with the evidence.

What is learned (:func:`outcome_label`): the furthest stage an introduction reached.
Success is a meeting held that is still being worked (meeting_held, qualified) or a deal
won; failure is a deal lost, a decline, a qualified-out or a withdrawal after the ask.
A lost deal counts as a failure although the meeting happened: the ranking is meant to
find the paths that end in revenue, and an open meeting is the best evidence until the
deal is decided. Introductions still open before a meeting are left out.

On by default, once warm: the service's weight is ``DEFAULT_WEIGHT`` (0.5,
REFERRALS_CALIBRATION_WEIGHT) and it applies only when the model has at least
``WARM_OUTCOMES`` (200, REFERRALS_CALIBRATION_MIN_OUTCOMES) decided introductions of both
kinds; below that the ranking is the hand-set one (docs/ranking.md).

Quality (:func:`quality`): out-of-fold predictions (``folds``-fold cross-validation, so
no row is scored by a model that saw it), their log loss and Brier score against the
base rate's, and a reliability table (predicted against observed success per bin).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from referrals.scoring import PersonFacts, ScoredPath

__all__ = [
    "DEFAULT_WEIGHT",
    "FAILURE_STATUSES",
    "SUCCESS_STATUSES",
    "WARM_OUTCOMES",
    "CalibratedModel",
    "FEATURES",
    "LogisticModel",
    "PastIntroduction",
    "accept_rate",
    "apply",
    "features_for",
    "fit",
    "fit_logistic",
    "brier",
    "cross_validated",
    "log_loss",
    "outcome_label",
    "path_features",
    "quality",
    "reliability",
]

FEATURES = ("log_hand_score", "hops", "sum_strength", "sum_strength_sq", "accept_logit",
            "asks_90d", "direct")
EPS = 1e-6
DEFAULT_WEIGHT = 0.5  # the service's default blend weight once the model is warm
WARM_OUTCOMES = 200  # decided introductions (both kinds) before the default weight applies
SUCCESS_STATUSES = frozenset({"meeting_held", "qualified", "won"})
FAILURE_STATUSES = frozenset({"lost", "declined", "qualified_out", "withdrawn"})


def outcome_label(status: str) -> bool | None:
    """The label learned from an introduction's status (its furthest stage reached):
    True for a held meeting still worked or a won deal, False for lost, declined,
    qualified out or withdrawn, None while it is open before a meeting (not learned)."""
    if status in SUCCESS_STATUSES:
        return True
    if status in FAILURE_STATUSES:
        return False
    return None


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _logit(p: float) -> float:
    p = min(1 - EPS, max(EPS, p))
    return math.log(p / (1 - p))


def accept_rate(yes: int, asked: int, global_rate: float, prior_strength: float = 4.0) -> float:
    """Beta-Binomial posterior mean ``(yes + k g) / (asked + k)``; counts are repaired (0 <= yes <= asked)."""
    if prior_strength <= 0:
        raise ValueError("prior_strength must be > 0")
    asked = max(0, int(asked))
    yes = min(max(0, int(yes)), asked)
    g = min(1.0, max(0.0, float(global_rate)))
    return (yes + prior_strength * g) / (asked + prior_strength)


def path_features(hand_score: float, strengths: Sequence[float], accept: float | None,
                  asks_90d: int = 0) -> list[float]:
    """The features of one path, in the order of :data:`FEATURES`.

    ``accept`` is the referrer's smoothed accept rate (None for a direct path: no referrer).
    """
    ties = [min(1.0, max(EPS, float(s))) for s in strengths]
    direct = accept is None
    return [
        math.log(max(EPS, hand_score)),
        float(len(ties)),
        sum(ties),
        sum(s * s for s in ties),
        0.0 if direct else _logit(accept),
        float(max(0, asks_90d)),
        1.0 if direct else 0.0,
    ]


@dataclass(frozen=True)
class PastIntroduction:
    """One introduction from the history: who referred, the path's features, what happened.

    ``accepted``: the referrer made the introduction. ``meeting``: the success label
    the path model learns (:func:`outcome_label`; the name is kept from when it was
    "reached a meeting").
    """

    referrer: str | None
    features: tuple[float, ...]
    accepted: bool
    meeting: bool


@dataclass(frozen=True)
class LogisticModel:
    """``P(y) = sigmoid(b0 + sum(w_i * (x_i - mean_i) / sd_i))``."""

    intercept: float
    coef: tuple[float, ...]
    mean: tuple[float, ...]
    sd: tuple[float, ...]

    def predict(self, x: Sequence[float]) -> float:
        z = self.intercept + sum(w * (v - m) / s for w, v, m, s in zip(self.coef, x, self.mean, self.sd,
                                                                        strict=True))
        return _sigmoid(z)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            m[col][col] = 1e-12
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def fit_logistic(xs: Sequence[Sequence[float]], ys: Sequence[bool | int], l2: float = 1.0,
                 iterations: int = 25) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method on standardised features.

    The penalty ``l2 / 2 * |w|^2`` leaves the intercept alone. A feature that never varies
    gets sd 1 and (under the penalty) weight 0.
    """
    if not xs or len(xs) != len(ys):
        raise ValueError("need as many labels as rows, and at least one")
    d = len(xs[0])
    n = len(xs)
    mean = [sum(x[j] for x in xs) / n for j in range(d)]
    sd = []
    for j in range(d):
        var = sum((x[j] - mean[j]) ** 2 for x in xs) / n
        sd.append(math.sqrt(var) if var > 1e-12 else 1.0)
    rows = [[1.0] + [(x[j] - mean[j]) / sd[j] for j in range(d)] for x in xs]
    y = [1.0 if v else 0.0 for v in ys]
    rate = min(1 - EPS, max(EPS, sum(y) / n))
    w = [_logit(rate)] + [0.0] * d
    for _ in range(iterations):
        grad = [0.0] * (d + 1)
        hess = [[0.0] * (d + 1) for _ in range(d + 1)]
        for row, target in zip(rows, y, strict=True):
            p = _sigmoid(sum(a * b for a, b in zip(w, row, strict=True)))
            err = p - target
            h = max(p * (1 - p), 1e-9)
            for i in range(d + 1):
                grad[i] += err * row[i]
                hi = h * row[i]
                for k in range(i, d + 1):
                    hess[i][k] += hi * row[k]
        for i in range(d + 1):
            for k in range(i):
                hess[i][k] = hess[k][i]
        for i in range(1, d + 1):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return LogisticModel(intercept=w[0], coef=tuple(w[1:]), mean=tuple(mean), sd=tuple(sd))


def log_loss(probabilities: Iterable[float], outcomes: Iterable[bool | int]) -> float:
    """Mean negative log-likelihood; probabilities are clipped to [1e-6, 1 - 1e-6]."""
    total, n = 0.0, 0
    for p, y in zip(probabilities, outcomes, strict=True):
        p = min(1 - EPS, max(EPS, p))
        total -= math.log(p) if y else math.log(1 - p)
        n += 1
    if n == 0:
        raise ValueError("log loss of nothing")
    return total / n


@dataclass(frozen=True)
class CalibratedModel:
    """The fitted model; ``cold`` when there was too little history to trust it."""

    outcomes: int
    global_accept: float
    meeting: LogisticModel | None
    prior_strength: float = 4.0
    min_outcomes: int = 30
    full_trust_outcomes: int = 200
    referrer_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (yes, asked)

    @property
    def cold(self) -> bool:
        return self.meeting is None

    def warm(self, min_outcomes: int = WARM_OUTCOMES) -> bool:
        """Fitted on at least ``min_outcomes`` decided introductions (both kinds present)."""
        return not self.cold and self.outcomes >= min_outcomes

    def accept(self, yes: int, asked: int) -> float:
        """A referrer's chance to accept from their (yes, asked) counts."""
        return accept_rate(yes, asked, self.global_accept, self.prior_strength)

    def p_meeting(self, features: Sequence[float]) -> float | None:
        return None if self.meeting is None else self.meeting.predict(features)

    def trust(self, weight: float) -> float:
        """The blend weight actually used: 0 when cold, ramping to ``weight`` at full_trust_outcomes."""
        if self.cold or weight <= 0:
            return 0.0
        return min(1.0, weight) * min(1.0, self.outcomes / max(1, self.full_trust_outcomes))

    def blend(self, hand_score: float, features: Sequence[float], weight: float) -> float:
        """``hand^(1 - t) * p^t`` with ``t = trust(weight)``; the hand score when cold."""
        t = self.trust(weight)
        p = self.p_meeting(features)
        if t <= 0 or p is None:
            return hand_score
        return max(0.0, hand_score) ** (1 - t) * p**t


def fit(history: Sequence[PastIntroduction], *, l2: float = 1.0, prior_strength: float = 4.0,
        min_outcomes: int = 30, full_trust_outcomes: int = 200) -> CalibratedModel:
    """Fit both estimates on the history; cold (meeting model None) below min_outcomes."""
    asked = [h for h in history if h.referrer is not None]
    yes = sum(1 for h in asked if h.accepted)
    global_accept = (yes + 1) / (len(asked) + 2)  # Beta(1, 1) on the global rate
    counts: dict[str, tuple[int, int]] = {}
    for h in asked:
        y, n = counts.get(h.referrer, (0, 0))  # type: ignore[arg-type]
        counts[h.referrer] = (y + int(h.accepted), n + 1)  # type: ignore[index]
    labels = [h.meeting for h in history]
    meeting = None
    if len(history) >= min_outcomes and 0 < sum(labels) < len(labels):
        meeting = fit_logistic([h.features for h in history], labels, l2=l2)
    return CalibratedModel(outcomes=len(history), global_accept=global_accept, meeting=meeting,
                           prior_strength=prior_strength, min_outcomes=min_outcomes,
                           full_trust_outcomes=full_trust_outcomes, referrer_counts=counts)


def features_for(path: ScoredPath, facts: Mapping[str, PersonFacts], model: CalibratedModel,
                 hand_score: float | None = None) -> list[float]:
    """:func:`path_features` of a scored path; the referrer's accept rate from their
    production record: yes = introductions made, asked = made + declined."""
    hand = path.score if hand_score is None else hand_score
    if path.referrer is None:
        return path_features(hand, path.strengths, None)
    f = facts.get(path.referrer) or PersonFacts(id=path.referrer)
    made, declined = max(0, f.intros_made), max(0, f.intros_declined)
    return path_features(hand, path.strengths, model.accept(made, made + declined), f.asks_90d)


def apply(path: ScoredPath, facts: Mapping[str, PersonFacts], model: CalibratedModel | None,
          weight: float) -> ScoredPath:
    """The path with its score blended with the calibrated chance of a meeting.

    Adds the terms ``hand_score``, ``p_meeting`` and ``calibration_trust``. Unchanged when
    there is no model, it is cold or the weight is 0.
    """
    if model is None or model.trust(weight) <= 0:
        return path
    x = features_for(path, facts, model)
    p = model.p_meeting(x) or 0.0
    terms = {**path.terms, "hand_score": path.score, "p_meeting": round(p, 4),
             "calibration_trust": round(model.trust(weight), 4)}
    return replace(path, score=round(model.blend(path.score, x, weight), 4), terms=terms)


# ---- how good the model is ---------------------------------------------------------------
def brier(probabilities: Iterable[float], outcomes: Iterable[bool | int]) -> float:
    """Mean squared difference between the predicted chance and the outcome (0 or 1)."""
    total, n = 0.0, 0
    for p, y in zip(probabilities, outcomes, strict=True):
        total += (p - (1.0 if y else 0.0)) ** 2
        n += 1
    if n == 0:
        raise ValueError("Brier score of nothing")
    return total / n


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool | int],
                bins: int = 10) -> list[dict[str, float | int]]:
    """Predicted against observed success in ``bins`` equal-width bins of the predicted
    chance; only bins that hold a prediction, lowest first. A well-calibrated model's
    bins lie on the diagonal (predicted mean = observed rate)."""
    if bins < 1:
        raise ValueError("bins must be >= 1")
    sums: dict[int, list[float]] = {}
    for p, y in zip(probabilities, outcomes, strict=True):
        b = min(bins - 1, max(0, int(p * bins)))
        acc = sums.setdefault(b, [0.0, 0.0, 0])
        acc[0] += p
        acc[1] += 1.0 if y else 0.0
        acc[2] += 1
    return [{"lower": round(b / bins, 4), "upper": round((b + 1) / bins, 4),
             "predicted": round(acc[0] / acc[2], 4), "observed": round(acc[1] / acc[2], 4),
             "count": int(acc[2])} for b, acc in sorted(sums.items())]


def cross_validated(history: Sequence[PastIntroduction], folds: int = 5,
                    l2: float = 1.0) -> list[float]:
    """Each row's predicted chance of success from a model fitted without it
    (row ``i`` is in fold ``i % folds``); a fold whose training part has one kind of
    outcome only predicts that part's base rate."""
    folds = max(2, min(folds, len(history)))
    out = [0.0] * len(history)
    for k in range(folds):
        train = [h for i, h in enumerate(history) if i % folds != k]
        labels = [h.meeting for h in train]
        rate = sum(labels) / len(labels) if labels else 0.5
        model = (fit_logistic([h.features for h in train], labels, l2=l2)
                 if 0 < sum(labels) < len(labels) else None)
        for i in range(k, len(history), folds):
            out[i] = model.predict(history[i].features) if model else rate
    return out


def quality(history: Sequence[PastIntroduction], *, folds: int = 5, bins: int = 10, l2: float = 1.0,
            min_outcomes: int = 30) -> dict[str, object]:
    """The model's quality on the history, out of fold: ``outcomes``, ``successes``,
    ``base_rate``, log loss and Brier of the model and of always predicting the base rate,
    and the reliability ``bins``. Figures are None (and bins empty) when the model would
    be cold (fewer than ``min_outcomes`` rows, or one kind of outcome only)."""
    labels = [h.meeting for h in history]
    n, wins = len(labels), sum(labels)
    out: dict[str, object] = {"outcomes": n, "successes": wins,
                              "base_rate": round(wins / n, 4) if n else None, "folds": folds,
                              "log_loss": None, "base_rate_log_loss": None, "brier": None,
                              "base_rate_brier": None, "bins": []}
    if n < min_outcomes or not 0 < wins < n:
        return out
    predicted = cross_validated(history, folds, l2)
    rate = wins / n
    out.update(log_loss=round(log_loss(predicted, labels), 4),
               base_rate_log_loss=round(log_loss([rate] * n, labels), 4),
               brier=round(brier(predicted, labels), 4),
               base_rate_brier=round(brier([rate] * n, labels), 4),
               bins=reliability(predicted, labels, bins))
    return out
