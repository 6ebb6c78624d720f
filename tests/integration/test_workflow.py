"""Workflow storage against the real server: ICP profile, introductions and their history,
qualification, touches, referral asks and fatigue, inquiries, and outcomes in ranking."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta

import pytest

from graph import asks, icp_store
from graph import introductions as intros
from graph.bulk import BulkWriter
from graph.paths import PathFinder, PathQuery
from referrals.errors import Conflict, Invalid, NotFound, StaleVersion
from referrals.goodwill import GoodwillPolicy
from referrals.icp import DEFAULT_PROFILE, IcpValidationError, profile_to_dict
from referrals.model import CompanyRecord, CompanyStatus
from referrals.review import build_review
from tests.workflow_data import PATH_ANN, PATH_BEN, T0, load_network

pytestmark = pytest.mark.neo4j


@pytest.fixture
def net(graph):
    load_network(graph)
    return graph


def _request(graph, path=PATH_ANN, at=T0):
    return intros.create_introduction(graph, requester_id=path[0], target_id=path[-1], path=path,
                                      actor="riley", now=at, note="saw Tara at a fintech panel")


def _move(graph, intro_id, to, at, **kw):
    if to == "introduced":  # double opt-in: the prospect's yes first, where it is expected
        with contextlib.suppress(Conflict):
            intros.record_consent(graph, intro_id, "yes", channel="email", at=at, actor="riley", now=at)
    return intros.transition(graph, intro_id, to, actor="riley", now=at, **kw)


# ---- ICP ---------------------------------------------------------------------------------------
def test_default_profile_until_one_is_saved(net):
    stored = icp_store.stored_profile(net)
    assert stored["version"] == 0 and stored["profile"] == DEFAULT_PROFILE


def test_saving_a_profile_rescores_every_company(net):
    before = {r["id"]: r["s"] for r in net.query("MATCH (c:Company) RETURN c.id AS id, c.icp_score AS s")}
    assert before["c-acme"] == 1.0 and before["c-gov"] == 0.0
    doc = profile_to_dict(DEFAULT_PROFILE)
    doc["criteria"] = [{"attribute": "region", "op": "eq", "value": "NA", "weight": 1}]
    result = icp_store.save_profile(net, doc, actor="admin", now=T0)
    assert result["version"] == 1
    assert result["rescored"]["scanned"] == 5
    rows = {r["id"]: r for r in net.query(
        "MATCH (c:Company) RETURN c.id AS id, c.icp_score AS s, c.icp_met AS met, c.icp_missed AS missed")}
    assert rows["c-acme"]["s"] == 0.0 and rows["c-acme"]["missed"] == ["region = NA"]
    assert rows["c-gov"]["s"] == 1.0 and rows["c-gov"]["met"] == ["region = NA"]
    stored = net.query("MATCH (p:IcpProfile) RETURN p.body AS body, p.version AS v")
    assert len(stored) == 1 and json.loads(stored[0]["body"])["criteria"][0]["value"] == "NA"
    # a second save with nothing different changes no company
    assert icp_store.save_profile(net, doc, now=T0)["rescored"]["changed"] == 0


def test_bulk_writer_scores_with_the_stored_profile(net):
    icp_store.save_profile(net, {"criteria": [{"attribute": "region", "op": "eq", "value": "APAC"}]})
    BulkWriter(net).companies([CompanyRecord("c-new", "New", status=CompanyStatus.PROSPECT, region="APAC")])
    assert net.query("MATCH (c:Company {id: 'c-new'}) RETURN c.icp_score AS s") == [{"s": 1.0}]


def test_bad_profile_names_the_field_and_stale_version_is_refused(net):
    with pytest.raises(IcpValidationError) as err:
        icp_store.save_profile(net, {"criteria": [{"attribute": "x", "op": "like", "value": 1}]})
    assert err.value.field == "criteria[0].op"
    icp_store.save_profile(net, profile_to_dict(DEFAULT_PROFILE), expected_version=0)
    with pytest.raises(icp_store.StaleProfileVersion):
        icp_store.save_profile(net, profile_to_dict(DEFAULT_PROFILE), expected_version=0)


# ---- introductions -----------------------------------------------------------------------------
def test_request_stores_the_path_and_what_ranking_reads(net):
    intro = _request(net)
    assert intro["status"] == "requested" and intro["version"] == 1
    assert intro["referrer"]["id"] == "p-ann" and intro["referrer"]["company"]["id"] == "c-acme"
    assert intro["target"]["company"]["id"] == "c-tgt"
    assert intro["history"][0]["from"] is None and intro["history"][0]["to"] == "requested"
    row = net.query("MATCH (r:Person {id: 'p-rep'})-[:REQUESTED]->(i:Introduction)-[:TO]->(t:Person), "
                    "(i)-[:THROUGH]->(v:Person) RETURN i.referrer_id AS ref, i.requester_id AS req, "
                    "i.target_id AS tgt, i.requested_at AS at, t.id AS t, v.id AS v")[0]
    assert (row["ref"], row["req"], row["tgt"], row["t"], row["v"]) == ("p-ann", "p-rep", "p-tara",
                                                                        "p-tara", "p-ann")
    assert row["at"].to_native() == T0.date()  # a date, like the imported history's


@pytest.mark.parametrize("path, field", [
    (["p-rep", "p-tara"], "path"),                       # no referrer
    (["p-ann", "p-rep", "p-tara"], "path"),              # does not start at the requester
    (["p-rep", "p-gov", "p-tara"], "path"),              # not a real tie
    (["p-rep", "p-dnc", "p-tara"], "path"),              # do-not-contact on the way
    (["p-rep", "p-nobody", "p-tara"], "path"),           # unknown person
    (["p-rep", "p-ann", "p-rep", "p-tara"], "path"),     # visits someone twice
])
def test_bad_paths_are_refused_naming_the_path(net, path, field):
    with pytest.raises(Invalid) as err:
        intros.create_introduction(net, requester_id="p-rep", target_id="p-tara", path=path,
                                   actor="riley", now=T0)
    assert err.value.field == field
    assert net.query("MATCH (i:Introduction) RETURN count(i) AS n") == [{"n": 0}]


def test_duplicate_open_request_is_a_conflict(net):
    first = _request(net)
    with pytest.raises(Conflict) as err:
        _request(net, PATH_BEN)
    assert err.value.details["existing_id"] == first["id"]


def test_the_whole_workflow_keeps_history_and_status(net):
    intro = _request(net)
    iid = intro["id"]
    moved = _move(net, iid, "asked", T0 + timedelta(days=1))
    assert moved["ask"]["client_id"] == "c-acme" and moved["ask"]["introduction_id"] == iid
    _move(net, iid, "accepted", T0 + timedelta(days=2))
    out = _move(net, iid, "introduced", T0 + timedelta(days=3))
    assert out["ask"]["outcome"] == "made_intro"
    assert out["ask"]["thank_you_due"] == (T0 + timedelta(days=5)).isoformat()
    meeting = _move(net, iid, "meeting_held", T0 + timedelta(days=10), note="first call")
    assert meeting["event"]["flags"] == ["no_next_step"]
    assert meeting["introduction"]["flags"] == ["no_next_step"]
    second = _move(net, iid, "meeting_held", T0 + timedelta(days=20), assignment="send the RFP",
                   next_meeting_at=T0 + timedelta(days=30))
    assert second["event"]["flags"] == [] and second["introduction"]["flags"] == []
    done = _move(net, iid, "qualified_out", T0 + timedelta(days=25), reason="no budget this year")
    detail = done["introduction"]
    # 8: created, six moves and the prospect's recorded yes (double opt-in)
    assert detail["status"] == "qualified_out" and detail["version"] == 8
    assert [h["to"] for h in detail["history"]] == ["requested", "asked", "accepted", "introduced",
                                                   "meeting_held", "meeting_held", "qualified_out"]
    assert detail["history"][-1]["reason"] == "no budget this year"
    assert detail["history"][4]["flags"] == ["no_next_step"]
    reopened = _move(net, iid, "introduced", T0 + timedelta(days=60), note="budget freed up")
    assert reopened["introduction"]["status"] == "introduced"
    record = asks.referrer_record(net, "p-ann")
    assert (record.asks, record.made, record.accepted, record.won) == (1, 1, 1, 0)


def test_illegal_move_lists_allowed_targets_and_changes_nothing(net):
    iid = _request(net)["id"]
    with pytest.raises(Conflict) as err:
        _move(net, iid, "won", T0)
    assert err.value.details["allowed"] == ["asked", "withdrawn"]
    assert "allowed from requested: asked, withdrawn" in err.value.message
    assert intros.get_introduction(net, iid)["version"] == 1


def test_qualified_out_needs_a_reason(net):
    iid = _request(net)["id"]
    for to in ("asked", "accepted", "introduced"):
        _move(net, iid, to, T0)
    with pytest.raises(Invalid) as err:
        _move(net, iid, "qualified_out", T0, reason="  ")
    assert err.value.field == "reason"


def test_stale_version_is_refused(net):
    iid = _request(net)["id"]
    _move(net, iid, "asked", T0, expected_version=1)
    with pytest.raises(StaleVersion) as err:
        _move(net, iid, "withdrawn", T0, expected_version=1)
    assert err.value.details["current_version"] == 2


def test_concurrent_moves_serialise(net):
    from concurrent.futures import ThreadPoolExecutor

    iid = _request(net)["id"]

    def attempt(_n):
        try:
            _move(net, iid, "asked", T0)
            return "ok"
        except Conflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = sorted(pool.map(attempt, range(4)))
    assert results == ["conflict", "conflict", "conflict", "ok"]
    detail = intros.get_introduction(net, iid)
    assert [h["to"] for h in detail["history"]] == ["requested", "asked"] and detail["version"] == 2
    assert net.query("MATCH (a:ReferralAsk) RETURN count(a) AS n") == [{"n": 1}]


def test_unknown_introduction(net):
    with pytest.raises(NotFound):
        intros.get_introduction(net, "i-nope")
    with pytest.raises(NotFound):
        _move(net, "i-nope", "asked", T0)


def test_qualified_needs_icp_fit_budget_and_need(net):
    iid = _request(net)["id"]
    for to in ("asked", "accepted", "introduced", "meeting_held"):
        _move(net, iid, to, T0)
    with pytest.raises(Conflict) as err:
        _move(net, iid, "qualified", T0)
    assert "budget unknown (required)" in err.value.details["missing"]
    state = intros.set_qualification(net, iid, {"budget": {"known": True, "note": "120k"}, "need": True},
                                     now=T0)
    assert state["qualified"] is True and state["completeness"] == 0.5
    assert _move(net, iid, "qualified", T0)["introduction"]["status"] == "qualified"


def test_touches_count_outbound_and_replies(net):
    iid = _request(net)["id"]
    for n in range(3):
        intros.record_touch(net, iid, direction="outbound", channel="email", at=T0 + timedelta(days=n),
                            actor="riley")
    out = intros.record_touch(net, iid, direction="inbound", channel="email", at=T0, actor="riley")
    assert (out["outbound_touches"], out["inbound_touches"]) == (3, 1)
    assert len(intros.list_touches(net, iid)) == 4


def test_review_groups_early_interest_and_flags_the_rest(net):
    early = _request(net)["id"]
    stale = intros.create_introduction(net, requester_id="p-rep", target_id="p-gov",
                                       path=["p-rep", "p-ann", "p-gov"], actor="riley", now=T0)["id"]
    for to in ("asked", "accepted", "introduced"):
        _move(net, stale, to, T0)
    for _ in range(9):
        intros.record_touch(net, early, direction="outbound", channel="email", at=T0, actor="riley")
    review = build_review(intros.review_items(net), now=T0 + timedelta(weeks=6))
    assert review.early_interest.count == 1 and review.early_interest.item_ids == [early]
    assert [f.item_id for f in review.stale] == [stale]
    assert review.one_way == []  # early items are never chased one by one


# ---- referral asks -----------------------------------------------------------------------------
def test_ask_fatigue_holds_back_the_fourth_ask_and_points_elsewhere(net):
    # the client's limit alone: the per-person goodwill budget and same-week merging are off
    # (their story: tests/api/test_goodwill_consent_insights.py)
    loose = GoodwillPolicy(asks_per_window=100, merge_days=0)
    for n in range(3):
        asks.create_ask(net, "c-acme", referrer_id="p-ann", now=T0 + timedelta(days=n), actor="alex",
                        policy=loose)
    with pytest.raises(Conflict) as err:
        asks.create_ask(net, "c-acme", referrer_id="p-ann", now=T0 + timedelta(days=5), actor="alex",
                        policy=loose)
    assert "asked 3 times this quarter (limit 3)" in err.value.message
    assert [c["id"] for c in err.value.details["alternatives"]] == ["c-bolt"]
    # the quarter rolls on: 91 days after the first ask there is room again
    asks.create_ask(net, "c-acme", referrer_id="p-ann", now=T0 + timedelta(days=91), actor="alex",
                    policy=loose)


def test_ask_checks_the_referrer_works_at_the_client(net):
    with pytest.raises(Invalid) as err:
        asks.create_ask(net, "c-acme", referrer_id="p-ben", now=T0, actor="alex")
    assert err.value.field == "referrer_id"
    with pytest.raises(Invalid) as err:
        asks.create_ask(net, "c-acme", referrer_id="p-dnc", now=T0, actor="alex")
    assert err.value.field == "referrer_id"
    with pytest.raises(Invalid):
        asks.create_ask(net, "c-tgt", referrer_id="p-tara", now=T0, actor="alex")
    with pytest.raises(NotFound):
        asks.create_ask(net, "c-nope", referrer_id="p-ann", now=T0, actor="alex")


def test_outcome_sets_thank_you_and_the_record(net):
    ask = asks.create_ask(net, "c-acme", referrer_id="p-ann", target_id="p-tara", now=T0, actor="alex")
    out = asks.record_outcome(net, ask["id"], "made_intro", now=T0 + timedelta(days=1), actor="alex")
    assert out["thank_you_due"] == (T0 + timedelta(days=3)).isoformat()
    assert out["referrer_record"] == {"asks": 1, "made": 1, "declined": 0, "no_answer": 0,
                                      "accepted": 0, "won": 0}
    again = asks.record_outcome(net, ask["id"], "made_intro", now=T0, actor="alex")
    assert again["changed"] is False
    with pytest.raises(Conflict):
        asks.record_outcome(net, ask["id"], "declined", now=T0, actor="alex")


def test_ask_linked_to_an_introduction_moves_it_to_asked(net):
    iid = _request(net)["id"]
    ask = asks.create_ask(net, "c-acme", referrer_id="p-ann", introduction_id=iid, account_manager_id="p-am",
                          now=T0, actor="alex")
    assert ask["introduction_id"] == iid and ask["account_manager_id"] == "p-am"
    assert intros.get_introduction(net, iid)["status"] == "asked"
    listed = asks.list_asks(net, "c-acme", today=T0.date())
    assert [a["id"] for a in listed["items"]] == [ask["id"]]
    assert listed["fatigue"]["asks_in_quarter"] == 1


def test_inquiries_are_kept_apart(net):
    q = intros.create_inquiry(net, kind="download", at=T0, now=T0, person_id="p-tara")
    assert q["is_lead"] is False
    assert intros.list_introductions(net)["items"] == []
    assert intros.review_items(net) == []
    with pytest.raises(Invalid):
        intros.create_inquiry(net, kind="hot lead", at=None, now=T0)


def test_pagination_is_newest_first(net):
    ids = []
    for n, target in enumerate(("p-tara", "p-gov")):
        path = ["p-rep", "p-ann", target]
        ids.append(intros.create_introduction(net, requester_id="p-rep", target_id=target, path=path,
                                              actor="riley", now=T0 + timedelta(hours=n))["id"])
    first = intros.list_introductions(net, limit=1)
    assert [i["id"] for i in first["items"]] == [ids[1]]
    second = intros.list_introductions(net, limit=1, cursor=first["next_cursor"])
    assert [i["id"] for i in second["items"]] == [ids[0]] and second["next_cursor"] is None


# ---- outcomes feed ranking -----------------------------------------------------------------------
def _ranked_referrers(graph, today):
    paths, _facts = PathFinder(graph).find(PathQuery(target="p-tara", source="p-rep", today=today))
    return [p.nodes[-2] for p in paths]


def test_a_referrer_whose_intros_win_ranks_first_next_time(net):
    before = _ranked_referrers(net, T0.date())
    assert set(before) == {"p-ann", "p-ben"}
    # Ben's introduction runs all the way to a won deal (it takes a while)
    iid = _request(net, PATH_BEN)["id"]
    for n, to in enumerate(("asked", "accepted", "introduced", "meeting_held")):
        _move(net, iid, to, T0 + timedelta(days=n + 1), **(
            {"assignment": "share the numbers", "next_meeting_at": T0 + timedelta(days=20)}
            if to == "meeting_held" else {}))
    intros.set_qualification(net, iid, {"budget": True, "need": True}, now=T0)
    _move(net, iid, "qualified", T0 + timedelta(days=30))
    _move(net, iid, "won", T0 + timedelta(days=100))
    after = _ranked_referrers(net, (T0 + timedelta(days=100)).date())
    assert after[0] == "p-ben"
    paths, facts = PathFinder(net).find(PathQuery(target="p-tara", source="p-rep",
                                                  today=(T0 + timedelta(days=100)).date()))
    assert (facts["p-ben"].intros_won, facts["p-ann"].intros_won) == (1, 0)
    assert paths[0].score > paths[1].score


# ---- CLI -----------------------------------------------------------------------------------------
@pytest.fixture
def cli_env(net, neo4j_settings, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    return net


def test_cli_icp_show_and_set(cli_env, tmp_path):
    from click.testing import CliRunner

    from cli.workflow import icp

    runner = CliRunner()
    shown = runner.invoke(icp, ["show", "--json"])
    assert shown.exit_code == 0, shown.output
    doc = json.loads(shown.output)
    assert doc["version"] == 0
    doc["criteria"] = [{"attribute": "region", "op": "eq", "value": "NA"}]
    path = tmp_path / "icp.json"
    path.write_text(json.dumps(doc))
    saved = runner.invoke(icp, ["set", str(path)])
    assert saved.exit_code == 0, saved.output
    assert "Saved ICP version 1; rescored 5 companies" in saved.output
    assert "region = NA" in runner.invoke(icp, ["show"]).output
    path.write_text(json.dumps({"criteria": [{"attribute": "x", "op": "like", "value": 1}]}))
    bad = runner.invoke(icp, ["set", str(path)])
    assert bad.exit_code != 0 and "criteria[0].op" in bad.output


def test_cli_review_prints_groups(cli_env):
    from click.testing import CliRunner

    from cli.workflow import review

    early = _request(cli_env)["id"]
    meeting = intros.create_introduction(cli_env, requester_id="p-rep", target_id="p-gov",
                                         path=["p-rep", "p-ann", "p-gov"], actor="riley", now=T0)["id"]
    for to in ("asked", "accepted", "introduced", "meeting_held"):
        _move(cli_env, meeting, to, T0)
    result = CliRunner().invoke(review, [])
    assert result.exit_code == 0, result.output
    assert "Early interest: 1 items" in result.output and "Anything new" in result.output
    assert meeting in result.output and "qualified_out" in result.output
    assert early not in result.output  # early items are counted, not listed to chase
    as_json = json.loads(CliRunner().invoke(review, ["--json"]).output)
    assert [f["item_id"] for f in as_json["no_next_step"]] == [meeting]
