"""Portal-wide pages: the landing page that sends each user to their hall, the demo SMS outbox, the CSRF-failure
page and the favicon."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from .models import SmsMessage


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
