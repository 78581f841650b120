"""Masking helpers and the ``portal`` template filters."""

import pytest
from django.template import Context, Template

from siportal.core.masking import mask_id, mask_name, mask_phone


def test_mask_id():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("H1234567801") == "H12345*7801"
    assert mask_id("12345678") == "12****78"
    assert mask_id("1234") == "****"


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values(empty):
    assert mask_id(empty) == mask_phone(empty) == mask_name(empty) == ""


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(13812345678) == "138****5678"


def test_mask_name():
    assert mask_name("张") == "张"
    assert mask_name("张三") == "张*"
    assert mask_name("张小明") == "张*明"
    assert mask_name("欧阳小明") == "欧阳*明"
    assert mask_name("王小二明") == "王**明"


def test_template_filters():
    template = Template(
        "{% load portal %}{{ id|mask_id }} {{ phone|mask_phone }} {{ name|mask_name }} {{ m|month }}"
    )
    rendered = template.render(
        Context({"id": "11010519491231002X", "phone": "13812345678", "name": "张小明", "m": "202405"})
    )
    assert rendered == "110105********002X 138****5678 张*明 2024年05月"
