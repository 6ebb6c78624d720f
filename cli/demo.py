"""`referrals demo-info`: what a newcomer needs after `make demo` (URL, a key, examples)."""

from __future__ import annotations

import secrets

import click

from cli import common
from graph.keys import create_key, list_keys, revoke_key
from services.context import Context
from services.users import create_user

DEMO_KEY_NAME = "demo (make demo)"
DEMO_USERS = (("rep@demo.local", "rep", 0), ("am@demo.local", "account_manager", 1))


def demo_users(ctx: Context) -> list[tuple[str, str, str, str]]:
    """(email, role, person name, fresh password) for the demo sign-ins: the first rep
    finds intros, the second manages accounts. Each run sets new passwords."""
    reps = ctx.graph.query("MATCH (r:Rep) RETURN r.id AS id, r.name AS name ORDER BY r.id LIMIT 2")
    out = []
    for email, role, index in DEMO_USERS:
        if not reps:
            break
        rep = reps[min(index, len(reps) - 1)]
        password = "demo-" + secrets.token_urlsafe(9)
        create_user(ctx, email=email, password=password, role=role, person_id=rep["id"], replace=True)
        out.append((email, role, rep["name"], password))
    return out


@click.command("demo-info")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True, help="Where the app will listen.")
def demo_info(url: str) -> None:
    """Print the demo URL, a fresh demo admin key and example requests.

    Only a key's hash is stored, so each run replaces the previous demo key with a new one.
    """
    ctx = common.context()
    graph = ctx.graph
    try:
        for key in list_keys(graph):
            if key.get("name") == DEMO_KEY_NAME and not key.get("revoked_at"):
                revoke_key(graph, key["id"])
        _record, plaintext = create_key(graph, DEMO_KEY_NAME, "admin")
        sign_ins = demo_users(ctx)
        rows = graph.query("""
            MATCH (r:Rep) WITH r ORDER BY r.id LIMIT 1
            OPTIONAL MATCH (t:Person)-[:WORKS_AT {current: true}]->(c:Company {status: 'prospect'})
            WHERE c.icp_score >= 0.7 AND NOT coalesce(t.do_not_contact, false)
            WITH r, t, c ORDER BY c.icp_score DESC, t.id LIMIT 1
            OPTIONAL MATCH (cl:Company {status: 'client'}) WITH r, t, c, cl ORDER BY cl.icp_score DESC LIMIT 1
            RETURN r.id AS rep, r.name AS rep_name, t.id AS target, t.name AS target_name,
                   c.name AS company, cl.id AS client, cl.name AS client_name""")
    finally:
        graph.close()
    example = rows[0] if rows else {}
    click.echo("")
    click.echo(f"  Referral Network demo: {url}")
    for email, role, name, password in sign_ins:
        label = "rep" if role == "rep" else "account manager"
        click.echo(f"  Sign in as {label + ':':<17}{email} / {password}   ({name})")
    click.echo(f"  API docs:              {url}/api/docs")
    click.echo(f"  Demo admin API key:    {plaintext}")
    if example.get("rep") and example.get("target"):
        click.echo(f"\n  Who can introduce {example['rep_name']} to {example['target_name']} "
                   f"({example['company']})?")
        click.echo(f"    curl -H 'X-API-Key: {plaintext}' \\\n"
                   f"      '{url}/api/v1/referral-paths?target={example['target']}&from={example['rep']}'")
    if example.get("client"):
        click.echo(f"\n  Whom can {example['client_name']} introduce us to?")
        click.echo(f"    curl -H 'X-API-Key: {plaintext}' \\\n"
                   f"      '{url}/api/v1/clients/{example['client']}/referral-opportunities'")
    click.echo("")
