"""Forms of the contributions pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region


class StandardsQueryForm(forms.Form):
    """历年缴费标准查询: a region (city or district) and a year."""

    region = forms.ModelChoiceField(label=_("统筹区"), queryset=Region.objects.order_by("path"),
                                    to_field_name="code", empty_label=None,
                                    error_messages={"invalid_choice": _("所选统筹区不存在,请重新选择")})
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100,
                              error_messages={"min_value": _("年度不能早于1990年"),
                                              "max_value": _("年度不能晚于2100年"),
                                              "invalid": _("年度应为四位数字,如2024")})

    def __init__(self, data=None, **kwargs):
        if data is not None and not data:
            data = None  # first visit: show the form with defaults, no errors
        super().__init__(data, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        first = self.fields["region"].queryset.first()
        self.fields["region"].initial = first.code if first else None
        self.fields["region"].label_from_instance = lambda r: ("" if r.level == "city" else "— ") + r.name
