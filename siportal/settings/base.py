"""SIPortal settings, read from the environment in one place.

Embedded default (no environment at all): SQLite in ``var/``, a Celery broker on the local filesystem, the
local-memory cache. Production: ``DATABASE_URL`` (PostgreSQL via psycopg 3) and ``REDIS_URL`` (Celery broker
and cache), ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DEMO_MODE=false``.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env")

# ---------------------------------------------------------------- core
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=False)
DEMO_MODE = env.bool("DEMO_MODE", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me" if (DEBUG or DEMO_MODE) else None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_fsm_log",
    "axes",
    "siportal.core",
    "accounts",
    "reviews",
    "enrollment",
    "contributions",
    # its zh_Hans catalogue rewords Django's own messages; siportal/core/locale restores Django's wording
    "captcha",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "siportal.core.session_idle.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "siportal.urls"
WSGI_APPLICATION = "siportal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "siportal.core.context_processors.portal",
                "reviews.context_processors.hall_menu",
            ],
        },
    },
]

# ---------------------------------------------------------------- database
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'siportal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a worker write to the same file: wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: each worker process keeps its connection open CONN_MAX_AGE seconds instead of opening
# one per request (most of a short page's database cost), and checks it before reuse after an error or restart.
# Each web process holds one connection: workers × web nodes must stay below PostgreSQL's max_connections (README).
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# Behind PgBouncer in transaction-pooling mode (many web nodes): set DISABLE_SERVER_SIDE_CURSORS=true.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
# The statements every request runs (its user, a reviewer's permissions and regions) are prepared once per
# connection (siportal.core.db.statement_cursor). Off behind PgBouncer in transaction pooling
# (DISABLE_SERVER_SIDE_CURSORS=true), or alone with DB_PREPARED_STATEMENTS=false.
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)

# ---------------------------------------------------------------- cache and sessions
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "siportal.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Hall lists and counts cached under their data's version (siportal.core.versions): only with a cache that every
# process shares, so that a worker's write renews what the web server shows.
DATA_VERSIONS = env.bool("DATA_VERSIONS", default=bool(REDIS_URL))

# Idle timeout (等保三级): a session ends after 15 minutes without a request. Its expiry is renewed by
# siportal.core.session_idle.SessionIdleMiddleware at most once per SESSION_REFRESH_SECONDS, not by a write per page.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if REDIS_URL:
    # With Redis (one cache for every web process) a page reads its session from the cache, not from
    # django_session; writes (login, the renewal above, logout) go to both. Never with the local-memory cache:
    # it is per process, so a session ended in one worker would live on in another's copy.
    SESSION_ENGINE = "siportal.core.sessions"  # cached_db, read with the page's data-version tokens
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=15 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# ---------------------------------------------------------------- authentication
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrMobileBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # 15 minutes
# Lock the account from the IP that failed (等保三级: ≤ 5 failures): a stranger elsewhere cannot lock an agent out.
# Guessing from many IPs meets a CAPTCHA after CAPTCHA_AFTER_LOGIN_FAILURES failures of the account, and one IP
# trying many accounts stops at LOGIN_FAILURE_LIMIT_PER_IP (accounts.abuse).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Count failures per account, whether the user typed the username or the mobile.
AXES_USERNAME_CALLABLE = "accounts.lockout.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_USERNAME_FORM_FIELD = "username"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# ---------------------------------------------------------------- files
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# ---------------------------------------------------------------- forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Every select's empty choice reads 请选择 (Django's default is "---------").
FORM_RENDERER = "siportal.core.forms.PortalFormRenderer"

# ---------------------------------------------------------------- Celery
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Embedded default: kombu's filesystem transport, a real broker that needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        # Look for new messages 5 times a second (default once): a task starts and Ctrl-C stops the worker sooner.
        "polling_interval": 0.2,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ROUTES = {"siportal.core.tasks.*": {"queue": "default"}}
CELERY_TASK_DEFAULT_QUEUE = "default"
# Memory ceiling of a worker child (prefork): replaced after a task once its RSS passes this (KiB), and a hard
# address-space limit set in each child (siportal/celery.py), so one runaway task ends its child, not the worker.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1024 * 1024)
WORKER_CHILD_MAX_BYTES = env.int("WORKER_CHILD_MAX_BYTES", default=4 * 1024**3)
# beat: re-queue import jobs whose worker died (a killed worker's job resumes once, never twice).
CELERY_BEAT_SCHEDULE = {
    "import-recover": {"task": "reviews.imports.tasks.import_recover_task", "schedule": 300.0},
    "import-purge": {"task": "reviews.imports.tasks.import_purge_task", "schedule": 86400.0},
    "sms-purge": {"task": "siportal.core.tasks.sms_purge_task", "schedule": 86400.0},
    "receivable-partitions": {"task": "contributions.tasks.receivable_partitions_ensure_task", "schedule": 86400.0},
}

# ---------------------------------------------------------------- SIPortal
SMS_BACKEND = env("SMS_BACKEND", default="siportal.core.sms.OutboxBackend")
SMS_CODE_TTL_SECONDS = 10 * 60
# Sent text messages (the outbox) are deleted after this many days; their secrets are wiped once sent.
SMS_RETENTION_DAYS = env.int("SMS_RETENTION_DAYS", default=30)
# Base of links sent by SMS (set-password links), e.g. https://hall.example.gov.cn; empty: the request's host.
PORTAL_URL = env("PORTAL_URL", default="")
# Stored import files (refused rows, unconfirmed repeated uploads) hold full ID numbers: deleted after this.
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=30)
BINDING_CREDENTIAL_TTL_DAYS = env.int("BINDING_CREDENTIAL_TTL_DAYS", default=30)
PORTAL_NAME = env("PORTAL_NAME", default="社会保险网上办事大厅")

# ---------------------------------------------------------------- big submissions (reviews.approvals)
# 审核通过 of a submission with more lines than this runs as a background job (the item shows 办理中 meanwhile).
SUBMISSION_BACKGROUND_APPROVAL_LINES = env.int("SUBMISSION_BACKGROUND_APPROVAL_LINES", default=2000)

# ---------------------------------------------------------------- contributions (receivables partitioned by month)
# Months after the current one whose receivables partition the daily beat task creates ahead (PostgreSQL only).
RECEIVABLE_PARTITIONS_AHEAD = env.int("RECEIVABLE_PARTITIONS_AHEAD", default=3)

# ---------------------------------------------------------------- enrolment rules (enrollment/rules, 增员 look-up)
# 增员 look-ups of the person registry allowed per agent per calendar day (every look-up is an audit row
# ``person.looked_up``; the count is read from the audit table, so it holds across web nodes).
PERSON_LOOKUP_DAILY_LIMIT = env.int("PERSON_LOOKUP_DAILY_LIMIT", default=200)
# 法定退休年龄 by category (全国人大常委会关于实施渐进式延迟法定退休年龄的决定, in force 2025-01-01): a person
# whose original retirement month (birth month + base_years) is ``start`` or later retires one month later for
# every ``step_months`` months (counted from ``start``, the first step included), at most ``max_months`` later.
RETIREMENT_AGES = {
    "male": {"base_years": 60, "start": "202501", "step_months": 4, "max_months": 36},  # 男职工 60 → 63
    "female_cadre": {"base_years": 55, "start": "202501", "step_months": 4, "max_months": 36},  # 女干部 55 → 58
    "female_worker": {"base_years": 50, "start": "202501", "step_months": 2, "max_months": 60},  # 女工人 50 → 55
}
# Insurance types a person who has reached the statutory retirement age cannot join (职工养老保险).
RETIREMENT_AGE_INSURANCE_TYPES = ["110", "120"]
# ---------------------------------------------------------------- abuse limits on anonymous doors (accounts.abuse)
# https://django-simple-captcha.readthedocs.io/en/latest/advanced.html (images drawn locally, same origin)
SMS_DAILY_LIMIT_PER_IP = env.int("SMS_DAILY_LIMIT_PER_IP", default=20)
SMS_DAILY_LIMIT_PER_MOBILE = env.int("SMS_DAILY_LIMIT_PER_MOBILE", default=5)
CAPTCHA_AFTER_SMS_SENDS = 3  # per IP and day; None: never
CAPTCHA_AFTER_LOGIN_FAILURES = 3  # per IP or per account within AXES_COOLOFF_TIME; None: never
LOGIN_FAILURE_LIMIT_PER_IP = env.int("LOGIN_FAILURE_LIMIT_PER_IP", default=30)
ABUSE_CACHE_PREFIX = "v1"
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 5  # minutes
CELERY_BEAT_SCHEDULE["captcha-purge"] = {"task": "accounts.tasks.captcha_purge_task", "schedule": 3600.0}
# ---------------------------------------------------------------- error pages
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-failure-view
# 400/403/404/500 come from templates/<code>.html; an expired or forged form gets the portal's own Chinese page.
CSRF_FAILURE_VIEW = "siportal.core.views.csrf_failure"

# ---------------------------------------------------------------- security headers
# ---------------------------------------------------------------- security headers, CSP, HTTPS
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
# https://django-csp.readthedocs.io/en/latest/configuration.html
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: off for the demo and development (plain http on localhost), on in ``siportal.settings.production``.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https" (only if the proxy always sets that header).
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if len(_proxy_ssl_header) == 2 else None
# No script but our own static files (no inline scripts or handlers: see static/js/). Inline *styles* stay
# allowed: the admin's templates and widgets and a few of ours (progress bars) set style attributes, and CSS
# cannot run code, so the gain of forbidding them would not be worth forking the admin templates.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws form controls with data: SVG images
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
# Control and format characters are dropped from query parameters before any view reads them (no 500 on NUL).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1,
                  "siportal.core.middleware.CleanInputMiddleware")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}
