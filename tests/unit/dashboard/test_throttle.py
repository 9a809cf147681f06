"""Login throttling: waits double per username and per address, capped, never a lock."""

from services.dashboard.domain.throttle import AuditBudget, LoginThrottle


def test_waits_double_after_the_free_attempts_and_stop_at_the_cap() -> None:
    throttle = LoginThrottle(account_free=3, account_max_s=8, address_free=100)
    waits = []
    for n in range(7):
        waits.append(throttle.wait(address="a", username="kim", now=n * 100.0))
        throttle.failed(address="a", username="kim", now=n * 100.0)
    assert waits == [0, 0, 0, 0, 0, 0, 0]  # 100 s apart: every wait has passed
    now = 600.0
    assert throttle.wait(address="a", username="kim", now=now) == 8.0  # 7 failures: 2**4 = 16, capped at 8
    assert throttle.wait(address="a", username="kim", now=now + 8) == 0  # never locked: the wait ends
    assert throttle.wait(address="b", username="anna", now=now) == 0  # others unaffected


def test_an_address_guessing_many_names_waits_and_success_clears() -> None:
    throttle = LoginThrottle(account_free=100, address_free=2, address_max_s=900)
    for n, name in enumerate(["a", "b", "c"]):
        throttle.failed(address="x", username=name, now=float(n))
    assert throttle.wait(address="x", username="new-name", now=2.0) == 2.0
    throttle.succeeded(address="x", username="c")
    assert throttle.wait(address="x", username="new-name", now=2.0) == 0


def test_the_audit_budget_takes_so_many_refusals_a_window_and_says_how_many_it_left_out() -> None:
    budget = AuditBudget(per_window=3, window_s=60)
    taken = [budget.take(float(n)) for n in range(5)]
    assert taken == [0, 0, 0, None, None]  # a flood: the log takes three, the rest only go to the process log
    assert budget.take(59.0) is None
    assert budget.take(60.0) == 3  # next window: the first one written says three were left out
    assert budget.take(61.0) == 0
