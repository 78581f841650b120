"""Portal-wide pages: the landing page that sends each user to their hall, and the demo SMS outbox."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render

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


def demo_outbox(request):
    """Demo mode only: the messages the SMS backend 'sent', so a visitor can read codes and passwords."""
    if not settings.DEMO_MODE:
        raise Http404
    return render(request, "demo_outbox.html", {"sms_messages": SmsMessage.objects.all()[:50]})
