"""Production settings: base, with HTTPS enforced and nothing demo-like left on.

Required environment: ``SECRET_KEY`` (50+ random characters), ``ALLOWED_HOSTS``, ``DATABASE_URL``, ``REDIS_URL``.
Behind a TLS-terminating proxy also ``SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https``. Each HTTPS setting
below can still be turned down from the environment (e.g. ``SECURE_HSTS_SECONDS=3600`` while trying HSTS out).
``python manage.py check --deploy`` with these settings gives no warning.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DEMO_MODE", "false")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

if DEBUG or DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("siportal.settings.production needs DEBUG=false and DEMO_MODE=false")

# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-ssl-redirect
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
