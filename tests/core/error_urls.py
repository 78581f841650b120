"""The portal's URLs plus one view that fails, to see the 500 page a user would get."""

from django.urls import path

from siportal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [*portal_urlpatterns, path("broken/", broken_view)]
