"""Forms of the enrollment kinds."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from siportal.core.codes import UNIT_INSURANCE_TYPES, InsuranceType
from siportal.core.validators import validate_mobile

from .models import UnitOpeningLine


class UnitOpeningForm(forms.ModelForm):
    insurance_types = forms.MultipleChoiceField(
        label=_("参保险种"), widget=forms.CheckboxSelectMultiple,
        choices=[(c, InsuranceType(c).label) for c in UNIT_INSURANCE_TYPES],
        error_messages={"required": _("请至少选择一个参保险种。")},
    )

    class Meta:
        model = UnitOpeningLine
        fields = ["address", "postal_code", "legal_rep", "contact_name", "contact_phone", "economic_type",
                  "industry", "injury_class", "bank_name", "bank_account", "insurance_types"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = owner
        if self.instance.pk is None and not self.is_bound:
            self.initial.update({"address": owner.address, "legal_rep": owner.legal_rep,
                                 "contact_name": owner.contact_name, "contact_phone": owner.contact_phone,
                                 "insurance_types": list(UNIT_INSURANCE_TYPES)})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("基本信息"),
                     Row(Column("address", css_class="col-md-8"), Column("postal_code", css_class="col-md-4")),
                     Row(Column("legal_rep", css_class="col-md-4"), Column("contact_name", css_class="col-md-4"),
                         Column("contact_phone", css_class="col-md-4")),
                     Row(Column("economic_type", css_class="col-md-4"), Column("industry", css_class="col-md-4"),
                         Column("injury_class", css_class="col-md-4")), css_class="form-section"),
            Fieldset(_("缴费账户"),
                     Row(Column("bank_name", css_class="col-md-6"), Column("bank_account", css_class="col-md-6")),
                     css_class="form-section"),
            "insurance_types",
        )
        self.fields["postal_code"].help_text = _("6位数字")
        self.fields["injury_class"].help_text = _("按《工伤保险行业风险分类表》确定,1类风险最低")

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not (len(value) == 6 and value.isdigit()):
            raise forms.ValidationError(_("邮政编码应为6位数字。"))
        return value

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        digits = value.replace("-", "").replace(" ", "")
        if digits.isdigit() and len(digits) == 11 and digits.startswith("1"):
            return validate_mobile(digits)
        if not (digits.isdigit() and 7 <= len(digits) <= 12):
            raise forms.ValidationError(_("请填写11位手机号码或带区号的固定电话。"))
        return value

    def clean_bank_account(self):
        value = self.cleaned_data["bank_account"].replace(" ", "")
        if not (value.isdigit() and 8 <= len(value) <= 30):
            raise forms.ValidationError(_("银行账号应为8至30位数字。"))
        return value
