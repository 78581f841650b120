"""Settings of the load benchmark's server only (bench/load.py): production settings, fast hashing for the
seeded accounts, plain static storage, and the bench-only URL map with the bare-db view."""

import tempfile
from pathlib import Path

from siportal.settings.base import *  # noqa: F403
from siportal.settings.base import STORAGES

ROOT_URLCONF = "bench_urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
CELERY_BROKER_URL = "memory://"  # the seed's workflow side effects are not the benchmark's subject
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STATIC_ROOT = Path(tempfile.gettempdir()) / "siportal-bench-static"
STATIC_ROOT.mkdir(exist_ok=True)
