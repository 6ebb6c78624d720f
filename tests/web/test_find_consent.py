"""Find an intro with a client that has not opted in: counts-only in the page, and the
request is refused server-side (a forged form cannot ask a hidden person)."""

from __future__ import annotations

import pytest

from tests.web.test_web_security import csrf_token, sign_in

pytestmark = pytest.mark.neo4j


def test_counts_only_path_cannot_be_requested(client, people):  # noqa: F811
    people.execute("MATCH (c:Company {id: 'c-acme'}) SET c.connector_consent = 'not_asked'")
    sign_in(client)
    html = client.get("/?target=p-evil&from=p-rep").get_data(as_text=True)
    assert "counts-only" in html and "Carl Client" not in html and "p-ref," not in html
    assert "Needs the client" in html
    token = csrf_token(client, "/?target=p-evil")
    for path in ("p-rep,p-ref,p-evil", "p-rep,hidden-1-1,p-evil"):
        response = client.post("/introductions", data={"path": path, "csrf_token": token})
        assert response.status_code == 302
        assert "/introductions/i-" not in response.headers["Location"]
    assert people.query("MATCH (i:Introduction) RETURN count(i) AS n")[0]["n"] == 0
    # once Acme opts in, the names show and the request goes through
    people.execute("MATCH (c:Company {id: 'c-acme'}) SET c.connector_consent = 'opted_in'")
    html = client.get("/?target=p-evil&from=p-rep").get_data(as_text=True)
    assert "Carl Client" in html and "Weakest link" in html and "Confidence" in html
    response = client.post("/introductions", data={"path": "p-rep,p-ref,p-evil", "csrf_token": token})
    assert "/introductions/i-" in response.headers["Location"]
