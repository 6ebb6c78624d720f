"""graph/interactions.py: an interaction's fingerprint under the ids merged into its ends."""

from __future__ import annotations

from datetime import date

from graph.interactions import InteractionLedger, interaction_key
from referrals.model import Channel, InteractionRecord

DAY = date(2026, 11, 2)


def test_the_fingerprint_a_row_had_before_a_merge_is_among_its_keys_after():
    ledger = InteractionLedger()
    # Theo wrote to Zora twice that day: the second is n = 1, on both sides of the merge
    first, second = (ledger.pair(InteractionRecord("p-t", "p-z", Channel.EMAIL, DAY)) for _ in range(2))
    assert (first.a, first.b, first.by_a, second.n) == ("p-t", "p-z", True, 1)
    keys = second.keys_as([], ["p-hs"])  # p-hs was merged into p-z
    assert keys == {second.key, interaction_key("p-t", "p-hs", Channel.EMAIL, DAY, 1)}
    assert interaction_key("p-hs", "p-t", Channel.EMAIL, DAY, 1) not in keys  # the sender stays the sender
    assert first.keys_as([], []) == {first.key}


def test_aliases_of_both_ends_are_combined():
    it = InteractionLedger().pair(InteractionRecord("p-z", "p-a", Channel.MEETING, DAY))  # b (p-z) sent it
    assert it.by_a is False
    keys = it.keys_as(["p-a2"], ["p-hs", "p-sf"])
    assert len(keys) == 6
    assert interaction_key("p-sf", "p-a2", Channel.MEETING, DAY) in keys
