"""A bare kind for kernel tests: no lines, an ``apply`` that records its calls, auto-approval on demand."""

import pytest

from reviews import registry
from reviews.services import submission_create, submission_transition


class Effects:
    def __init__(self):
        self.applied = []
        self.auto = False


@pytest.fixture
def effects():
    return Effects()


@pytest.fixture
def test_kind(effects):
    kind = registry.register(registry.Kind(
        code="test_kind", label="测试业务", hall="unit",
        apply=lambda s: effects.applied.append(s.pk),
        auto_approves=lambda s: effects.auto, vip_auto_approval=True,
    ), replace=True)
    yield kind
    registry._KINDS.pop("test_kind", None)


@pytest.fixture
def make_submission(test_kind, agent, district_reviewer):
    """Build a test-kind submission in a given state by walking it through the service, never by assignment."""

    paths = {
        "draft": [],
        "submitted": [("submit", "agent")],
        "in_review": [("submit", "agent"), ("take", "reviewer")],
        "done": [("submit", "agent"), ("take", "reviewer"), ("approve", "reviewer")],
        "returned": [("submit", "agent"), ("take", "reviewer"), ("return", "reviewer")],
        "cancelled": [("withdraw", "agent")],
    }

    def make(state="draft"):
        submission, _ = submission_create(kind="test_kind", by=agent, unit=agent.unit)
        for action, who in paths[state]:
            by = agent if who == "agent" else district_reviewer
            submission = submission_transition(submission_id=submission.pk, action=action, by=by,
                                               reason="材料不全" if action == "return" else "")
        assert submission.state == state
        return submission

    return make
