"""The shape of the workflow kernel: layers import one way, no kernel code or shared template knows a kind's code,
and a kind cannot silently replace another."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from reviews import registry

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["siportal/core", "accounts", "reviews", "enrollment", "contributions"]
KERNEL_DIRS = ["reviews", "siportal/core", "accounts"]
SHARED_TEMPLATES = ["templates/reviews", "templates/admin", "templates/includes", "templates/base.html"]


def _sources(top: str):
    for path in sorted((ROOT / top).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_tops(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops.add(node.module.split(".")[0])
    return tops


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_a_layer_imports_nothing_above_it(layer):
    above = {name.split("/")[0] for name in LAYERS[LAYERS.index(layer) + 1:]}
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(_imported_tops(path) & above)}"
                 for path in _sources(layer) if _imported_tops(path) & above]
    assert offenders == []


def _kind_codes() -> set[str]:
    import django.apps  # noqa: F401  (kinds are registered by the apps' ready())

    return {kind.code for kind in registry.all_kinds()}


def test_no_kernel_code_or_shared_template_names_a_kind():
    codes = _kind_codes()
    assert codes, "no kind registered"
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(codes))) + r")\b")
    files = [p for top in KERNEL_DIRS for p in _sources(top)]
    for place in SHARED_TEMPLATES:
        target = ROOT / place
        files += [target] if target.is_file() else sorted(target.rglob("*.html"))
    offenders = [f"{path.relative_to(ROOT)}: {m.group(0)}" for path in files
                 for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_register_refuses_a_second_kind_with_the_same_code():
    existing = registry.all_kinds()[0]
    clone = registry.Kind(code=existing.code, label="冒名业务", hall=existing.hall, apply=lambda s: None)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        registry.register(clone)
    assert registry.get_kind(existing.code) is existing
