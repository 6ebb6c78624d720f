import pytest

from referrals.icp import (
    DEFAULT_PROFILE,
    Criterion,
    IcpValidationError,
    IdealClientProfile,
    company_attrs,
    is_ideal_client,
    profile_from_dict,
    profile_to_dict,
    score_company,
)
from referrals.model import CompanyRecord, CompanyStatus

PROFILE = IdealClientProfile(
    criteria=(
        Criterion("industry", "in", ("software", "fintech"), weight=3, label="industry"),
        Criterion("employees", "between", (200, 5000), weight=2, label="size"),
        Criterion("region", "eq", "europe", weight=1, label="region"),
    ),
    ideal_threshold=0.7,
)


def test_all_met_scores_one():
    r = score_company(PROFILE, {"industry": "Software", "employees": 800, "region": "Europe"})
    assert r.score == 1.0
    assert r.met == ["industry", "size", "region"]
    assert r.missed == []


def test_weighted_share():
    r = score_company(PROFILE, {"industry": "software", "employees": 50, "region": "europe"})
    assert r.score == pytest.approx(4 / 6)
    assert r.missed == ["size"]


def test_missing_attribute_counts_as_missed():
    r = score_company(PROFILE, {"industry": "fintech"})
    assert r.score == pytest.approx(3 / 6)
    assert set(r.missed) == {"size", "region"}


def test_none_attribute_counts_as_missed():
    r = score_company(PROFILE, {"industry": None, "employees": 300, "region": "europe"})
    assert r.missed == ["industry"]


def test_must_have_missed_forces_zero():
    profile = IdealClientProfile(
        criteria=(
            Criterion("industry", "in", ["software"], weight=5),
            Criterion("employees", "gte", 200, weight=1, must_have=True, label="big enough"),
        )
    )
    r = score_company(profile, {"industry": "software", "employees": 20})
    assert r.score == 0.0
    assert r.must_have_missed == ["big enough"]
    assert "must-have" in r.explain()
    # a missing attribute on a must-have also forces zero
    assert score_company(profile, {"industry": "software"}).score == 0.0
    assert score_company(profile, {"industry": "software", "employees": 200}).score == 1.0


@pytest.mark.parametrize(
    ("op", "value", "actual", "expected"),
    [
        ("in", ["a", "b"], "A", True),
        ("in", ["a", "b"], "c", False),
        ("not_in", ["gov"], "software", True),
        ("not_in", ["gov"], "GOV", False),
        ("between", (10, 20), 10, True),
        ("between", (10, 20), 20, True),
        ("between", (10, 20), 21, False),
        ("between", (10, 20), "15", False),
        ("eq", "north_america", "North America", True),
        ("eq", 3, 4, False),
        ("gte", 100, 100, True),
        ("gte", 100, 99, False),
        ("lte", 100, 100, True),
        ("lte", 100, 101, False),
    ],
)
def test_ops(op, value, actual, expected):
    c = Criterion("x", op, value)
    assert c.matches({"x": actual}) is expected


def test_not_in_with_missing_attribute_is_missed():
    assert Criterion("x", "not_in", ["gov"]).matches({}) is False


def test_default_labels():
    assert Criterion("employees", "between", (1, 2)).label == "employees 1-2"
    assert Criterion("region", "in", ["uk"]).label == "region in {uk}"
    assert Criterion("n", "gte", 5).label == "n >= 5"


def test_default_profile_is_sensible():
    ideal = {"industry": "SaaS", "employees": 1200, "region": "NA"}
    assert score_company(DEFAULT_PROFILE, ideal).score == 1.0
    small = {"industry": "software", "employees": 40, "region": "EMEA"}
    assert score_company(DEFAULT_PROFILE, small).score < DEFAULT_PROFILE.ideal_threshold
    public = {"industry": "government", "employees": 1200, "region": "uk"}
    assert score_company(DEFAULT_PROFILE, public).score == 0.0


def test_company_attrs_from_record():
    rec = CompanyRecord("c1", "Acme", industry="software", employees=900, region="EMEA")
    assert score_company(DEFAULT_PROFILE, company_attrs(rec)).score == 1.0


@pytest.mark.parametrize(
    ("status", "score", "health", "expected"),
    [
        (CompanyStatus.CLIENT, 0.7, 0.6, True),  # both exactly at threshold
        ("client", 0.9, 0.9, True),
        (CompanyStatus.CLIENT, 0.69, 0.9, False),
        (CompanyStatus.CLIENT, 0.9, 0.59, False),
        (CompanyStatus.CLIENT, 0.9, None, False),  # unknown health is not "happy"
        (CompanyStatus.CLIENT, None, 0.9, False),
        (CompanyStatus.PROSPECT, 1.0, 1.0, False),
        ("partner", 1.0, 1.0, False),
        (None, 1.0, 1.0, False),
    ],
)
def test_is_ideal_client(status, score, health, expected):
    assert is_ideal_client(status, score, health, DEFAULT_PROFILE) is expected


def test_round_trip():
    d = profile_to_dict(DEFAULT_PROFILE)
    assert profile_from_dict(d) == DEFAULT_PROFILE
    assert profile_to_dict(profile_from_dict(d)) == d


def test_from_dict_defaults():
    p = profile_from_dict({"criteria": [{"attribute": "industry", "op": "eq", "value": "software"}]})
    assert p.ideal_threshold == 0.7
    assert p.criteria[0].weight == 1.0
    assert p.criteria[0].must_have is False
    assert p.criteria[0].label == "industry = software"


def _crit(**over):
    base = {"attribute": "employees", "op": "between", "value": [1, 10], "weight": 1}
    base.update(over)
    return base


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ([], "profile"),
        ({}, "criteria"),
        ({"criteria": []}, "criteria"),
        ({"criteria": "x"}, "criteria"),
        ({"criteria": [5]}, "criteria[0]"),
        ({"criteria": [_crit()], "bogus": 1}, "bogus"),
        ({"criteria": [_crit(), _crit(op="nope")]}, "criteria[1].op"),
        ({"criteria": [_crit(attribute="")]}, "criteria[0].attribute"),
        ({"criteria": [_crit(weight=0)]}, "criteria[0].weight"),
        ({"criteria": [_crit(weight=-1)]}, "criteria[0].weight"),
        ({"criteria": [_crit(weight="heavy")]}, "criteria[0].weight"),
        ({"criteria": [_crit(weight=True)]}, "criteria[0].weight"),
        ({"criteria": [_crit(value=[10, 1])]}, "criteria[0].value"),
        ({"criteria": [_crit(value=[1])]}, "criteria[0].value"),
        ({"criteria": [_crit(value="1-10")]}, "criteria[0].value"),
        ({"criteria": [_crit(op="in", value="software")]}, "criteria[0].value"),
        ({"criteria": [_crit(op="in", value=[])]}, "criteria[0].value"),
        ({"criteria": [_crit(op="gte", value="x")]}, "criteria[0].value"),
        ({"criteria": [_crit(op="eq", value=None)]}, "criteria[0].value"),
        ({"criteria": [_crit(must_have="yes")]}, "criteria[0].must_have"),
        ({"criteria": [_crit(label=3)]}, "criteria[0].label"),
        ({"criteria": [{"op": "eq", "value": 1}]}, "criteria[0].attribute"),
        ({"criteria": [_crit(colour="red")]}, "criteria[0].colour"),
        ({"criteria": [_crit()], "ideal_threshold": 1.5}, "ideal_threshold"),
        ({"criteria": [_crit()], "min_health": "high"}, "min_health"),
    ],
)
def test_from_dict_validation_names_the_field(doc, field):
    with pytest.raises(ValueError) as info:
        profile_from_dict(doc)
    assert isinstance(info.value, IcpValidationError)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")


def test_profile_needs_criteria():
    with pytest.raises(ValueError, match="criteria"):
        IdealClientProfile(criteria=())
