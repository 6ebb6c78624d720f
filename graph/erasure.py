"""Erasure of a person (issue #15): gone from every stored path, ask and introduction,
and not brought back by a later import until an admin lifts the erasure.

    (:Erased {id: "erased-<hex>", erased_at})      the person's node, as a tombstone: no
        other property, no :Person or :Rep label, no relationship
    (:Erasure {id, tombstone_id, key_hashes, erased_at, erased_by, lifted_at, lifted_by})
    (:ErasureKey {hash})-[:KEY_OF]->(:Erasure)     one per identifying key, for the
        imports' indexed lookup (a list property cannot be looked up by index)
    (:ErasureSalt {id: "install", value})          this install's salt for the key hashes

`erase` runs in one write transaction: the person's ties (KNOWS, with the interaction
evidence they carry), jobs (WORKS_AT), external ids, goodwill entries and links to
introductions and asks are deleted; every stored reference to their id elsewhere (an
introduction's path and requester/referrer/target, an ask's referrer, target and account
manager, entry points, audit entries, outbox events) now reads the tombstone id, and
their name, email and LinkedIn URL in free text read "[erased]". The imports' manifests
(graph/import_manifest.py: the ids rows landed on, for re-imports) are deleted.

Identifying keys (`identity_keys`) are the person's ids, normalised emails, LinkedIn URLs
and external ids, plus the ids the importers derive from each of them
(graph/importers/keys.py `person_id_for`); only their salted SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph import import_manifest
from graph.db import Graph, InTransaction
from graph.importers.keys import normalise_email, normalise_linkedin_url, person_id_for
from graph.workflow_common import jsonable, native, utc
from referrals.errors import Conflict, NotFound

ERASED_TEXT = "[erased]"
MIN_NAME_CHARS = 3  # a shorter name would blank unrelated words in other people's notes

# Where a stored reference to a person may be (ids, or names in free text): every label
# but people themselves, their external ids and the erasure records. Relationships other
# than the person's own (deleted) hold no person ids or names.
SWEPT_LABELS = ("Introduction", "IntroductionEvent", "Touch", "ProspectConsent", "Inquiry",
                "ReferralAsk", "MergedAsk", "Goodwill", "Company", "AuditEvent", "OutboxEvent",
                "OutboxDelivery", "WebhookDelivery", "Job", "ApiKey", "Webhook", "Interleaving",
                "IdentityMerge", "MergedTie", "IdentityReview")
# Labels whose text is not about people: ids are replaced there, names are left alone
# (a company may be called after a founder who is someone else).
NAMES_KEPT = frozenset({"Company"})

__all__ = ["ERASED_TEXT", "ErasedKeys", "erase", "erased_reason", "identity_keys", "key_field",
           "key_hash", "lift", "list_erasures", "scrub", "telling_key"]


# ---- identifying keys (pure) ------------------------------------------------------------------
def identity_keys(*, ids: Iterable[str | None] = (), emails: Iterable[str | None] = (),
                  linkedin_urls: Iterable[str | None] = (),
                  external_ids: Iterable[tuple[str | None, str | None]] = ()) -> set[str]:
    """The keys an import or the API could know this person by, normalised as the
    importers normalise them: ``id:<id>``, ``email:<address>``, ``linkedin:<url>``,
    ``ext:<source>:person:<external id>`` (the importers' ExternalId key), and the
    ``id:`` the importers derive from each email, URL and external id."""
    keys: set[str] = set()
    for value in ids:
        if value and str(value).strip():
            keys.add(f"id:{str(value).strip()}")
    for value in emails:
        email = normalise_email(value) or (value.strip().lower() if value and value.strip() else None)
        if email:
            keys.add(f"email:{email}")
            if normalise_email(email):
                keys.add("id:" + person_id_for(email=email))
    for value in linkedin_urls:
        url = normalise_linkedin_url(value)
        if url:
            keys.add(f"linkedin:{url}")
            keys.add("id:" + person_id_for(linkedin_url=url))
    for source, external in external_ids:
        if source and external and str(external).strip():
            ext = str(external).strip()
            keys.add(f"ext:{source}:person:{ext}")
            keys.add("id:" + person_id_for(source=source, external_id=ext))
    return keys


def key_hash(salt: str, key: str) -> str:
    """SHA-256 of the install's salt and the key: the key cannot be read back, and the
    same email hashes differently on another install."""
    return hashlib.sha256(f"{salt}\n{key}".encode()).hexdigest()


_SHOWN_FIRST = {"email": 0, "linkedin": 1, "ext": 2, "id": 3}


def telling_key(keys: Iterable[str]) -> str | None:
    """The key to name in a report: an email or URL the uploader recognises before a
    derived id."""
    return min(keys, key=lambda k: (_SHOWN_FIRST.get(k.split(":", 1)[0], 9), k), default=None)


def key_field(key: str) -> str:
    """The record field a key comes from, for the import report."""
    kind = key.split(":", 1)[0]
    return {"email": "email", "linkedin": "linkedin_url", "ext": "external_id"}.get(kind, "id")


# ---- scrubbing stored values (pure) -------------------------------------------------------------
def _word(text: str) -> re.Pattern[str]:
    """`text` as a whole word (ids and names inside longer words are someone else's)."""
    return re.compile(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])", re.IGNORECASE)


def scrubber(*, person_id: str, tombstone_id: str, name: str | None, texts: Iterable[str | None]
             ) -> Callable[[Any, bool], Any]:
    """A function (value, names too) -> the value with the person's id replaced by the
    tombstone id and their name (whole words, when `names`) and other identifying texts
    (email, LinkedIn URL) by "[erased]"; lists element by element."""
    id_pattern = _word(person_id)
    found = sorted({t.strip() for t in texts if t and t.strip()}, key=len, reverse=True)
    text_patterns = [re.compile(re.escape(t), re.IGNORECASE) for t in found]
    name = (name or "").strip()
    name_pattern = _word(name) if len(name) >= MIN_NAME_CHARS else None

    def one(value: Any, names: bool) -> Any:
        if isinstance(value, list):
            return [one(v, names) for v in value]
        if not isinstance(value, str):
            return value
        if value == person_id:
            return tombstone_id
        out = id_pattern.sub(tombstone_id, value)
        for pattern in text_patterns:
            out = pattern.sub(ERASED_TEXT, out)
        if names and name_pattern is not None:
            out = name_pattern.sub(ERASED_TEXT, out)
        return out

    return one


def scrub(value: Any, *, person_id: str, tombstone_id: str, name: str | None = None,
          texts: Iterable[str | None] = (), names: bool = True) -> Any:
    """One value scrubbed (see `scrubber`)."""
    return scrubber(person_id=person_id, tombstone_id=tombstone_id, name=name, texts=texts)(value, names)


# ---- storage -----------------------------------------------------------------------------------
SALT = """
MERGE (s:ErasureSalt {id: 'install'})
ON CREATE SET s.value = $fresh
RETURN s.value AS salt
"""

READ_PERSON = """
MATCH (p:Person {id: $id})
SET p._lock = true REMOVE p._lock
RETURN p {.*} AS props,
       [(x:ExternalId)-[:IDENTIFIES]->(p) | x {.key, .source, .external_id}] AS external_ids,
       COLLECT { MATCH (u:WebUser) WHERE (u)-[:SIGNS_IN_AS]->(p) OR u.person_id = $id
                                      OR (p.email IS NOT NULL AND u.email = p.email)
                 RETURN u.id } AS users,
       COUNT { (p)-[:KNOWS]-() } AS ties,
       COUNT { (p)-[:WORKS_AT]->() } AS employments,
       COUNT { (p)<-[:GAVE_TO]-(:Goodwill) } AS goodwill_entries,
       COUNT { (p)<-[:REQUESTED|THROUGH|TO]-() } + COUNT { (p)-[:REQUESTED]->() } AS introduction_links,
       COUNT { (p)<-[:ASKS]-() } AS ask_links,
       COLLECT { MATCH (m:MergedPerson)-[:SAME_AS*1..10]->(p)
                 RETURN DISTINCT m {.id, .name, .email, .linkedin_url, .phone} } AS halves
"""

# The halves merged into the person (identity resolution, graph/identity.py) are the same
# person: their nodes go (with their own ties), and so do the records of the merges that
# made the person and the review items naming any of them; an undone merge's record and a
# decided review that outlive them are swept like any other record (their ids tombstoned).
REMOVE_HALVES = """
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (m:MergedPerson {id: id})
  DETACH DELETE m
}
CALL (id) {
  OPTIONAL MATCH (r:IdentityReview) WHERE (r.a = id OR r.b = id) AND r.status = 'open'
  DETACH DELETE r
}
CALL (id) {
  OPTIONAL MATCH (x:IdentityMerge {status: 'merged'}) WHERE x.keep_id = id OR x.absorbed_id = id
  OPTIONAL MATCH (x)-[:RECOMBINED]->(before:MergedTie)
  DETACH DELETE before, x
}
"""

# The person's own records go with them; what stays is a tombstone nothing finds.
REMOVE = """
MATCH (p:Person {id: $id})
CALL (p) {
  OPTIONAL MATCH (x:ExternalId)-[:IDENTIFIES]->(p)
  WHERE NOT EXISTS { (x)-[:IDENTIFIES]->(other) WHERE other <> p }
  DETACH DELETE x
}
CALL (p) {
  OPTIONAL MATCH (g:Goodwill)-[:GAVE_TO]->(p)
  DETACH DELETE g
}
CALL (p) {
  OPTIONAL MATCH (p)-[r]-()
  DELETE r
}
SET p = {id: $tombstone, erased_at: $now}
REMOVE p:Person:Rep
SET p:Erased
"""

# Nodes of one label holding the id or a text anywhere (lists element by element); Python
# then replaces exactly (whole words, case) what the contains-test over-matches.
CANDIDATES = """
MATCH (n:{label})
WHERE any(k IN keys(n) WHERE any(s IN
        CASE WHEN valueType(n[k]) STARTS WITH 'LIST' THEN [x IN n[k] | toLower(toStringOrNull(x))]
             ELSE [toLower(toStringOrNull(n[k]))] END
        WHERE s IS NOT NULL AND any(needle IN $needles WHERE s CONTAINS needle)))
RETURN elementId(n) AS eid, properties(n) AS props
"""

REWRITE = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.eid
SET n += row.props
"""

RECORD = """
CREATE (e:Erasure {id: $id, tombstone_id: $tombstone, key_hashes: $hashes, erased_at: $now,
                   erased_by: $by, lifted_at: null, lifted_by: null})
WITH e
UNWIND $hashes AS h
MERGE (k:ErasureKey {hash: h})
MERGE (k)-[:KEY_OF]->(e)
"""

ERASURE_FIELDS = ("e {.id, .tombstone_id, .erased_at, .erased_by, .lifted_at, .lifted_by, "
                  "keys: size(e.key_hashes)}")


def _salt_tx(tx: ManagedTransaction) -> str:
    return tx.run(SALT, fresh=secrets.token_hex(16)).single()["salt"]


def _rewrite_references(tx: ManagedTransaction, person_id: str, tombstone_id: str,
                        name: str | None, texts: list[str]) -> dict[str, int]:
    """Every stored reference to the person outside their node; returns nodes changed per label."""
    clean = scrubber(person_id=person_id, tombstone_id=tombstone_id, name=name, texts=texts)
    needles = sorted({t.lower() for t in [person_id, *texts] if t})
    if name and len(name.strip()) >= MIN_NAME_CHARS:
        needles.append(name.strip().lower())
    changed: dict[str, int] = {}
    for label in SWEPT_LABELS:  # constants: never from input
        rows = []
        for record in tx.run(CANDIDATES.replace("{label}", label), needles=needles):
            props = record["props"]
            new = {k: clean(v, label not in NAMES_KEPT) for k, v in props.items()}
            diff = {k: v for k, v in new.items() if v != props[k]}
            if diff:
                rows.append({"eid": record["eid"], "props": diff})
        if rows:
            tx.run(REWRITE, rows=rows).consume()
            changed[label] = len(rows)
    return changed


def erase(graph: Graph, person_id: str, *, by: str, now: datetime,
          in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Erase the person in one write transaction (module doc). NotFound for an unknown
    id; Conflict `signs_in` while a web sign-in is theirs (remove it first: erasing would
    leave their email on it, or lock its owner out). `in_transaction(tx, facts)` runs
    before the commit with {erasure_id, tombstone_id, erased_at, removed}."""
    now = utc(now)
    erasure_id = "er-" + secrets.token_hex(16)
    tombstone_id = "erased-" + secrets.token_hex(16)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        found = tx.run(READ_PERSON, id=person_id).single()
        if found is None:
            raise NotFound(f"No person with id {person_id!r}.")
        if found["users"]:
            raise Conflict("This person signs in to the service: remove their sign-in first (Admin page, "
                           "or referrals users delete EMAIL), then "
                           "erase them.", code="signs_in", user_ids=list(found["users"]))
        props = native(found["props"])
        ext = found["external_ids"]
        external = [(x.get("source"), x.get("external_id")) for x in ext]
        if props.get("external_id"):
            external.append((props.get("source") or "api", props.get("external_id")))
        halves = [native(h) for h in found["halves"]]
        everyone = [props, *halves]
        keys = identity_keys(ids=[person_id, *(h["id"] for h in halves)],
                             emails=[who.get("email") for who in everyone],
                             linkedin_urls=[who.get("linkedin_url") for who in everyone],
                             external_ids=external)
        keys |= {f"ext:{x['key']}" for x in ext if x.get("key")}
        salt = _salt_tx(tx)
        hashes = sorted({key_hash(salt, k) for k in keys})
        tx.run(REMOVE, id=person_id, tombstone=tombstone_id, now=now).consume()
        tx.run(REMOVE_HALVES, ids=[person_id, *(h["id"] for h in halves)]).consume()
        # the imports' manifests name the nodes rows landed on, theirs too: the next import
        # of each source compares every row again (and reports their rows as erased)
        tx.run(import_manifest.FORGET).consume()
        rewritten: dict[str, int] = {}
        for who in everyone:  # a half's id, name and addresses may be in records too
            texts = [who.get("email"), who.get("linkedin_url"), who.get("phone")]
            done = _rewrite_references(tx, who.get("id") or person_id, tombstone_id, who.get("name"),
                                       [t for t in texts if t])
            for label, n in done.items():
                rewritten[label] = rewritten.get(label, 0) + n
        tx.run(RECORD, id=erasure_id, tombstone=tombstone_id, hashes=hashes, now=now, by=by).consume()
        removed = {
            "ties": found["ties"], "employments": found["employments"],
            "external_ids": len(ext), "goodwill_entries": found["goodwill_entries"],
            "introduction_links": found["introduction_links"], "ask_links": found["ask_links"],
            "introductions_rewritten": rewritten.get("Introduction", 0),
            "asks_rewritten": rewritten.get("ReferralAsk", 0) + rewritten.get("MergedAsk", 0),
            "records_rewritten": sum(rewritten.values()),
            "merged_halves": len(halves),
        }
        facts = {"erasure_id": erasure_id, "tombstone_id": tombstone_id, "erased_at": now,
                 "erased_by": by, "keys": len(hashes), "removed": removed}
        if in_transaction is not None:
            in_transaction(tx, facts)
        return facts

    # a sweep over every record that may name them: seconds on a large graph, so no
    # request transaction timeout (graph/db.py), as for imports
    return jsonable(graph.without_timeout().write(work))


def lift(graph: Graph, erasure_id: str, *, by: str, now: datetime,
         in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Lift an erasure: imports and the API may create the person again (nothing erased
    comes back). NotFound for an unknown id; Conflict `already_lifted`."""
    now = utc(now)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        record = tx.run("MATCH (e:Erasure {id: $id}) SET e._lock = true REMOVE e._lock "
                        f"RETURN {ERASURE_FIELDS} AS e", id=erasure_id).single()
        if record is None:
            raise NotFound(f"No erasure with id {erasure_id!r}.")
        if record["e"]["lifted_at"] is not None:
            raise Conflict("This erasure was lifted already.", code="already_lifted",
                           lifted_at=jsonable(native(record["e"]["lifted_at"])))
        # the keys stop matching: their links go, and keys no other erasure holds
        out = tx.run(
            f"""
            MATCH (e:Erasure {{id: $id}})
            SET e.lifted_at = $now, e.lifted_by = $by
            WITH e
            CALL (e) {{
              OPTIONAL MATCH (k:ErasureKey)-[r:KEY_OF]->(e)
              DELETE r
              WITH k WHERE k IS NOT NULL AND NOT EXISTS {{ (k)-[:KEY_OF]->() }}
              DELETE k
            }}
            RETURN {ERASURE_FIELDS} AS e
            """, id=erasure_id, now=now, by=by).single()
        erasure = jsonable(native(out["e"]))
        if in_transaction is not None:
            in_transaction(tx, erasure)
        return erasure

    return graph.write(work)


def list_erasures(graph: Graph) -> list[dict[str, Any]]:
    """Every erasure, newest first (no hashes: how many keys each holds)."""
    rows = graph.query(f"MATCH (e:Erasure) RETURN {ERASURE_FIELDS} AS e ORDER BY e.erased_at DESC, e.id")
    return [jsonable(native(r["e"])) for r in rows]


FIND = """
UNWIND $hashes AS h
MATCH (:ErasureKey {hash: h})-[:KEY_OF]->(e:Erasure)
WHERE e.lifted_at IS NULL
RETURN h AS hash, e.id AS id, e.erased_at AS erased_at
"""


class ErasedKeys:
    """Which identifying keys belong to an erasure not lifted: one indexed lookup per call
    (the imports call it once per chunk). The salt is read once it exists; before the
    first erasure there is none and nothing can match."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.salt: str | None = None

    def match(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """key -> {erasure_id, erased_at (date, ISO)} for the keys that are erased."""
        wanted = set(keys)
        if not wanted:
            return {}
        if self.salt is None:
            rows = self.graph.query("MATCH (s:ErasureSalt {id: 'install'}) RETURN s.value AS salt")
            if not rows:
                return {}
            self.salt = rows[0]["salt"]
        hashed = {key_hash(self.salt, k): k for k in wanted}
        out: dict[str, dict[str, Any]] = {}
        for row in self.graph.query(FIND, hashes=sorted(hashed)):
            erased_at = native(row["erased_at"])
            out[hashed[row["hash"]]] = {
                "erasure_id": row["id"],
                "erased_on": erased_at.date().isoformat() if erased_at else None,
            }
        return out


def erased_reason(hit: dict[str, Any]) -> str:
    """The words an import report and the API use for an erased person."""
    return (f"this person was erased on {hit['erased_on']}; an admin can lift the erasure "
            f"({hit['erasure_id']})")
