"""`referrals bench paths --shape person`: what the join's budget gives up, against the join of every tie."""

from cli.bench import _budget_quality


def test_recall_counts_the_pairs_the_unbudgeted_search_answers():
    # pair 3: no path either way (not counted); pair 2 lost its path to the budget
    q = _budget_quality([0.5, None, None, 0.3], [0.5, 0.4, None, 0.6], [1.0, 2.0, 3.0, 4.0], 5000)
    assert q["join_budget"] == 5000
    assert q["recall"] == round(2 / 3, 3)
    assert q["top_ratio_min"] == 0.5 and q["top_ratio_mean"] == 0.75
    assert q["same_top"] == 1


def test_nothing_to_compare_gives_no_ratios():
    q = _budget_quality([None], [None], [1.0], None)
    assert q["recall"] is None and q["top_ratio_min"] is None and q["same_top"] == 0
