"""Template context shared by every page: portal name and the demo banner flag."""

from django.conf import settings


def portal(request):
    return {"PORTAL_NAME": settings.PORTAL_NAME, "DEMO_MODE": settings.DEMO_MODE}
