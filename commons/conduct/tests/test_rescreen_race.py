"""Two re-screenings started at the same moment, in real concurrent transactions (PostgreSQL)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from commons.conduct import rescreen
from commons.conduct.models import ScreeningRun

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_run(monkeypatch):
    first_inside = threading.Event()
    second_starting = threading.Event()
    real_record = rescreen.record

    def record(actor, verb, target=None, data=None):
        # The first start has checked that no run is going and created its own, and has not
        # committed yet; it waits here while the second start begins its own check.
        if threading.current_thread().name == "first":
            first_inside.set()
            second_starting.wait(timeout=10)
            time.sleep(0.5)
        return real_record(actor, verb, target, data)

    monkeypatch.setattr(rescreen, "record", record)
    outcomes, errors = {}, []

    def start(name):
        try:
            if name == "second":
                first_inside.wait(timeout=10)
                second_starting.set()
            outcomes[name] = rescreen.create_run(actor=None, days=7).pk
        except ValidationError as error:
            outcomes[name] = error.messages[0]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(n,), name=n) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert ScreeningRun.objects.count() == 1
    assert outcomes["first"] == ScreeningRun.objects.get().pk
    assert outcomes["second"] == "A re-screening is already running; wait for it to finish."
