"""Forms of the contributions pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from reviews.models import State
from siportal.core.codes import InsuranceType
from siportal.core.forms import MonthInput, with_empty_choice
from siportal.core.validators import month_of, validate_month

from .models import AssessmentLine, AssessmentReason
from .selectors import policy_in_force
from .services.assessment import fee_month_validate


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


class AssessmentForm(forms.ModelForm):
    """单位应收核定: the fee month (a valid ``yyyyMM`` between the unit's opening and this month, with a policy in
    force) and the reason. "保存并提交" needs the month's preview seen first: it is refused until the month has
    been saved (the saved item's page shows the preview)."""

    fee_month = forms.CharField(label=_("费款所属期"), max_length=10, widget=MonthInput(),
                                help_text=_("六位年月,如202405;不能早于单位参保年月,不能晚于当前月份"))

    class Meta:
        model = AssessmentLine
        fields = ["fee_month", "reason", "note"]
        widgets = {"note": forms.TextInput()}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = owner
        self.saved_month = self.instance.fee_month if self.instance.submission_id else None
        if not self.is_bound and self.saved_month is None:
            self.initial["fee_month"] = month_of(timezone.localdate())
        self.fields["note"].help_text = _("核定原因为“其他”时必填")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("fee_month", css_class="col-sm-4"), Column("reason", css_class="col-sm-4")),
            Row(Column("note", css_class="col-sm-8")),
            HTML(format_html('<p class="small text-muted">{}</p>', _(
                "保存后页面列出本月应收预览:缴费人员及其缴费基数、各险种单位和个人应缴金额、合计,以及不核定的人员和原因。"
                "核对无误后再提交审批。"))),
        )

    def clean_fee_month(self):
        value = self.cleaned_data["fee_month"]
        try:
            month = fee_month_validate(unit=self.unit, value=value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from exc
        if policy_in_force(region=self.unit.region, month=month) is None:
            raise ValidationError(_("%(region)s在%(month)s没有配置缴费政策,请联系经办机构。")
                                  % {"region": self.unit.region, "month": month})
        return month

    def clean(self):
        data = super().clean()
        month = data.get("fee_month")
        if data.get("reason") == AssessmentReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("核定原因为“其他”时请在备注中说明原因。"))
        if month is None:
            return data
        busy = (AssessmentLine.objects.filter(fee_month=month, submission__unit=self.unit,
                                              submission__state__in=[State.SUBMITTED, State.IN_REVIEW])
                .exclude(submission_id=self.instance.submission_id).select_related("submission").first())
        if busy is not None:
            self.add_error("fee_month", _("费款所属期%(month)s的应收核定(业务流水号%(number)s)正在审核中,请勿重复申请。")
                           % {"month": month, "number": busy.submission.number})
        elif "submit" in self.data and month != self.saved_month:
            raise ValidationError(_("请先点击“保存”,核对本月应收预览后再提交审批。"))
        return data


class ReceivableQueryForm(forms.Form):
    """应收查询: a fee-month range (both ends optional, ``yyyyMM``) and an insurance type."""

    month_from = forms.CharField(label=_("起始年月"), required=False, max_length=10, widget=MonthInput())
    month_to = forms.CharField(label=_("截止年月"), required=False, max_length=10, widget=MonthInput())
    insurance_type = forms.ChoiceField(label=_("险种"), required=False,
                                       choices=with_empty_choice(InsuranceType.choices),
                                       error_messages={"invalid_choice": _("所选险种不存在,请重新选择")})

    def __init__(self, data=None, *, insurance_types=None, **kwargs):
        super().__init__(data, **kwargs)
        if insurance_types is not None:
            labels = dict(InsuranceType.choices)
            self.fields["insurance_type"].choices = [("", _("全部险种"))] + [(t, labels[t]) for t in insurance_types]

    def _month(self, name, what):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return int(validate_month(value))
        except ValidationError as exc:
            raise ValidationError(_("%(what)s:%(error)s") % {"what": what, "error": exc.messages[0]}) from exc

    def clean_month_from(self):
        return self._month("month_from", _("起始年月"))

    def clean_month_to(self):
        return self._month("month_to", _("截止年月"))

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and start > end:
            self.add_error("month_to", _("截止年月%(end)s不能早于起始年月%(start)s") % {"start": start, "end": end})
        return data
