"""Values kept in the shared cache under a generation that a write moves on (koers.core.derived)."""

from django.db import transaction

from koers.core import derived


def counter():
    calls = []

    def compute():
        calls.append(len(calls) + 1)
        return f"waarde {len(calls)}"

    return compute, calls


def test_a_value_is_worked_out_once_per_generation():
    compute, calls = counter()
    assert derived.remember("proef", "a", compute) == "waarde 1"
    assert derived.remember("proef", "a", compute) == "waarde 1"
    assert derived.remember("proef", "b", compute) == "waarde 2"
    assert calls == [1, 2]


def test_a_write_makes_the_next_read_work_it_out_again(db):
    compute, calls = counter()
    derived.remember("proef", "a", compute)
    derived.changed("ander")  # another topic leaves this one alone
    assert derived.remember("proef", "a", compute) == "waarde 1"
    derived.changed("proef")
    assert derived.remember("proef", "a", compute) == "waarde 2"
    assert calls == [1, 2]


def test_a_value_worked_out_during_a_write_is_not_used_after_its_commit(
    transactional_db, django_capture_on_commit_callbacks
):
    compute, calls = counter()
    with transaction.atomic():
        derived.changed("proef")
        during = derived.generation("proef")
        # Another reader, before the commit, keeps what it saw then.
        assert derived.remember("proef", "a", compute) == "waarde 1"
    assert derived.generation("proef") != during
    assert derived.remember("proef", "a", compute) == "waarde 2"
    assert calls == [1, 2]
