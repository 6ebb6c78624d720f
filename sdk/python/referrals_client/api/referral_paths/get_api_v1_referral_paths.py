from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paths_out import PathsOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    target: str,
    from_: str | Unset = UNSET,
    max_hops: int | Unset = 3,
    limit: int | Unset = 10,
    per_referrer: int | Unset = 1,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["target"] = target

    params["from"] = from_

    params["max_hops"] = max_hops

    params["limit"] = limit

    params["per_referrer"] = per_referrer

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/referral-paths",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PathsOut | Problem:
    if response.status_code == 200:
        response_200 = PathsOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PathsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    target: str,
    from_: str | Unset = UNSET,
    max_hops: int | Unset = 3,
    limit: int | Unset = 10,
    per_referrer: int | Unset = 1,
) -> Response[PathsOut | Problem]:
    """Ranked warm paths from the asking rep (or every rep) to a person or a company.

     Each path runs source -> ... -> referrer -> target over real KNOWS ties, at most
    `max_hops` long, with no do-not-contact person and no repeated person; by default one
    path per referrer. `explanation.terms` holds every factor of the score;
    `explanation.weakest_link`, `.tier` and `.confidence` explain it in short, and
    `runner_up` says why the best path not shown (or shown counts-only) lost. A path through
    a client that has not opted in (PUT /companies/{id}/consent) is counts-only.
    The order is the ranking's own, best score first: the find page's interleaving
    experiment (docs/ranking.md) never applies here.

    Args:
        target (str):
        from_ (str | Unset):
        max_hops (int | Unset):  Default: 3.
        limit (int | Unset):  Default: 10.
        per_referrer (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PathsOut | Problem]
    """

    kwargs = _get_kwargs(
        target=target,
        from_=from_,
        max_hops=max_hops,
        limit=limit,
        per_referrer=per_referrer,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    target: str,
    from_: str | Unset = UNSET,
    max_hops: int | Unset = 3,
    limit: int | Unset = 10,
    per_referrer: int | Unset = 1,
) -> PathsOut | Problem | None:
    """Ranked warm paths from the asking rep (or every rep) to a person or a company.

     Each path runs source -> ... -> referrer -> target over real KNOWS ties, at most
    `max_hops` long, with no do-not-contact person and no repeated person; by default one
    path per referrer. `explanation.terms` holds every factor of the score;
    `explanation.weakest_link`, `.tier` and `.confidence` explain it in short, and
    `runner_up` says why the best path not shown (or shown counts-only) lost. A path through
    a client that has not opted in (PUT /companies/{id}/consent) is counts-only.
    The order is the ranking's own, best score first: the find page's interleaving
    experiment (docs/ranking.md) never applies here.

    Args:
        target (str):
        from_ (str | Unset):
        max_hops (int | Unset):  Default: 3.
        limit (int | Unset):  Default: 10.
        per_referrer (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PathsOut | Problem
    """

    return sync_detailed(
        client=client,
        target=target,
        from_=from_,
        max_hops=max_hops,
        limit=limit,
        per_referrer=per_referrer,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    target: str,
    from_: str | Unset = UNSET,
    max_hops: int | Unset = 3,
    limit: int | Unset = 10,
    per_referrer: int | Unset = 1,
) -> Response[PathsOut | Problem]:
    """Ranked warm paths from the asking rep (or every rep) to a person or a company.

     Each path runs source -> ... -> referrer -> target over real KNOWS ties, at most
    `max_hops` long, with no do-not-contact person and no repeated person; by default one
    path per referrer. `explanation.terms` holds every factor of the score;
    `explanation.weakest_link`, `.tier` and `.confidence` explain it in short, and
    `runner_up` says why the best path not shown (or shown counts-only) lost. A path through
    a client that has not opted in (PUT /companies/{id}/consent) is counts-only.
    The order is the ranking's own, best score first: the find page's interleaving
    experiment (docs/ranking.md) never applies here.

    Args:
        target (str):
        from_ (str | Unset):
        max_hops (int | Unset):  Default: 3.
        limit (int | Unset):  Default: 10.
        per_referrer (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PathsOut | Problem]
    """

    kwargs = _get_kwargs(
        target=target,
        from_=from_,
        max_hops=max_hops,
        limit=limit,
        per_referrer=per_referrer,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    target: str,
    from_: str | Unset = UNSET,
    max_hops: int | Unset = 3,
    limit: int | Unset = 10,
    per_referrer: int | Unset = 1,
) -> PathsOut | Problem | None:
    """Ranked warm paths from the asking rep (or every rep) to a person or a company.

     Each path runs source -> ... -> referrer -> target over real KNOWS ties, at most
    `max_hops` long, with no do-not-contact person and no repeated person; by default one
    path per referrer. `explanation.terms` holds every factor of the score;
    `explanation.weakest_link`, `.tier` and `.confidence` explain it in short, and
    `runner_up` says why the best path not shown (or shown counts-only) lost. A path through
    a client that has not opted in (PUT /companies/{id}/consent) is counts-only.
    The order is the ranking's own, best score first: the find page's interleaving
    experiment (docs/ranking.md) never applies here.

    Args:
        target (str):
        from_ (str | Unset):
        max_hops (int | Unset):  Default: 3.
        limit (int | Unset):  Default: 10.
        per_referrer (int | Unset):  Default: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PathsOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            target=target,
            from_=from_,
            max_hops=max_hops,
            limit=limit,
            per_referrer=per_referrer,
        )
    ).parsed
