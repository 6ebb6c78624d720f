"""What the identity run after an import reads (issue #16, docs/identity.md "Incremental
runs"): the blocking keys kept on each person (graph/identity_keys.py) brought up to date,
the stored people who share a key with the people it scores, and the counts of their names;
``stored_records`` reads everyone, for a kept model whose rules the keys do not serve.
Merging and undoing live in graph/identity.py.
"""

from __future__ import annotations

from typing import Any

from graph.identity_keys import KEY_SEPARATOR, person_keys

# ---- the blocking keys kept on each person (graph/identity_keys.py) -----------------------------

# a person whose keys are missing or were computed from another name or email (written by a
# path that does not keep them: the seed's bulk loader); one scan in the database, nothing sent
# back when every person's keys are current
_STALE = """
MATCH (p:Person) WHERE NOT p:Rep AND NOT coalesce(p.is_rep, false)
  AND (p.idk_src IS NULL OR p.idk_src <> coalesce(p.name, '') + $sep + coalesce(p.email, ''))
RETURN collect([p.id, p.name, p.email]) AS rows
"""
_SET_KEYS = "UNWIND $rows AS row MATCH (p:Person {id: row.id}) SET p += row.keys"

# "every person's keys are current": set by a scan (rekey_stale), kept while every writer of a
# person keeps the keys (the importer, the API's person create and edit, merges and undos), and
# cleared by a writer that does not (the seed's bulk loader: clear_keys_current), so the run
# after an import scans everyone only when something may have left keys behind
_KEYS_CURRENT = "MERGE (k:IdentityKeys {id: 'current'}) SET k.at = datetime()"
_IS_CURRENT = "OPTIONAL MATCH (k:IdentityKeys {id: 'current'}) RETURN k IS NOT NULL AS current"
CLEAR_KEYS_CURRENT = "MATCH (k:IdentityKeys {id: 'current'}) DELETE k"


def keys_current(graph) -> bool:
    """Whether every person's blocking keys are known to be current (no scan needed)."""
    return bool(graph.query(_IS_CURRENT)[0]["current"])


def clear_keys_current(graph) -> None:
    """For a writer of people that does not keep their keys: the next run scans everyone."""
    graph.execute(CLEAR_KEYS_CURRENT)


def rekey_stale(graph, batch: int = 10_000, *, unless_current: bool = False) -> int:
    """Give every person who is not a rep the blocking keys of their name and email where
    they are missing or stale; how many were (re)keyed. ``unless_current``: not when the
    marker says every person's keys are current (one small read instead of the scan)."""
    if unless_current and keys_current(graph):
        return 0
    # the marker first: a writer that leaves keys behind after the scan began clears it again
    graph.execute(_KEYS_CURRENT)
    rows = graph.query(_STALE, sep=KEY_SEPARATOR)[0]["rows"]
    for start in range(0, len(rows), batch):
        graph.execute(_SET_KEYS, rows=[{"id": pid, "keys": person_keys(name, email)}
                                       for pid, name, email in rows[start:start + batch]])
    return len(rows)


# The people a served blocking rule could pair with a touched person (``lookup_keys`` of each),
# by index: the person keys, and the company rules through the Company's own name_key and domain
# (any current job: the model reads the latest, so more may come, never fewer), with the
# touched people themselves; as ``stored_records`` reads them, in one row of lists.
_CANDIDATES = """
CALL () {
  UNWIND $keys AS k
  CALL (k) {
    MATCH (p:Person {idk_lf: k.lf})
    WHERE coalesce(k.lf_any, true) OR p.id_first = k.first OR left(p.id_first, size(k.f2)) = k.f2 RETURN p
    UNION
    MATCH (p:Person {idk_fl: k.fl}) WHERE coalesce(k.fl_any, true) OR left(p.id_last, size(k.l2)) = k.l2
    RETURN p
    UNION
    MATCH (p:Person {idk_ld: k.ld}) RETURN p
    UNION
    MATCH (:Company {name_key: k.ck})<-[w:WORKS_AT]-(p:Person)
    WHERE coalesce(w.current, true) AND (p.id_last = k.last OR p.id_first = k.first) RETURN p
    UNION
    MATCH (:Company {domain: k.cd})<-[w:WORKS_AT]-(p:Person)
    WHERE coalesce(w.current, true) AND p.id_last = k.last RETURN p
    UNION
    MATCH (:Company {name_key: k.cdk})<-[w:WORKS_AT]-(p:Person)
    WHERE coalesce(w.current, true) AND p.id_last = k.last RETURN p
  }
  RETURN p
  UNION
  MATCH (p:Person) WHERE p.id IN $ids RETURN p
}
WITH DISTINCT p WHERE NOT p:Rep AND NOT coalesce(p.is_rep, false)
WITH p, COLLECT { MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
                  RETURN [c.name, c.domain] ORDER BY w.start DESC LIMIT 1 }[0] AS c
RETURN collect([p.id, p.name, p.email, p.linkedin_url, p.title, c[0], c[1],
                coalesce(p.do_not_contact, false), p.phone]) AS rows
"""


def candidate_records(graph, ids: list[str], keys: list[dict[str, Any]], batch: int = 2_000
                      ) -> list[dict[str, Any]]:
    """The people ``ids`` and every stored person who shares a lookup key
    (graph.identity_keys.lookup_keys) with one of ``keys``, as ``stored_records`` reads them
    (reps left out). The keys must be current: ``rekey_stale`` first."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, max(len(keys), len(ids)), batch):
        rows = graph.query(_CANDIDATES, keys=keys[start:start + batch],
                           ids=ids[start:start + batch])[0]["rows"]
        found.update((row[0], dict(zip(_STORED_FIELDS, row, strict=True))) for row in rows)
    return list(found.values())


# Term frequencies of first and last names over every stored person who is not a rep, as a full
# run computes them: by the name indexes and the count store (every person keyed: rekey_stale
# first), the reps counted apart and taken off in Python
_NAME_COUNTS = """
CALL () { UNWIND $firsts AS v OPTIONAL MATCH (p:Person {id_first: v}) WITH v, count(p) AS n
          RETURN collect([v, n]) AS firsts }
CALL () { UNWIND $lasts AS v OPTIONAL MATCH (p:Person {id_last: v}) WITH v, count(p) AS n
          RETURN collect([v, n]) AS lasts }
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (p:Person {id_first: ''}) RETURN count(p) AS no_first }
CALL () { MATCH (p:Person {id_last: ''}) RETURN count(p) AS no_last }
CALL () { MATCH (r:Rep) RETURN collect([r.id_first, r.id_last]) AS reps }
CALL () { UNWIND $phones AS v OPTIONAL MATCH (p:Person {phone: v}) WHERE NOT p:Rep WITH v, count(p) AS n
          RETURN collect([v, n]) AS phones }
CALL () { MATCH (p:Person) WHERE p.phone IS NOT NULL AND NOT p:Rep RETURN count(p) AS phone_total }
RETURN firsts, lasts, people - no_first AS first_total, people - no_last AS last_total, reps, phones,
       phone_total
"""


def name_counts(graph, firsts: list[str], lasts: list[str], phones: list[str] = ()) -> dict[str, Any]:
    """How many stored people who are not reps have each of ``firsts`` as first name, each of
    ``lasts`` as last name and each of ``phones`` as phone, and how many have any:
    ``{"first": {name: n}, "last": {...}, "phone": {...}, "totals": {"first": n, ...}}``."""
    row = graph.query(_NAME_COUNTS, firsts=sorted(set(firsts)), lasts=sorted(set(lasts)),
                      phones=sorted(set(phones)))[0]
    counts = {"first": dict(row["firsts"]), "last": dict(row["lasts"]), "phone": dict(row["phones"])}
    # everyone (the count store) less those without the name; reps are no one's partner
    totals = {"first": row["first_total"], "last": row["last_total"], "phone": row["phone_total"]}
    for first, last in row["reps"]:
        for column, value in (("first", first), ("last", last)):
            if value != "":  # a rep with the name (or with no keys at all) is not among them
                totals[column] -= 1
            if value and value in counts[column]:
                counts[column][value] -= 1
    return {**counts, "totals": totals}


_STORED = """
MATCH (p:Person) WHERE NOT p:Rep AND NOT coalesce(p.is_rep, false)
WITH p, COLLECT { MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
                  RETURN [c.name, c.domain] ORDER BY w.start DESC LIMIT 1 }[0] AS c
RETURN collect([p.id, p.name, p.email, p.linkedin_url, p.title, c[0], c[1],
                coalesce(p.do_not_contact, false), p.phone]) AS rows
"""
_STORED_FIELDS = ("unique_id", "name", "email", "linkedin_url", "title", "company", "company_domain",
                  "do_not_contact", "phone")


def stored_records(graph) -> list[dict[str, Any]]:
    """Every Person who is not one of our reps as the model reads them (``person_records``
    without the source, which no comparison reads): the population an incremental run
    scores new people against."""
    rows = graph.query(_STORED)[0]["rows"]  # one row of lists: half the time of 100,000 records
    return [dict(zip(_STORED_FIELDS, row, strict=True)) for row in rows]
