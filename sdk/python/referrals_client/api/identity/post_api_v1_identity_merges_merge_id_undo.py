from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.undo_out import UndoOut
from ...types import Response


def _get_kwargs(
    merge_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/identity/merges/{merge_id}/undo".format(
            merge_id=quote(str(merge_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | UndoOut:
    if response.status_code == 200:
        response_200 = UndoOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | UndoOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    merge_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | UndoOut]:
    """Undo a merge (a person's, or a company's: ids mc-...): both as they were, with their
    relationships; later runs keep them apart.

    Args:
        merge_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UndoOut]
    """

    kwargs = _get_kwargs(
        merge_id=merge_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    merge_id: str,
    *,
    client: AuthenticatedClient,
) -> Problem | UndoOut | None:
    """Undo a merge (a person's, or a company's: ids mc-...): both as they were, with their
    relationships; later runs keep them apart.

    Args:
        merge_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UndoOut
    """

    return sync_detailed(
        merge_id=merge_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    merge_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | UndoOut]:
    """Undo a merge (a person's, or a company's: ids mc-...): both as they were, with their
    relationships; later runs keep them apart.

    Args:
        merge_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UndoOut]
    """

    kwargs = _get_kwargs(
        merge_id=merge_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    merge_id: str,
    *,
    client: AuthenticatedClient,
) -> Problem | UndoOut | None:
    """Undo a merge (a person's, or a company's: ids mc-...): both as they were, with their
    relationships; later runs keep them apart.

    Args:
        merge_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UndoOut
    """

    return (
        await asyncio_detailed(
            merge_id=merge_id,
            client=client,
        )
    ).parsed
