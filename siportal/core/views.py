"""Portal-wide pages: the landing page that sends each user to their hall, and the demo SMS outbox."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render

from .http import no_store
from .models import SmsMessage
from .services import sms_secret


def home(request):
    user = request.user
    if user.is_authenticated:
        if user.is_staff:
            return redirect("admin:index")
        if user.is_agent or user.is_unit_master:
            return redirect("unit:home")
        if user.is_individual:
            return redirect("me:home")
    return render(request, "home.html")


@no_store
def demo_outbox(request):
    """Demo mode only: the messages the SMS backend 'sent', with their codes and links, so a visitor can use
    them. The only page that shows an SMS secret; outside demo mode it does not exist."""
    if not settings.DEMO_MODE:
        raise Http404
    sms_messages = list(SmsMessage.objects.all()[:50])
    for message in sms_messages:
        message.shown_text = message.render(sms_secret(message)) if message.secret_sealed else message.redacted_text
    return render(request, "demo_outbox.html", {"sms_messages": sms_messages})
