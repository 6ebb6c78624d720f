import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    stale_after_days: int | None | Unset = UNSET,
    one_way_touches: int | None | Unset = UNSET,
    requester_id: None | str | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_stale_after_days: int | None | Unset
    if isinstance(stale_after_days, Unset):
        json_stale_after_days = UNSET
    else:
        json_stale_after_days = stale_after_days
    params["stale_after_days"] = json_stale_after_days

    json_one_way_touches: int | None | Unset
    if isinstance(one_way_touches, Unset):
        json_one_way_touches = UNSET
    else:
        json_one_way_touches = one_way_touches
    params["one_way_touches"] = json_one_way_touches

    json_requester_id: None | str | Unset
    if isinstance(requester_id, Unset):
        json_requester_id = UNSET
    else:
        json_requester_id = requester_id
    params["requester_id"] = json_requester_id

    json_as_of: None | str | Unset
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.datetime):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/pipeline/review",
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
    stale_after_days: int | None | Unset = UNSET,
    one_way_touches: int | None | Unset = UNSET,
    requester_id: None | str | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """The weekly review of every introduction (or one requester's).

    Args:
        stale_after_days (int | None | Unset):
        one_way_touches (int | None | Unset):
        requester_id (None | str | Unset):
        as_of (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        stale_after_days=stale_after_days,
        one_way_touches=one_way_touches,
        requester_id=requester_id,
        as_of=as_of,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    stale_after_days: int | None | Unset = UNSET,
    one_way_touches: int | None | Unset = UNSET,
    requester_id: None | str | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> Any | Problem | None:
    """The weekly review of every introduction (or one requester's).

    Args:
        stale_after_days (int | None | Unset):
        one_way_touches (int | None | Unset):
        requester_id (None | str | Unset):
        as_of (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        stale_after_days=stale_after_days,
        one_way_touches=one_way_touches,
        requester_id=requester_id,
        as_of=as_of,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    stale_after_days: int | None | Unset = UNSET,
    one_way_touches: int | None | Unset = UNSET,
    requester_id: None | str | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """The weekly review of every introduction (or one requester's).

    Args:
        stale_after_days (int | None | Unset):
        one_way_touches (int | None | Unset):
        requester_id (None | str | Unset):
        as_of (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        stale_after_days=stale_after_days,
        one_way_touches=one_way_touches,
        requester_id=requester_id,
        as_of=as_of,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    stale_after_days: int | None | Unset = UNSET,
    one_way_touches: int | None | Unset = UNSET,
    requester_id: None | str | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> Any | Problem | None:
    """The weekly review of every introduction (or one requester's).

    Args:
        stale_after_days (int | None | Unset):
        one_way_touches (int | None | Unset):
        requester_id (None | str | Unset):
        as_of (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            stale_after_days=stale_after_days,
            one_way_touches=one_way_touches,
            requester_id=requester_id,
            as_of=as_of,
        )
    ).parsed
