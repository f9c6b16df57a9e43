"""The heap's thresholds are set once per process, and never break a search."""

from __future__ import annotations

import ctypes
import platform

import pytest

from indexer import heap


def test_thresholds_are_set_once_and_kept():
    first = heap.keep_freed_memory()
    assert heap.keep_freed_memory() is first


@pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="the thresholds are glibc's"
)
def test_glibc_takes_the_thresholds():
    assert heap.keep_freed_memory() is True


def test_without_mallopt_the_heap_is_left_alone(monkeypatch):
    """A C library without glibc's ``mallopt`` (musl, macOS) is no error."""

    class NoGlibc:
        def __getattr__(self, name):
            raise AttributeError(name)

    monkeypatch.setattr(ctypes, "CDLL", lambda name: NoGlibc())
    assert heap._set_thresholds() is False


def test_threads_share_one_arena(monkeypatch):
    """A worker's threads allocate from one arena (``M_ARENA_MAX``), so the
    memory one frees is there for the others."""
    calls = []

    class Glibc:
        mallopt = _Recording(calls)

        def gnu_get_libc_version(self):
            return b"2.36"

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Glibc())
    assert heap._set_thresholds() is True
    assert (heap.M_ARENA_MAX, 1) in calls


class _Recording:
    """A stand-in for a C function (``argtypes`` may be set on it): records
    its arguments, returns 1."""

    def __init__(self, calls):
        self.calls = calls

    def __call__(self, *args):
        self.calls.append(args)
        return 1


def test_a_service_searches_with_the_thresholds_set(service):
    assert heap.keep_freed_memory() in (True, False)
    assert service.search("gout").results
