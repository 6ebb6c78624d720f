from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.interleaving_out import InterleavingOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    days: int | None | Unset = UNSET,
    confidence: float | Unset = 0.95,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_days: int | None | Unset
    if isinstance(days, Unset):
        json_days = UNSET
    else:
        json_days = days
    params["days"] = json_days

    params["confidence"] = confidence

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/insights/interleaving",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> InterleavingOut | Problem:
    if response.status_code == 200:
        response_200 = InterleavingOut.from_dict(response.json())

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
) -> Response[InterleavingOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    days: int | None | Unset = UNSET,
    confidence: float | Unset = 0.95,
) -> Response[InterleavingOut | Problem]:
    """Which ranking reps request introductions from: hand-set or learned.

    Args:
        days (int | None | Unset):
        confidence (float | Unset):  Default: 0.95.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InterleavingOut | Problem]
    """

    kwargs = _get_kwargs(
        days=days,
        confidence=confidence,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    days: int | None | Unset = UNSET,
    confidence: float | Unset = 0.95,
) -> InterleavingOut | Problem | None:
    """Which ranking reps request introductions from: hand-set or learned.

    Args:
        days (int | None | Unset):
        confidence (float | Unset):  Default: 0.95.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InterleavingOut | Problem
    """

    return sync_detailed(
        client=client,
        days=days,
        confidence=confidence,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    days: int | None | Unset = UNSET,
    confidence: float | Unset = 0.95,
) -> Response[InterleavingOut | Problem]:
    """Which ranking reps request introductions from: hand-set or learned.

    Args:
        days (int | None | Unset):
        confidence (float | Unset):  Default: 0.95.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InterleavingOut | Problem]
    """

    kwargs = _get_kwargs(
        days=days,
        confidence=confidence,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    days: int | None | Unset = UNSET,
    confidence: float | Unset = 0.95,
) -> InterleavingOut | Problem | None:
    """Which ranking reps request introductions from: hand-set or learned.

    Args:
        days (int | None | Unset):
        confidence (float | Unset):  Default: 0.95.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InterleavingOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            days=days,
            confidence=confidence,
        )
    ).parsed
