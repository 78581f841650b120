"""The upload form of a batch import."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("选择文件"), help_text=_("支持.xlsx(推荐)、.xls和.csv文件。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))
    submit = forms.BooleanField(label=_("导入成功后直接提交审批"), required=False,
                                help_text=_("不勾选时,通过校验的人员生成一笔业务放在“待办”中,核对后再提交。"))
