from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.confirmation_in import ConfirmationIn
from ...models.confirmation_out import ConfirmationOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    a: str,
    b: str,
    *,
    body: ConfirmationIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/relationships/{a}/{b}/confirmation".format(
            a=quote(str(a), safe=""),
            b=quote(str(b), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConfirmationOut | Problem:
    if response.status_code == 200:
        response_200 = ConfirmationOut.from_dict(response.json())

        return response_200

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConfirmationOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    a: str,
    b: str,
    *,
    client: AuthenticatedClient,
    body: ConfirmationIn,
) -> Response[ConfirmationOut | Problem]:
    """A person's word on their own tie: confirm (optionally with a strength), correct (a
    strength), or hide it. Confirmed strengths take precedence in ranking; hidden ties
    are never used.

    Args:
        a (str):
        b (str):
        body (ConfirmationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfirmationOut | Problem]
    """

    kwargs = _get_kwargs(
        a=a,
        b=b,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    a: str,
    b: str,
    *,
    client: AuthenticatedClient,
    body: ConfirmationIn,
) -> ConfirmationOut | Problem | None:
    """A person's word on their own tie: confirm (optionally with a strength), correct (a
    strength), or hide it. Confirmed strengths take precedence in ranking; hidden ties
    are never used.

    Args:
        a (str):
        b (str):
        body (ConfirmationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfirmationOut | Problem
    """

    return sync_detailed(
        a=a,
        b=b,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    a: str,
    b: str,
    *,
    client: AuthenticatedClient,
    body: ConfirmationIn,
) -> Response[ConfirmationOut | Problem]:
    """A person's word on their own tie: confirm (optionally with a strength), correct (a
    strength), or hide it. Confirmed strengths take precedence in ranking; hidden ties
    are never used.

    Args:
        a (str):
        b (str):
        body (ConfirmationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfirmationOut | Problem]
    """

    kwargs = _get_kwargs(
        a=a,
        b=b,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    a: str,
    b: str,
    *,
    client: AuthenticatedClient,
    body: ConfirmationIn,
) -> ConfirmationOut | Problem | None:
    """A person's word on their own tie: confirm (optionally with a strength), correct (a
    strength), or hide it. Confirmed strengths take precedence in ranking; hidden ties
    are never used.

    Args:
        a (str):
        b (str):
        body (ConfirmationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfirmationOut | Problem
    """

    return (
        await asyncio_detailed(
            a=a,
            b=b,
            client=client,
            body=body,
        )
    ).parsed
