from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.prospect_consent_in import ProspectConsentIn
from ...types import Response


def _get_kwargs(
    intro_id: str,
    *,
    body: ProspectConsentIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/introductions/{intro_id}/prospect-consent".format(
            intro_id=quote(str(intro_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem:
    if response.status_code == 201:
        response_201 = cast(Any, None)
        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    intro_id: str,
    *,
    client: AuthenticatedClient,
    body: ProspectConsentIn,
) -> Response[Any | Problem]:
    """Double opt-in: record the prospect's yes or no (when, through which channel)
    while the introduction is asked or accepted. `introduced` is refused (409
    `prospect_consent_required`) until they said yes; a no closes the introduction
    as declined with the reason. 409 `consent_not_expected` in any other status.

    Args:
        intro_id (str):
        body (ProspectConsentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        intro_id=intro_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    intro_id: str,
    *,
    client: AuthenticatedClient,
    body: ProspectConsentIn,
) -> Any | Problem | None:
    """Double opt-in: record the prospect's yes or no (when, through which channel)
    while the introduction is asked or accepted. `introduced` is refused (409
    `prospect_consent_required`) until they said yes; a no closes the introduction
    as declined with the reason. 409 `consent_not_expected` in any other status.

    Args:
        intro_id (str):
        body (ProspectConsentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        intro_id=intro_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    intro_id: str,
    *,
    client: AuthenticatedClient,
    body: ProspectConsentIn,
) -> Response[Any | Problem]:
    """Double opt-in: record the prospect's yes or no (when, through which channel)
    while the introduction is asked or accepted. `introduced` is refused (409
    `prospect_consent_required`) until they said yes; a no closes the introduction
    as declined with the reason. 409 `consent_not_expected` in any other status.

    Args:
        intro_id (str):
        body (ProspectConsentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        intro_id=intro_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    intro_id: str,
    *,
    client: AuthenticatedClient,
    body: ProspectConsentIn,
) -> Any | Problem | None:
    """Double opt-in: record the prospect's yes or no (when, through which channel)
    while the introduction is asked or accepted. `introduced` is refused (409
    `prospect_consent_required`) until they said yes; a no closes the introduction
    as declined with the reason. 409 `consent_not_expected` in any other status.

    Args:
        intro_id (str):
        body (ProspectConsentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            intro_id=intro_id,
            client=client,
            body=body,
        )
    ).parsed
