"""Form defaults of the whole portal: every select's empty choice reads 请选择, and month inputs show this month
as their example.

``PortalFormRenderer`` is ``FORM_RENDERER``: every form (halls, registration, admin) renders through it, so a new
form needs nothing to get the Chinese empty choice.
"""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE_LABEL = _("请选择")
# Django's label for the empty choice of model fields with choices and of ModelChoiceField ("---------").
_DJANGO_EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]


def with_empty_choice(choices) -> list:
    """``choices`` preceded by the empty 请选择 choice, for a select that may be left unanswered."""
    return [("", EMPTY_CHOICE_LABEL), *choices]


class PortalFormRenderer(DjangoTemplates):
    """Django's template renderer, with Django's "---------" empty choice shown as 请选择."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and "optgroups" in widget:
            for _group, options, _index in widget["optgroups"]:
                for option in options:
                    if option["value"] in ("", None) and option["label"] == _DJANGO_EMPTY_LABEL:
                        option["label"] = EMPTY_CHOICE_LABEL
        return super().render(template_name, context, request)


class MonthInput(forms.TextInput):
    """A fee month typed as six digits (yyyyMM); the placeholder gives this month as the example."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        example = timezone.localdate().strftime("%Y%m")
        context["widget"]["attrs"].setdefault("placeholder", _("例如 %(month)s") % {"month": example})
        return context
