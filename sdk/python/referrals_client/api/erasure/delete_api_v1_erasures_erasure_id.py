from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.erasure_out import ErasureOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    erasure_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/erasures/{erasure_id}".format(
            erasure_id=quote(str(erasure_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErasureOut | Problem:
    if response.status_code == 200:
        response_200 = ErasureOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[ErasureOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    erasure_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErasureOut | Problem]:
    """Lift the erasure: later imports and POST /people may create the person again
    (nothing erased comes back).

    Args:
        erasure_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureOut | Problem]
    """

    kwargs = _get_kwargs(
        erasure_id=erasure_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    erasure_id: str,
    *,
    client: AuthenticatedClient,
) -> ErasureOut | Problem | None:
    """Lift the erasure: later imports and POST /people may create the person again
    (nothing erased comes back).

    Args:
        erasure_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureOut | Problem
    """

    return sync_detailed(
        erasure_id=erasure_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    erasure_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErasureOut | Problem]:
    """Lift the erasure: later imports and POST /people may create the person again
    (nothing erased comes back).

    Args:
        erasure_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureOut | Problem]
    """

    kwargs = _get_kwargs(
        erasure_id=erasure_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    erasure_id: str,
    *,
    client: AuthenticatedClient,
) -> ErasureOut | Problem | None:
    """Lift the erasure: later imports and POST /people may create the person again
    (nothing erased comes back).

    Args:
        erasure_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureOut | Problem
    """

    return (
        await asyncio_detailed(
            erasure_id=erasure_id,
            client=client,
        )
    ).parsed
