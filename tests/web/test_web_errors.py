"""Domain errors a view does not handle itself are mapped once, in web/errors.py."""

from __future__ import annotations

import pytest

from referrals.errors import Conflict, Forbidden, NotFound
from tests.web.test_web_security import sign_in
from web import clients as client_pages

pytestmark = pytest.mark.neo4j


@pytest.mark.parametrize(("error", "status", "text"), [
    (NotFound("No company has the id 'c-x'."), 404, "There is nothing at this address."),
    (Forbidden("Only the account's manager may open it."), 403,
     "Only the account&#39;s manager may open it."),  # the use case's own words
    (Conflict("The client asked not to be contacted this month."), 409,
     "The client asked not to be contacted this month."),
])
def test_a_domain_error_becomes_a_page(client, people, monkeypatch, error, status, text):
    def refuse(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(client_pages.client_cases, "page", refuse)
    sign_in(client)
    response = client.get("/clients/c-acme")
    html = response.get_data(as_text=True)
    assert response.status_code == status and text in html
    assert "Traceback" not in html
