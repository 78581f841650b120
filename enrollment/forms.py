"""Forms of the enrollment kinds."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from siportal.core.codes import (
    UNIT_INSURANCE_TYPES,
    EmploymentForm,
    Ethnicity,
    HukouType,
    IdType,
    InsuranceType,
    ResumeReason,
    StopReason,
)
from siportal.core.forms import MonthInput, with_empty_choice
from siportal.core.validators import (
    VisibleTextValidator,
    month_of,
    normalize_id_number,
    validate_mobile,
    validate_visible_name,
)

from . import rules
from .models import DeathLine, Membership, UnitChangeLine, UnitOpeningLine
from .services import unit_current_values


class UnitFieldsCleanMixin:
    """Checks of the unit fields shared by 单位参保登记 and 单位信息变更."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, what in (("legal_rep", _("法定代表人")), ("contact_name", _("联系人"))):
            if name in self.fields:  # names refuse invisible characters instead of losing them
                self.fields[name].validators.append(VisibleTextValidator(what))

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


class UnitOpeningForm(UnitFieldsCleanMixin, forms.ModelForm):
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


# ---------------------------------------------------------------- staff lines


def _blank(choices):
    return with_empty_choice(choices)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


TYPES_LABEL = _("参保险种")
MONTH_HELP = _("6位年月;可补办前3个月,最晚下个月")


def _type_field(unit_types, *, required=True, label=TYPES_LABEL):
    return forms.MultipleChoiceField(
        label=label, required=required, widget=forms.CheckboxSelectMultiple,
        choices=[(c, InsuranceType(c).label) for c in unit_types],
        error_messages={"required": _("请至少选择一个险种。")})


def _month_field(label, help_text=MONTH_HELP):
    return forms.CharField(label=label, max_length=10, help_text=help_text,
                           widget=MonthInput())


class RulesFormMixin:
    """Run a ``rules.*_row_errors`` check on the cleaned values and put each error on its field."""

    def apply_rules(self, check, **kwargs):
        values = {name: self.cleaned_data.get(name, self.data.get(self.add_prefix(name))) for name in self.fields}
        cleaned, errors = check(values, **kwargs)
        for field, message in errors:
            target = field if field in self.fields else None
            if target is None or target not in self.errors:
                self.add_error(target, message)
        self.row = cleaned
        return self.cleaned_data


def _inner_helper(layout=None) -> FormHelper:
    """Crispy fields without their own <form> tag and token: the page's form carries them."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


class EnrolmentLineMixin(RulesFormMixin):
    """A 新参保登记 (``new_person``) or 增员 line: the unit's insurance types and the start month, defaulted to all
    types and this month; checked by ``rules.join_row_errors`` like an imported row."""

    new_person = True

    def __init__(self, *args, unit_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_types = unit_types
        self.fields["insurance_types"] = _type_field(unit_types)
        self.fields["start_month"] = _month_field(_("参保年月"))
        if not self.is_bound:
            self.initial.setdefault("insurance_types", list(unit_types))
            self.initial.setdefault("start_month", month_of(timezone.localdate()))
        self.helper = _inner_helper(self.layout())

    def clean(self):
        super().clean()
        return self.apply_rules(rules.join_row_errors, unit_types=self.unit_types, new_person=self.new_person)


class JoinLineForm(EnrolmentLineMixin, forms.Form):
    """One person of a 职工新参保登记; the checks are ``rules.join_row_errors`` (shared with the batch import)."""

    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("证件号码"), max_length=30)
    name = forms.CharField(label=_("姓名"), max_length=50, validators=[validate_visible_name])
    sex = forms.ChoiceField(label=_("性别"), choices=_blank(Person.Sex.choices), required=False,
                            help_text=_("居民身份证、港澳台居民居住证由号码自动识别,可不填"))
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DateInput(),
                                 help_text=_("居民身份证、港澳台居民居住证由号码自动识别,可不填"))
    ethnicity = forms.ChoiceField(label=_("民族"), choices=Ethnicity.choices, initial="01")
    hukou_type = forms.ChoiceField(label=_("户口性质"), choices=_blank(HukouType.choices))
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)
    employment_form = forms.ChoiceField(label=_("用工形式"), choices=EmploymentForm.choices,
                                        initial=EmploymentForm.CONTRACT)
    work_start_date = forms.DateField(label=_("参加工作日期"), widget=DateInput())
    wage = forms.DecimalField(label=_("缴费工资(元/月)"), max_digits=12, decimal_places=2, min_value=0.01)

    def layout(self) -> Layout:
        return Layout(
            Fieldset(_("人员信息"),
                     Row(Column("id_type", css_class="col-sm-4"), Column("id_number", css_class="col-sm-8")),
                     Row(Column("name", css_class="col-sm-4"), Column("sex", css_class="col-sm-4"),
                         Column("birth_date", css_class="col-sm-4")),
                     Row(Column("ethnicity", css_class="col-sm-4"), Column("hukou_type", css_class="col-sm-4"),
                         Column("mobile", css_class="col-sm-4")), css_class="form-section"),
            Fieldset(_("参保信息"),
                     Row(Column("employment_form", css_class="col-sm-4"),
                         Column("work_start_date", css_class="col-sm-4"), Column("wage", css_class="col-sm-4")),
                     Row(Column("start_month", css_class="col-sm-4"), Column("insurance_types", css_class="col-sm-8")),
                     css_class="form-section"),
        )


class PersonLookupForm(forms.Form):
    """增员, step 1: the person's 证件类型 + 证件号码 and 姓名 (both must match the registry to see anything)."""

    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID,
                                widget=forms.Select(attrs={"class": "form-select"}))
    id_number = forms.CharField(label=_("证件号码"), max_length=30)
    name = forms.CharField(label=_("姓名"), max_length=50)

    def clean(self):
        data = super().clean()
        if data.get("id_type") and data.get("id_number"):
            try:
                data["id_number"] = normalize_id_number(data["id_type"], data["id_number"])
            except ValidationError as exc:
                self.add_error("id_number", exc.messages[0])
        return data


class AddLineForm(EnrolmentLineMixin, forms.Form):
    """增员, step 2: the looked-up person (hidden) with types, wage and start month."""

    new_person = False

    id_type = forms.CharField(widget=forms.HiddenInput)
    id_number = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(widget=forms.HiddenInput)  # looked up again with the ID on every post
    employment_form = forms.ChoiceField(label=_("用工形式"), choices=EmploymentForm.choices,
                                        initial=EmploymentForm.CONTRACT)
    work_start_date = forms.DateField(label=_("参加工作日期"), required=False, widget=DateInput())
    wage = forms.DecimalField(label=_("缴费工资(元/月)"), max_digits=12, decimal_places=2, min_value=0.01)

    def layout(self) -> Layout:
        return Layout(
            "id_type", "id_number", "name",
            Row(Column("employment_form", css_class="col-sm-4"), Column("work_start_date", css_class="col-sm-4"),
                Column("wage", css_class="col-sm-4")),
            Row(Column("start_month", css_class="col-sm-4"), Column("insurance_types", css_class="col-sm-8")),
        )


class PickForm(RulesFormMixin, forms.Form):
    """减员 / 续保: the persons ticked in the list (only candidates of this unit count) and what happens to them."""

    persons = forms.ModelMultipleChoiceField(
        label=_("人员"), queryset=Person.objects.none(), widget=forms.MultipleHiddenInput,
        error_messages={"required": _("请在列表中勾选至少一名人员。"),
                        "invalid_choice": _("所选人员不在可办理的名单中,请刷新后重新选择。")})

    def __init__(self, *args, candidates, unit_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = candidates
        self.unit_types = unit_types
        self.fields["insurance_types"] = _type_field(unit_types, required=False, label=self.types_label)
        self.fields["insurance_types"].help_text = _("不选则为该人员在本单位的全部险种")
        self.helper = _inner_helper()

    def rows(self) -> list[dict]:
        return [{**self.row, "person_id": person.pk} for person in self.cleaned_data["persons"]]


class StopForm(PickForm):
    types_label = _("停保险种")
    reason = forms.ChoiceField(label=_("减员原因"), choices=_blank(StopReason.choices),
                               help_text=_("退休、死亡为终止缴费;其他原因为暂停缴费,可办理续保"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stop_month"] = _month_field(
            _("停保年月"), help_text=_("自该月起停止缴费;可补办前3个月,最晚下个月"))
        if not self.is_bound:
            self.initial.setdefault("stop_month", month_of(timezone.localdate()))
        self.helper.layout = Layout(Row(Column("reason", css_class="col-sm-6"), Column("stop_month", css_class="col-sm-6")),
                                    "insurance_types")

    def clean(self):
        super().clean()
        return self.apply_rules(rules.stop_row_errors, unit_types=self.unit_types)


class ResumeForm(PickForm):
    types_label = _("续保险种")
    reason = forms.ChoiceField(label=_("续保原因"), choices=_blank(ResumeReason.choices))
    wage = forms.DecimalField(label=_("缴费工资(元/月)"), max_digits=12, decimal_places=2, min_value=0.01,
                              required=False, help_text=_("不填则沿用原缴费工资"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"] = _month_field(_("续保年月"), help_text=_("自该月起恢复缴费;可补办前3个月,最晚下个月"))
        if not self.is_bound:
            self.initial.setdefault("month", month_of(timezone.localdate()))
        self.helper.layout = Layout(Row(Column("reason", css_class="col-sm-4"), Column("month", css_class="col-sm-4"),
                                        Column("wage", css_class="col-sm-4")), "insurance_types")

    def clean(self):
        super().clean()
        return self.apply_rules(rules.resume_row_errors, unit_types=self.unit_types)


# ---------------------------------------------------------------- single-line kinds (the kernel's generic form)


class DeathForm(forms.ModelForm):
    """死亡终止缴费: the person (by ID number, among this unit's insured) and the date of death."""

    class Meta:
        model = DeathLine
        fields = ["id_type", "id_number", "death_date"]
        widgets = {"death_date": DateInput()}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = owner
        self.fields["death_date"].help_text = _("缴费至死亡当月,自次月起终止缴费")
        self.helper = _inner_helper()
        self.helper.layout = Layout(Row(Column("id_type", css_class="col-sm-4"), Column("id_number", css_class="col-sm-8")),
                                    Row(Column("death_date", css_class="col-sm-4")))

    def clean(self):
        data = super().clean()
        if not (data.get("id_type") and data.get("id_number")):
            return data
        try:
            data["id_number"] = normalize_id_number(data["id_type"], data["id_number"])
        except ValidationError as exc:
            self.add_error("id_number", exc.messages[0])
            return data
        # Only this unit's insured persons can be found here (the owner is the hall's unit).
        person = Person.objects.filter(
            id_type=data["id_type"], id_number=data["id_number"],
            pk__in=Membership.objects.filter(unit=self.unit).values("person_id")).first()
        if person is None:
            self.add_error("id_number", _("本单位参保人员中没有该证件号码的人员。"))
            return data
        self.instance.person = person
        self.instance.id_number = data["id_number"]
        if data.get("death_date"):
            for field, message in rules.death_errors(person=person, death_date=data["death_date"], unit=self.unit):
                self.add_error(field, message)
        return data


class UnitChangeForm(UnitFieldsCleanMixin, forms.ModelForm):
    """单位信息变更: the non-key fields; name and credit code are shown read-only (they change at the counter)."""

    class Meta:
        model = UnitChangeLine
        fields = ["address", "postal_code", "contact_name", "contact_phone", "industry", "injury_class",
                  "bank_name", "bank_account"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = owner
        self.current = unit_current_values(owner)
        if self.instance.pk is None and not self.is_bound:
            self.initial.update({k: v for k, v in self.current.items() if v is not None})
        key_fields = format_html(
            '<fieldset class="form-section mb-3"><legend>{}</legend><dl class="row mb-1">'
            '<dt class="col-sm-3">{}</dt><dd class="col-sm-9 key-field">{}</dd>'
            '<dt class="col-sm-3">{}</dt><dd class="col-sm-9 key-field">{}</dd></dl>'
            '<div class="small text-muted">{}</div></fieldset>',
            _("关键信息(不可在网上变更)"), _("单位名称"), owner.name, _("统一社会信用代码"), owner.uscc,
            _("单位名称、统一社会信用代码等关键信息如需变更,请携带营业执照等材料到经办机构柜台办理。"))
        self.helper = _inner_helper()
        self.helper.layout = Layout(
            HTML(key_fields),
            Fieldset(_("可变更信息"),
                     Row(Column("address", css_class="col-md-8"), Column("postal_code", css_class="col-md-4")),
                     Row(Column("contact_name", css_class="col-md-6"), Column("contact_phone", css_class="col-md-6")),
                     Row(Column("industry", css_class="col-md-6"), Column("injury_class", css_class="col-md-6")),
                     Row(Column("bank_name", css_class="col-md-6"), Column("bank_account", css_class="col-md-6")),
                     css_class="form-section"),
        )
        self.fields["injury_class"].help_text = _("工伤行业风险类别的变更须经办机构审核")

    def clean(self):
        data = super().clean()
        if not self.errors and all(data.get(k) == v for k, v in self.current.items()):
            raise ValidationError(_("没有变更任何信息。"))
        return data
