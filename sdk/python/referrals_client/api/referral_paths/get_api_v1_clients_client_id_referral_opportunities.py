from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.opportunities_out import OpportunitiesOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    client_id: str,
    *,
    limit: int | Unset = 20,
    max_hops: int | Unset = 2,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["max_hops"] = max_hops

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/clients/{client_id}/referral-opportunities".format(
            client_id=quote(str(client_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OpportunitiesOut | Problem:
    if response.status_code == 200:
        response_200 = OpportunitiesOut.from_dict(response.json())

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
) -> Response[OpportunitiesOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    client_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    max_hops: int | Unset = 2,
) -> Response[OpportunitiesOut | Problem]:
    """For an account manager: prospects this client's people can reach, best first.

    Args:
        client_id (str):
        limit (int | Unset):  Default: 20.
        max_hops (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpportunitiesOut | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        limit=limit,
        max_hops=max_hops,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    client_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    max_hops: int | Unset = 2,
) -> OpportunitiesOut | Problem | None:
    """For an account manager: prospects this client's people can reach, best first.

    Args:
        client_id (str):
        limit (int | Unset):  Default: 20.
        max_hops (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpportunitiesOut | Problem
    """

    return sync_detailed(
        client_id=client_id,
        client=client,
        limit=limit,
        max_hops=max_hops,
    ).parsed


async def asyncio_detailed(
    client_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    max_hops: int | Unset = 2,
) -> Response[OpportunitiesOut | Problem]:
    """For an account manager: prospects this client's people can reach, best first.

    Args:
        client_id (str):
        limit (int | Unset):  Default: 20.
        max_hops (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpportunitiesOut | Problem]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        limit=limit,
        max_hops=max_hops,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    client_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    max_hops: int | Unset = 2,
) -> OpportunitiesOut | Problem | None:
    """For an account manager: prospects this client's people can reach, best first.

    Args:
        client_id (str):
        limit (int | Unset):  Default: 20.
        max_hops (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpportunitiesOut | Problem
    """

    return (
        await asyncio_detailed(
            client_id=client_id,
            client=client,
            limit=limit,
            max_hops=max_hops,
        )
    ).parsed
