"""Limits hold across processes: a client cannot get N times its rate from N processes."""

import httpx

from tests.conftest import Actor
from tests.factories import API
from tests.faults.conftest import DiemcauServer
from tests.realtime.multiprocess.test_two_processes import started


async def test_login_failures_on_one_process_throttle_the_account_on_the_other(
    pair: list[DiemcauServer], https: list[httpx.AsyncClient], organizer: Actor
) -> None:
    for server in pair:
        server.env["DIEMCAU_LOGIN_FREE_FAILURES"] = "3"
    await started(pair, https)
    form = {"username": organizer.user.email, "password": "sai-mat-khau"}

    # Three free failures, spread over both processes (neither saw three itself).
    answers = [await https[n % 2].post(f"{API}/auth/token", data=form) for n in range(3)]
    fourth = await https[1].post(f"{API}/auth/token", data=form)

    assert [a.status_code for a in answers] == [401, 401, 401]
    assert fourth.status_code == 429
    assert fourth.json()["code"] == "auth.login_throttled"
    assert int(fourth.headers["Retry-After"]) >= 1


async def test_a_site_token_has_one_budget_across_processes(
    pair: list[DiemcauServer], https: list[httpx.AsyncClient]
) -> None:
    for server in pair:
        server.env["DIEMCAU_SITE_BURST"] = "4"
        server.env["DIEMCAU_SITE_RATE_PER_S"] = "0.01"
    await started(pair, https)
    headers = {"X-Site-Token": "mot-ma-khong-ton-tai"}

    answers = [(await https[n % 2].get(f"{API}/site", headers=headers)) for n in range(5)]

    assert [a.status_code for a in answers[:4]] == [401] * 4  # judged: unknown token
    assert answers[4].status_code == 429  # each process alone would have let it through
    assert answers[4].json()["code"] == "request.rate_limited"
