"""Ideal Client Profile (ICP): weighted criteria over company attributes.

Doctrine (see docs/process.md):
- Seed 004: find ideal clients by asking current *ideal* clients for referrals, so a
  referrer's company is judged against the ICP before it is asked.
- Seed 001: "hot" is not "good". Prospects are ranked by ICP fit (long-term value),
  never by how ready to buy they say they are; the ICP is defined jointly *before*
  lead generation starts.

Scoring, in one sentence: the score is the weighted share of criteria a company
meets (0..1); a missing attribute counts as not met; if any must-have criterion is
missed the score is 0 (a company that breaks a must-have is not a fit at any weight).

Text comparisons ignore case, surrounding blanks, and the difference between
"_", "-" and " " ("north_america" == "North America").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from referrals.model import CompanyRecord, CompanyStatus

OPS: frozenset[str] = frozenset({"in", "not_in", "between", "eq", "gte", "lte"})

#: The score given to a company that misses any must-have criterion.
MUST_HAVE_MISSED_SCORE = 0.0


class IcpValidationError(ValueError):
    """A profile document is invalid. `field` names the offending field, e.g.
    ``criteria[1].op``; the message starts with it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


def _norm(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.replace("_", " ").replace("-", " ").casefold().split())
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True, slots=True)
class Criterion:
    """One test on one company attribute.

    op / value:
      - ``in`` / ``not_in``: value is a sequence of allowed (or excluded) values
      - ``between``: value is ``(low, high)``, both inclusive, numbers
      - ``eq``: value is any single value
      - ``gte`` / ``lte``: value is a number
    """

    attribute: str
    op: str
    value: object
    weight: float = 1.0
    must_have: bool = False
    label: str = ""

    def __post_init__(self) -> None:
        _check_criterion(self, "criterion")
        if isinstance(self.value, set | frozenset):
            object.__setattr__(self, "value", tuple(sorted(self.value, key=str)))
        elif isinstance(self.value, list):
            object.__setattr__(self, "value", tuple(self.value))
        if not self.label:
            object.__setattr__(self, "label", _default_label(self))

    def matches(self, attrs: Mapping[str, object]) -> bool:
        """True when the attribute is present (not None) and passes the test."""
        actual = attrs.get(self.attribute)
        if actual is None:
            return False
        op, value = self.op, self.value
        if op in ("in", "not_in"):
            inside = _norm(actual) in {_norm(v) for v in value}  # type: ignore[union-attr]
            return inside if op == "in" else not inside
        if op == "eq":
            return _norm(actual) == _norm(value)
        if not _is_number(actual):
            return False
        if op == "between":
            low, high = value  # type: ignore[misc]
            return low <= actual <= high  # type: ignore[operator]
        if op == "gte":
            return actual >= value  # type: ignore[operator]
        return actual <= value  # type: ignore[operator]  # lte


def _default_label(c: Criterion) -> str:
    if c.op in ("in", "not_in"):
        shown = ", ".join(str(v) for v in c.value)  # type: ignore[union-attr]
        word = "in" if c.op == "in" else "not in"
        return f"{c.attribute} {word} {{{shown}}}"
    if c.op == "between":
        low, high = c.value  # type: ignore[misc]
        return f"{c.attribute} {low}-{high}"
    symbol = {"eq": "=", "gte": ">=", "lte": "<="}[c.op]
    return f"{c.attribute} {symbol} {c.value}"


def _check_criterion(c: Criterion, where: str) -> None:
    if not isinstance(c.attribute, str) or not c.attribute.strip():
        raise IcpValidationError(f"{where}.attribute", "must be a non-empty string")
    if c.op not in OPS:
        raise IcpValidationError(f"{where}.op", f"must be one of {sorted(OPS)}, got {c.op!r}")
    value = c.value
    if c.op in ("in", "not_in"):
        if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
            raise IcpValidationError(f"{where}.value", f"'{c.op}' needs a list of values")
        if len(value) == 0:
            raise IcpValidationError(f"{where}.value", f"'{c.op}' needs at least one value")
    elif c.op == "between":
        if (
            isinstance(value, str)
            or not isinstance(value, Sequence)
            or len(value) != 2
            or not all(_is_number(v) for v in value)
        ):
            raise IcpValidationError(f"{where}.value", "'between' needs [low, high] numbers")
        if value[0] > value[1]:
            raise IcpValidationError(f"{where}.value", "'between' needs low <= high")
    elif c.op in ("gte", "lte"):
        if not _is_number(value):
            raise IcpValidationError(f"{where}.value", f"'{c.op}' needs a number")
    elif value is None:  # eq
        raise IcpValidationError(f"{where}.value", "'eq' needs a value")
    if not _is_number(c.weight) or c.weight <= 0:
        raise IcpValidationError(f"{where}.weight", "must be a number > 0")
    if not isinstance(c.must_have, bool):
        raise IcpValidationError(f"{where}.must_have", "must be true or false")
    if not isinstance(c.label, str):
        raise IcpValidationError(f"{where}.label", "must be a string")


@dataclass(frozen=True, slots=True)
class IdealClientProfile:
    """The weighted criteria plus two thresholds.

    ideal_threshold: ICP score at or above which a company counts as an ideal fit.
    min_health: relationship health (0..1) at or above which a client counts as happy
    enough to ask for referrals (seed 004: ask *happy* ideal clients).
    """

    criteria: tuple[Criterion, ...]
    ideal_threshold: float = 0.7
    min_health: float = 0.6

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(self.criteria))
        if not self.criteria:
            raise IcpValidationError("criteria", "needs at least one criterion")
        for i, c in enumerate(self.criteria):
            if not isinstance(c, Criterion):
                raise IcpValidationError(f"criteria[{i}]", "must be a Criterion")
        for name in ("ideal_threshold", "min_health"):
            v = getattr(self, name)
            if not _is_number(v) or not 0.0 <= v <= 1.0:
                raise IcpValidationError(name, "must be a number between 0 and 1")


@dataclass(frozen=True, slots=True)
class IcpResult:
    """score in 0..1; met / missed are criterion labels; must_have_missed is the subset
    of missed that are must-haves (non-empty means the score was forced to 0)."""

    score: float
    met: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    must_have_missed: list[str] = field(default_factory=list)

    def explain(self) -> str:
        if self.must_have_missed:
            return "not a fit: misses must-have " + ", ".join(self.must_have_missed)
        parts = [f"ICP fit {self.score:.0%}"]
        if self.met:
            parts.append("meets " + ", ".join(self.met))
        if self.missed:
            parts.append("misses " + ", ".join(self.missed))
        return "; ".join(parts)


def score_company(profile: IdealClientProfile, attrs: Mapping[str, object]) -> IcpResult:
    """Score one company's attributes against the profile (see module doc)."""
    met: list[str] = []
    missed: list[str] = []
    must_missed: list[str] = []
    total = met_weight = 0.0
    for c in profile.criteria:
        total += c.weight
        if c.matches(attrs):
            met.append(c.label)
            met_weight += c.weight
        else:
            missed.append(c.label)
            if c.must_have:
                must_missed.append(c.label)
    score = MUST_HAVE_MISSED_SCORE if must_missed else met_weight / total
    return IcpResult(round(min(1.0, max(0.0, score)), 6), met, missed, must_missed)


def company_attrs(company: CompanyRecord) -> dict[str, object]:
    """The ICP attributes of a CompanyRecord as a mapping for `score_company`."""
    return {
        "industry": company.industry,
        "employees": company.employees,
        "region": company.region,
        "status": company.status.value if company.status is not None else None,
        "domain": company.domain,
    }


def is_ideal_fit(icp_score: float | None, profile: IdealClientProfile) -> bool:
    return icp_score is not None and icp_score >= profile.ideal_threshold


def is_ideal_client(
    status: CompanyStatus | str | None,
    icp_score: float | None,
    health: float | None,
    profile: IdealClientProfile,
) -> bool:
    """A current client, with ICP fit >= ideal_threshold and health >= min_health.

    Unknown health is not "happy": such a client is not asked for referrals until
    someone records how the relationship stands (seed 004 asks *happy* ideal clients).
    """
    status_value = status.value if isinstance(status, CompanyStatus) else status
    if status_value is None or _norm(status_value) != CompanyStatus.CLIENT.value:
        return False
    if health is None or not _is_number(health):
        return False
    return is_ideal_fit(icp_score, profile) and health >= profile.min_health


DEFAULT_PROFILE = IdealClientProfile(
    criteria=(
        Criterion(
            "industry",
            "in",
            (
                "software",
                "saas",
                "fintech",
                "financial services",
                "healthcare",
                "healthtech",
                "insurance",
                "logistics",
                "manufacturing",
            ),
            weight=3.0,
            label="industry we serve",
        ),
        Criterion(
            "employees",
            "between",
            (200, 5000),
            weight=3.0,
            label="200-5000 employees",
        ),
        Criterion(
            "region",
            "in",
            ("NA", "EMEA"),  # the sales regions the seed and importers use
            weight=2.0,
            label="region we sell in",
        ),
        Criterion(
            "industry",
            "not_in",
            ("government", "education", "non profit"),
            weight=1.0,
            must_have=True,
            label="not public sector / non-profit",
        ),
    ),
    ideal_threshold=0.7,
    min_health=0.6,
)


# --------------------------------------------------------------------------- dicts


def criterion_to_dict(c: Criterion) -> dict[str, object]:
    value = list(c.value) if isinstance(c.value, tuple) else c.value
    return {
        "attribute": c.attribute,
        "op": c.op,
        "value": value,
        "weight": c.weight,
        "must_have": c.must_have,
        "label": c.label,
    }


def profile_to_dict(profile: IdealClientProfile) -> dict[str, object]:
    """JSON-ready form, the body of GET/PUT /icp."""
    return {
        "ideal_threshold": profile.ideal_threshold,
        "min_health": profile.min_health,
        "criteria": [criterion_to_dict(c) for c in profile.criteria],
    }


_CRITERION_KEYS = {"attribute", "op", "value", "weight", "must_have", "label"}
_PROFILE_KEYS = {"ideal_threshold", "min_health", "criteria"}


def _criterion_from_dict(raw: object, where: str) -> Criterion:
    if not isinstance(raw, Mapping):
        raise IcpValidationError(where, "must be an object")
    unknown = set(raw) - _CRITERION_KEYS
    if unknown:
        raise IcpValidationError(f"{where}.{sorted(unknown)[0]}", "unknown field")
    for key in ("attribute", "op", "value"):
        if key not in raw:
            raise IcpValidationError(f"{where}.{key}", "is required")
    value = raw["value"]
    if isinstance(value, list):
        value = tuple(value)
    label = raw.get("label", "")
    if label is None:
        label = ""
    weight = raw.get("weight", 1.0)
    try:
        return Criterion(
            raw["attribute"],
            raw["op"],
            value,
            weight,
            raw.get("must_have", False),
            label,
        )
    except IcpValidationError as exc:
        field_name = where + exc.field.removeprefix("criterion")
        raise IcpValidationError(field_name, str(exc).split(": ", 1)[1]) from None


def profile_from_dict(data: object) -> IdealClientProfile:
    """Parse and validate a profile document; raises IcpValidationError (a ValueError)
    whose message starts with the offending field, e.g. ``criteria[0].weight: ...``."""
    if not isinstance(data, Mapping):
        raise IcpValidationError("profile", "must be an object")
    unknown = set(data) - _PROFILE_KEYS
    if unknown:
        raise IcpValidationError(sorted(unknown)[0], "unknown field")
    raw_criteria = data.get("criteria")
    if raw_criteria is None:
        raise IcpValidationError("criteria", "is required")
    if isinstance(raw_criteria, str | bytes | Mapping) or not isinstance(raw_criteria, Iterable):
        raise IcpValidationError("criteria", "must be a list")
    criteria = tuple(_criterion_from_dict(raw, f"criteria[{i}]") for i, raw in enumerate(raw_criteria))
    kwargs: dict[str, float] = {}
    for name in ("ideal_threshold", "min_health"):
        if name in data:
            v = data[name]
            if not _is_number(v) or not 0.0 <= v <= 1.0:
                raise IcpValidationError(name, "must be a number between 0 and 1")
            kwargs[name] = float(v)
    return IdealClientProfile(criteria, **kwargs)
