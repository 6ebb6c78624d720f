"""A client's opportunities spread over its people: at most three through one person while
others have some, so the best-connected person is not asked for every introduction."""

from types import SimpleNamespace

from graph.opportunities import spread_over_referrers


def opp(referrer: str, target: str):
    return SimpleNamespace(path=SimpleNamespace(nodes=["our-team", referrer, target]))


def referrers(items):
    return [o.path.nodes[1] for o in items]


def test_one_person_gets_three_rows_while_others_have_some():
    ranked = [opp("ann", f"t{i}") for i in range(6)] + [opp("ben", "u1"), opp("cy", "v1"), opp("ben", "u2")]
    assert referrers(spread_over_referrers(ranked, 5)) == ["ann", "ann", "ann", "ben", "cy"]
    # room left after everyone's share: the rest in their order
    assert referrers(spread_over_referrers(ranked, 8)) == ["ann", "ann", "ann", "ben", "cy", "ben",
                                                           "ann", "ann"]


def test_a_client_with_one_person_still_gets_a_full_list():
    ranked = [opp("ann", f"t{i}") for i in range(5)]
    assert [o.path.nodes[2] for o in spread_over_referrers(ranked, 4)] == ["t0", "t1", "t2", "t3"]
