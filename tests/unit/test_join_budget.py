"""The 3-hop join's budget (graph/paths.py, JOIN_BUDGET): which of an end's people it starts from."""

from graph.paths import IN_HASHED_FROM, _hashed, _Space, _within_budget


def space(ties: dict[str, tuple[float, int]]) -> _Space:
    """An end 'e' tied to each person with (strength, that person's number of ties)."""
    s = _Space()
    s.degree["e"] = len(ties)
    for person, (strength, degree) in ties.items():
        s.add("e", person, strength, False, 0)
        s.degree[person] = degree
    return s


def test_a_side_within_the_budget_is_kept_whole():
    s = space({"a": (0.2, 40), "b": (0.9, 50)})
    assert _within_budget(s, "e", {"e", "a", "b"}, 90) == {"e", "a", "b"}


def test_the_strongest_ties_first_and_a_hub_over_what_is_left_is_skipped():
    s = space({"hub": (0.95, 5000), "a": (0.9, 30), "b": (0.5, 30), "c": (0.4, 30), "d": (0.1, 30)})
    # hub would take the whole budget: skipped, the next ones tried in order of strength
    assert _within_budget(s, "e", set(s.degree), 70) == {"e", "a", "b"}
    assert _within_budget(s, "e", set(s.degree), 5030) == {"e", "hub", "a"}


def test_equal_strengths_go_by_id_so_the_same_search_joins_the_same_people():
    s = space({"b": (0.5, 10), "a": (0.5, 10), "c": (0.5, 10)})
    assert _within_budget(s, "e", set(s.degree), 20) == {"e", "a", "b"}


def test_the_joins_short_list_of_people_is_padded_with_ids_no_node_has():
    # Neo4j looks `id(m) IN $list` up in a hash set only from IN_HASHED_FROM elements on
    padded = _hashed([7, 3, 11])
    assert len(padded) == IN_HASHED_FROM
    assert padded[:3] == [7, 3, 11] and all(n < 0 for n in padded[3:])
    assert len(set(padded)) == len(padded)
    long = list(range(IN_HASHED_FROM + 5))
    assert _hashed(long) == long
