"""The cyclic collector is paused only for the duration of a big import, and restored after."""

from __future__ import annotations

import gc

import pytest

from apps.core.bulk import cyclic_gc_paused


def test_the_collector_is_paused_then_restored_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
