"""Portal-wide pages: the demo SMS outbox, the CSRF-failure page and the favicon (the landing page is
``reviews.portal.home``: it lists what the kind registry holds)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from .models import SmsMessage


def csrf_failure(request, reason=""):
    """An expired or forged form (CSRF check failed): a Chinese page that says to reload and send it again."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static file (hashed name)."""
    return redirect(static("favicon.ico"))


def demo_outbox(request):
    """Demo mode only: the messages the SMS backend 'sent', so a visitor can read codes and passwords."""
    if not settings.DEMO_MODE:
        raise Http404
    return render(request, "demo_outbox.html", {"sms_messages": SmsMessage.objects.all()[:50]})
