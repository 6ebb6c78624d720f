"""`referrals demo-info`: what a newcomer needs after `make demo` (URL, a key, examples)."""

from __future__ import annotations

import click

from cli import common
from services import demo


@click.command("demo-info")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True, help="Where the app will listen.")
def demo_info(url: str) -> None:
    """Print the demo URL, a fresh demo admin key and example requests.

    Only a key's hash is stored, so each run replaces the previous demo key with a new one.
    """
    ctx = common.context()
    try:
        prepared = demo.prepare(ctx)
    finally:
        ctx.graph.close()
    plaintext, sign_ins, example = prepared["key"], prepared["sign_ins"], prepared["example"]
    click.echo("")
    click.echo(f"  Referral Network demo: {url}")
    for email, role, name, password in sign_ins:
        label = role.replace("_", " ")
        click.echo(f"  Sign in as {label + ':':<17}{email} / {password}   ({name})")
    click.echo(f"  API docs:              {url}/api/docs")
    central = prepared.get("centrality") or {}
    if central.get("computed_at"):
        click.echo(f"  Centrality:            computed {central['computed_at']:%Y-%m-%d %H:%M} UTC "
                   f"({'just now' if central.get('ran') else central.get('reason')})")
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
