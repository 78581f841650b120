"""The portal's URL map plus the bare-db view the load benchmark compares every page with. Selected only by
bench/bench_settings.py while the benchmark runs; the production URL map never contains it."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts.models import Region
from siportal.urls import urlpatterns as portal_urlpatterns

TINY = engines["django"].from_string("<!doctype html><title>bare</title><p>{{ region.name }}</p>")


def bare_db(request):
    """One ORM query and a tiny template: what a Django page costs before the portal does anything."""
    return HttpResponse(TINY.render({"region": Region.objects.order_by("pk").first()}, request))


urlpatterns = [path("bench/bare-db/", bare_db), *portal_urlpatterns]
