"""Constraints and indexes, created idempotently (`referrals db init` and app start)."""

from __future__ import annotations

import re

from neo4j.exceptions import Neo4jError, ResultFailedError

from graph.ask_templates import SCHEMA as ASK_TEMPLATE_SCHEMA
from graph.audit import SCHEMA as AUDIT_SCHEMA
from graph.company_identity import SCHEMA as COMPANY_IDENTITY_SCHEMA
from graph.consent import mark_clients_consent_required
from graph.db import Graph
from graph.identity import SCHEMA as IDENTITY_SCHEMA
from graph.interleaving import INTERLEAVING_SCHEMA
from graph.jobs import LOCK_SCHEMA as JOB_LOCK_SCHEMA
from graph.rate_limits import SCHEMA as RATE_LIMIT_SCHEMA
from graph.reminders import REMINDER_SCHEMA
from graph.users import SCHEMA as USER_SCHEMA

# Labels and relationship types the service uses: Cypher never takes them from input.
LABELS = ("Person", "Rep", "Company", "Introduction", "ApiKey", "Job",
          "IcpProfile", "IntroductionEvent", "Touch", "Inquiry", "ReferralAsk",
          "ExternalId")
RELATIONSHIP_TYPES = ("WORKS_AT", "KNOWS", "REQUESTED", "THROUGH", "TO", "HAS_EVENT",
                      "HAS_TOUCH", "ASKS", "FOR_CLIENT", "FOR_INTRODUCTION",
                      "IDENTIFIES")

STATEMENTS = (
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT company_id IF NOT EXISTS FOR (c:Company) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT introduction_id IF NOT EXISTS FOR (i:Introduction) REQUIRE i.id IS UNIQUE",
    "CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE",
    "CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE",
    "CREATE CONSTRAINT job_id IF NOT EXISTS FOR (j:Job) REQUIRE j.id IS UNIQUE",
    "CREATE CONSTRAINT icp_profile_id IF NOT EXISTS FOR (p:IcpProfile) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT inquiry_id IF NOT EXISTS FOR (q:Inquiry) REQUIRE q.id IS UNIQUE",
    "CREATE CONSTRAINT referral_ask_id IF NOT EXISTS FOR (a:ReferralAsk) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT external_id_key IF NOT EXISTS FOR (x:ExternalId) REQUIRE x.key IS UNIQUE",
    "CREATE INDEX person_email IF NOT EXISTS FOR (p:Person) ON (p.email)",
    # how many people share a number: identity resolution's term frequency (a switchboard)
    "CREATE INDEX person_phone IF NOT EXISTS FOR (p:Person) ON (p.phone)",
    "CREATE INDEX person_linkedin IF NOT EXISTS FOR (p:Person) ON (p.linkedin_url)",
    "CREATE INDEX company_domain IF NOT EXISTS FOR (c:Company) ON (c.domain)",
    "CREATE INDEX company_name_key IF NOT EXISTS FOR (c:Company) ON (c.name_key)",
    "CREATE INDEX company_status IF NOT EXISTS FOR (c:Company) ON (c.status)",
    "CREATE INDEX introduction_status IF NOT EXISTS FOR (i:Introduction) ON (i.status)",
    "CREATE INDEX introduction_referrer IF NOT EXISTS FOR (i:Introduction) ON (i.referrer_id)",
    "CREATE INDEX introduction_requester IF NOT EXISTS FOR (i:Introduction) ON (i.requester_id)",
    "CREATE INDEX introduction_created IF NOT EXISTS FOR (i:Introduction) ON (i.created_at)",
    "CREATE INDEX referral_ask_client IF NOT EXISTS FOR (a:ReferralAsk) ON (a.client_id)",
    "CREATE INDEX referral_ask_referrer IF NOT EXISTS FOR (a:ReferralAsk) ON (a.referrer_id)",
    "CREATE INDEX inquiry_created IF NOT EXISTS FOR (q:Inquiry) ON (q.created_at)",
    "CREATE FULLTEXT INDEX person_search IF NOT EXISTS FOR (p:Person) ON EACH [p.name, p.email]",
    "CREATE FULLTEXT INDEX company_search IF NOT EXISTS FOR (c:Company) ON EACH [c.name, c.domain]",
)


# Webhooks (graph/webhooks.py)
LABELS += ("Webhook", "WebhookDelivery")
STATEMENTS += (
    "CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (w:Webhook) REQUIRE w.id IS UNIQUE",
    "CREATE INDEX webhook_delivery_hook IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.webhook_id)",
)

# The event outbox (graph/outbox.py): events written with the change, delivered by a drainer
LABELS += ("OutboxEvent", "OutboxDelivery")
STATEMENTS += (
    "CREATE CONSTRAINT outbox_event_id IF NOT EXISTS FOR (e:OutboxEvent) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT outbox_delivery_id IF NOT EXISTS FOR (d:OutboxDelivery) REQUIRE d.id IS UNIQUE",
    "CREATE INDEX outbox_delivery_due IF NOT EXISTS FOR (d:OutboxDelivery) ON (d.state, d.due_at)",
)

# Web sign-ins and the sign-in throttle's counters (graph/users.py)
LABELS += ("WebUser", "SignInAttempts", "AuditEvent")
STATEMENTS += USER_SCHEMA
STATEMENTS += AUDIT_SCHEMA  # the audit trail, read newest first (graph/audit.py)

# Erasure (graph/erasure.py): tombstones, erasure records, their key hashes and the salt
LABELS += ("Erased", "Erasure", "ErasureKey", "ErasureSalt")
RELATIONSHIP_TYPES += ("KEY_OF",)
STATEMENTS += (
    "CREATE CONSTRAINT erasure_id IF NOT EXISTS FOR (e:Erasure) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT erasure_key_hash IF NOT EXISTS FOR (k:ErasureKey) REQUIRE k.hash IS UNIQUE",
    "CREATE CONSTRAINT erasure_salt_id IF NOT EXISTS FOR (s:ErasureSalt) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT erased_id IF NOT EXISTS FOR (t:Erased) REQUIRE t.id IS UNIQUE",
)

# Identity resolution (graph/identity.py): merged-away people found by their old id and keys
LABELS += ("MergedPerson", "IdentityMerge", "IdentityReview", "IdentityModel")
RELATIONSHIP_TYPES += ("SAME_AS",)
STATEMENTS += IDENTITY_SCHEMA
# ... and companies (graph/company_identity.py): merged-away companies found by id, domain, name
LABELS += ("MergedCompany", "CompanyMerge", "CompanyReview")
STATEMENTS += COMPANY_IDENTITY_SCHEMA

# Reminders (graph/reminders.py): MERGEd on their unique key, so ticks never raise one twice
LABELS += ("Reminder",)
STATEMENTS += REMINDER_SCHEMA

# State several app processes and machines share: rate buckets (graph/rate_limits.py) and
# the per-kind lock a job start takes (graph/jobs.py)
LABELS += ("RateBucket", "JobLock")
STATEMENTS += RATE_LIMIT_SCHEMA + JOB_LOCK_SCHEMA

# The team's ask templates, one per kind (graph/ask_templates.py)
LABELS += ("AskTemplate",)
STATEMENTS += ASK_TEMPLATE_SCHEMA

# The find page's interleaving experiment (graph/interleaving.py): impressions and their clicks
LABELS += ("Interleaving",)
STATEMENTS += INTERLEAVING_SCHEMA

# What the last imports of each source landed (graph/import_manifest.py), one node a source
LABELS += ("ImportManifest",)
STATEMENTS += ("CREATE CONSTRAINT import_manifest_key IF NOT EXISTS "
               "FOR (m:ImportManifest) REQUIRE m.key IS UNIQUE",)


NAMED = re.compile(r"^CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) IF NOT EXISTS")


def ensure_schema(graph: Graph) -> int:
    """Create what is missing; returns how many statements ran. Safe to call every start:
    two reads find what exists (every app process and test app calls this, and running
    all the statements took ~200 ms), then only the missing ones run."""
    present = {name for names in describe_schema(graph).values() for name in names}
    missing = [s for s in STATEMENTS if (m := NAMED.match(s)) is None or m.group(1) not in present]
    for statement in missing:
        try:
            graph.execute(statement)
        except (Neo4jError, ResultFailedError):  # the driver may report the refusal as the latter
            # gunicorn starts its workers at once and each app ensures the schema: another
            # process may have created this one between our read and our statement (Neo4j
            # then refuses ours though it says IF NOT EXISTS); only a rule still missing is
            # an error, else the worker would fail to boot and take the server down with it
            m = NAMED.match(statement)
            if m is None or m.group(1) not in {n for names in describe_schema(graph).values() for n in names}:
                raise
    if missing:
        graph.execute("CALL db.awaitIndexes(60)")
    # migration: clients stored before consent became sticky keep needing it
    mark_clients_consent_required(graph)
    return len(missing)


def describe_schema(graph: Graph) -> dict[str, list[str]]:
    constraints = [row["name"] for row in graph.query("SHOW CONSTRAINTS YIELD name RETURN name")]
    indexes = [row["name"] for row in graph.query("SHOW INDEXES YIELD name RETURN name")]
    return {"constraints": sorted(constraints), "indexes": sorted(indexes)}
