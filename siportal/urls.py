"""URL map. Each hall is one namespace assembled from the apps' pattern lists:
``unit:`` (单位网厅, /unit/), ``me:`` (个人网厅, /me/), ``accounts:`` (login and registration), admin (/admin/)."""

from django.contrib import admin
from django.urls import include, path

from accounts import urls as accounts_urls
from contributions import urls as contributions_urls
from enrollment import urls as enrollment_urls
from reviews import portal
from reviews import urls as reviews_urls
from reviews.imports import urls as imports_urls
from siportal.core import views as core_views

unit_patterns = (accounts_urls.unit_patterns + reviews_urls.unit_patterns + enrollment_urls.unit_patterns
                 + imports_urls.unit_patterns + contributions_urls.unit_patterns)
person_patterns = reviews_urls.person_patterns

admin.site.site_header = "社会保险经办机构业务审核平台"
admin.site.site_title = "经办机构审核"
admin.site.index_title = "业务审核与管理"
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", portal.home, name="home"),
    path("accounts/", include((accounts_urls.public_patterns + enrollment_urls.public_patterns, "accounts"))),
    path("unit/", include((unit_patterns, "unit"))),
    path("me/", include((person_patterns, "me"))),
    path("standards/", include((contributions_urls.public_patterns, "contributions"))),
    path("demo/sms/", core_views.demo_outbox, name="demo_outbox"),
    path("centre/", include((enrollment_urls.centre_patterns, "centre"))),
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("favicon.ico", core_views.favicon, name="favicon"),
]
# No static route for MEDIA_URL, not even with DEBUG on: uploaded and generated files hold personal data and are
# served only by views that check their owner (siportal.core.http.file_response).
