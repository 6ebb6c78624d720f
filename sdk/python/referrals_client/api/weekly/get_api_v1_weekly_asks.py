from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    owner: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    per_client: int | Unset = 2,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_owner: None | str | Unset
    if isinstance(owner, Unset):
        json_owner = UNSET
    else:
        json_owner = owner
    params["owner"] = json_owner

    params["limit"] = limit

    params["per_client"] = per_client

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/weekly-asks",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    owner: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    per_client: int | Unset = 2,
) -> Response[Any | Problem]:
    """The week's best referral asks across the owner's clients, with why now.

    Args:
        owner (None | str | Unset):
        limit (int | Unset):  Default: 20.
        per_client (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        owner=owner,
        limit=limit,
        per_client=per_client,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    owner: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    per_client: int | Unset = 2,
) -> Any | Problem | None:
    """The week's best referral asks across the owner's clients, with why now.

    Args:
        owner (None | str | Unset):
        limit (int | Unset):  Default: 20.
        per_client (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        owner=owner,
        limit=limit,
        per_client=per_client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    owner: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    per_client: int | Unset = 2,
) -> Response[Any | Problem]:
    """The week's best referral asks across the owner's clients, with why now.

    Args:
        owner (None | str | Unset):
        limit (int | Unset):  Default: 20.
        per_client (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        owner=owner,
        limit=limit,
        per_client=per_client,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    owner: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    per_client: int | Unset = 2,
) -> Any | Problem | None:
    """The week's best referral asks across the owner's clients, with why now.

    Args:
        owner (None | str | Unset):
        limit (int | Unset):  Default: 20.
        per_client (int | Unset):  Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            owner=owner,
            limit=limit,
            per_client=per_client,
        )
    ).parsed
