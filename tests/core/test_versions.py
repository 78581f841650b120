"""``siportal.core.versions``: a value computed once is served until a scope it was computed from is bumped
(``cached``, and ``cached_one_trip``, which reads the value and the tokens in one round trip)."""

import pytest

from siportal.core import versions


@pytest.fixture(autouse=True)
def _on(settings):
    settings.DATA_VERSIONS = True


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [versions.cached, versions.cached_one_trip])
def test_a_value_is_computed_again_only_after_its_scope_changes(cached):
    computed = []

    def compute(label):
        def run():
            computed.append(label)
            return f"{label}{len(computed)}"
        return run

    assert cached(["t:a", "t:b"], "k", compute("ab")) == "ab1"
    assert cached(["t:a", "t:b"], "k", compute("ab")) == "ab1"
    assert cached(["t:c"], "k2", compute("c")) == "c2"
    versions.bump("t:b")
    assert cached(["t:a", "t:b"], "k", compute("ab")) == "ab3"
    assert cached(["t:a", "t:b"], "k", compute("ab")) == "ab3"
    assert cached(["t:c"], "k2", compute("c")) == "c2"  # another scope: kept
    versions.forget_all()
    assert cached(["t:c"], "k2", compute("c")) == "c4"
    assert computed == ["ab", "c", "ab", "c"]


@pytest.mark.django_db
def test_without_data_versions_every_call_computes(settings):
    settings.DATA_VERSIONS = False
    calls = []
    for _ in range(2):
        versions.cached_one_trip(["t:a"], "k", lambda: calls.append(1))
    assert len(calls) == 2
