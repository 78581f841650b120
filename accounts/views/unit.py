"""Unit-hall account pages: 业务绑定 (master only, before binding) and 承诺书 (template download, scan upload)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from siportal.core.http import file_response

from .. import selectors
from ..forms import BindForm, CommitmentUploadForm
from ..services import AccountError, commitment_template_pdf, commitment_upload, unit_bind
from ..tenancy import unit_hall


@sensitive_post_parameters("password")
@unit_hall(allow_unbound=True, allow_no_commitment=True)
def bind(request):
    if not request.user.is_unit_master:
        raise PermissionDenied(_("业务绑定须由单位账号办理。"))
    unit = request.unit
    form = BindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit_bind(unit=unit, username=form.cleaned_data["username"], password=form.cleaned_data["password"],
                      by=request.user, request=request)
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("业务绑定成功。下一步:下载《承诺书》,签字盖章后上传扫描件。"))
            return redirect("unit:commitment")
    context = {"form": form, "unit": unit, "credential": selectors.unit_binding_credential(unit)}
    return render(request, "unit/bind.html", context)


@unit_hall(allow_no_commitment=True)
def commitment(request):
    form = CommitmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            commitment_upload(unit=request.unit, file=form.cleaned_data["file"], by=request.user, request=request)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("承诺书已上传,现在可以办理业务了。"))
            return redirect("unit:commitment")
    letters = selectors.unit_commitment_letters(request)
    return render(request, "unit/commitment.html", {"form": form, "letters": letters, "unit": request.unit})


@unit_hall(allow_no_commitment=True)
def commitment_template(request):
    pdf = commitment_template_pdf(unit=request.unit)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E6%89%BF%E8%AF%BA%E4%B9%A6.pdf"  # 承诺书.pdf
    return response


@unit_hall(allow_no_commitment=True)
def commitment_file(request, pk):
    letter = get_object_or_404(selectors.unit_commitment_letters(request), pk=pk)
    return file_response(letter.file, filename=f"commitment-{pk}.{letter.extension}")
