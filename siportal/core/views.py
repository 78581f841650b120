"""Portal-wide pages: the demo SMS outbox, the CSRF-failure page and the favicon (the landing page is
``reviews.portal.home``: it lists what the kind registry holds)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from .http import no_store
from .models import SmsMessage
from .services import sms_secret


def csrf_failure(request, reason=""):
    """An expired or forged form (CSRF check failed): a Chinese page that says to reload and send it again."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static file (hashed name)."""
    return redirect(static("favicon.ico"))


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
