"""Test settings: the same as base, with fast hashing and plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Without Redis, tasks queued by tests go to an in-process broker that nobody consumes (no files in var/).
# Tests that need a real worker are marked ``worker`` and run on Redis.
if not REDIS_URL:  # noqa: F405
    CELERY_BROKER_URL = "memory://"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# The CAPTCHA appears only in the tests about it (they set these through the ``settings`` fixture).
CAPTCHA_AFTER_SMS_SENDS = None
CAPTCHA_AFTER_LOGIN_FAILURES = None
