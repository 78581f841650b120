"""个人注册 by photo request (anonymous pages, in the ``accounts`` namespace) and the centre's view of the photo."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import abuse
from accounts.forms import PersonClaimForm, PersonCodeForm
from accounts.services import AccountError, person_claim_code
from accounts.views.registration import (
    anonymous_only,
    code_step_errors_only,
    sms_door_refusal,
    sms_step_context,
)
from reviews.models import Submission
from reviews.permissions import in_review_scope

from ..models import IdentityClaimLine, KindCode
from ..services import person_claim_submit

TEMPLATE = "accounts/register_person_claim.html"


@sensitive_post_parameters("password1", "password2", "code")
@anonymous_only
def register_person_claim(request):
    if request.method != "POST":
        return render(request, TEMPLATE, sms_step_context(request, form=PersonClaimForm()))
    form = PersonClaimForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person_claim_submit(id_number=data["id_number"], name=data["name"], mobile=data["mobile"],
                                region=data["region"], code=data["code"], password=data["password1"],
                                id_photo=data["id_photo"], request=request)
        except AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("申请已提交。经办机构核对身份证照片后,审核结果将以短信发送至您的手机;"
                                        "审核通过前账号不能办理业务。"))
            return redirect("accounts:login")
    return render(request, TEMPLATE, sms_step_context(request, form=form, code_sent=True))


@require_POST
@anonymous_only
def register_person_claim_code(request):
    """The 获取验证码 button of the photo request: the code goes to the applicant's own mobile, for any ID."""
    code_form = PersonCodeForm(request.POST, captcha=abuse.sms_captcha_needed(request))
    if not code_form.is_valid():
        form = code_step_errors_only(PersonClaimForm(request.POST))
        return render(request, TEMPLATE, sms_step_context(request, code_form, form=form))
    data = code_form.cleaned_data
    refusal = sms_door_refusal(request, id_number=data["id_number"], mobile=data["mobile"])
    if refusal:
        messages.error(request, refusal)
        return render(request, TEMPLATE, sms_step_context(request, form=PersonClaimForm(initial=data)))
    person_claim_code(mobile=data["mobile"])
    messages.info(request, _("如该手机号可以使用,验证码已发送至该手机,10分钟内有效。"))
    return render(request, TEMPLATE, sms_step_context(request, form=PersonClaimForm(initial=data), code_sent=True))


@staff_member_required
def identity_photo(request, pk):
    """The ID photo of a photo request, for reviewers of the request's region only; never cached."""
    submission = get_object_or_404(Submission, pk=pk, kind=KindCode.IDENTITY_CLAIM)
    if not (request.user.has_perm("reviews.review_submission") and in_review_scope(request.user, submission.region)):
        raise Http404
    line = get_object_or_404(IdentityClaimLine, submission=submission)
    response = FileResponse(line.id_photo.open("rb"), filename=f"id-photo-{submission.number}.{line.extension}")
    response["Cache-Control"] = "no-store"
    return response
