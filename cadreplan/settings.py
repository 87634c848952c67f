"""cadreplan settings: one module, driven by the environment (see README, "Environment")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def _dev_secret_key() -> str:
    # No key is hard-coded: a development key is generated once and kept under var/.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# with DEBUG, the Vietnamese error pages still show (cadreplan.middleware); 1 shows Django's debug pages
TECHNICAL_ERROR_PAGES = env_bool("TECHNICAL_ERROR_PAGES", False)
SECRET_KEY = env_str("SECRET_KEY") or _dev_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # runserver leaves static files to WhiteNoise (as in production): Django's own static handler answers
    # a path that climbs out of the static folders with a 500 under DEBUG (issue 14)
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "apps.accounts",
    "apps.organizations",
    "apps.people",
    "apps.rules",
    "apps.planning",
    "apps.reports",
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cadreplan.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cadreplan.middleware.VietnameseErrorPagesMiddleware",
    "cadreplan.middleware.BackgroundDelayMiddleware",
    "apps.accounts.idle.IdleTimeoutMiddleware",
    # two-factor login (apps.accounts.twofactor): request.user.is_verified(), then the second step
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.twofactor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cadreplan.urls"
WSGI_APPLICATION = "cadreplan.wsgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "cadreplan.context_processors.help_link",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------------
if env_str("DATABASE_URL"):
    _database_url = env_str("DATABASE_URL")
else:
    from cadreplan.embedded_db import database_url

    _database_url = database_url()
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise RuntimeError("cadreplan chỉ hỗ trợ PostgreSQL (DATABASE_URL phải là postgres://...).")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language, dates ------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's vi locale has no input formats: ours read 05/03/2024 as 5 March.
FORMAT_MODULE_PATH = ["cadreplan.formats"]

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded tables are checked (package, sheet scan, header) on a bounded pool of worker threads: at most
# FILE_CHECK_WORKERS at once per process, each request waiting at most FILE_CHECK_TIMEOUT seconds.
FILE_CHECK_WORKERS = int(env_str("FILE_CHECK_WORKERS", "2"))
FILE_CHECK_TIMEOUT = int(env_str("FILE_CHECK_TIMEOUT", "20"))
# Compliance reports (issue 13): above this many entry rows the Excel file is a ZIP of a summary workbook
# and one detail workbook per child organization; from this many entries, with a broker, the parts of a
# report run as separate Celery tasks (a chord) on every worker; without a broker a report requested
# from a page runs after the response on a small pool of background threads of the web process.
REPORT_XLSX_DETAIL_THRESHOLD = int(env_str("REPORT_XLSX_DETAIL_THRESHOLD", "200000"))
REPORT_PARALLEL_MIN_ENTRIES = int(env_str("REPORT_PARALLEL_MIN_ENTRIES", "20000"))
# `manage.py compliance_report` evaluates the parts of a report this many at a time, in forked processes
REPORT_PROCESSES = int(env_str("REPORT_PROCESSES", str(min(4, os.cpu_count() or 1))))
REPORT_BACKGROUND_THREADS = int(env_str("REPORT_BACKGROUND_THREADS", "1"))

# --- Cache -------------------------------------------------------------------------------------
# The dashboards' sums, pre-filled by the summaries refresh, must be shared by every web process and the
# workers: Redis when CACHE_URL (or a Redis CELERY_BROKER_URL) is given, else the database cache (its
# table is made by the migration reports.0005_dashboard_cache_table, or `manage.py createcachetable`).
CACHE_URL = env_str("CACHE_URL") or env_str("CELERY_BROKER_URL")
DATABASE_CACHE: dict[str, Any] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "cadreplan_cache",
    # culling deletes a third of the keys in key order: keep room for every pre-filled scope
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "cadreplan-cache",
        }
    }
else:
    CACHES = {"default": DATABASE_CACHE}

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_CONFIGURED = bool(env_str("CELERY_BROKER_URL"))
# without a broker, Celery still wants a transport to name: the in-memory one never leaves the process
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", env_str("CELERY_BROKER_URL")) or None
# No broker configured: tasks run inline in the calling process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_CONFIGURED
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Redis: a task taken by a worker that died without acknowledging it (acks_late) is delivered again
# this many seconds after it was taken. The time limits stay below it, or a long task would be
# delivered twice; the sweep for such tasks runs often enough to honour a short value (tests).
CELERY_VISIBILITY_TIMEOUT = int(env_str("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_TASK_TIME_LIMIT = min(30 * 60, CELERY_VISIBILITY_TIMEOUT // 2)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT * 5 // 6
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1 if CELERY_VISIBILITY_TIMEOUT < 600 else 10,
    # publishing while the broker is down fails within about a second instead of retrying for ~20 s
    # (kombu's default_channel); the caller logs it and leaves the work to be retried (apps.core.tasks)
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# `celery -A cadreplan beat`: dashboard summaries of every list, nightly at 02:00 (CELERY_TIMEZONE: Vietnam)
CELERY_BEAT_SCHEDULE = {
    "dashboard-summaries-nightly": {
        "task": "reports.summaries_refresh",
        "schedule": crontab(hour=2, minute=0),
    },
    # alerts (retirements within 6 months, discipline, moves, age, list events), daily at 06:00
    "alerts-daily": {
        "task": "reports.alerts_build",
        "schedule": crontab(hour=6, minute=0),
    },
    # tasks that could not be sent while the broker was down (apps.reports.services.deferred)
    "deferred-tasks-retry": {
        "task": "reports.deferred_retry",
        "schedule": 60.0,
    },
}

# --- E-mail (alerts) -----------------------------------------------------------------------------
# Django's mail backends; by default the console backend prints the mails (no server needed).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cadreplan@localhost")
# the address of the site, written before the links of the alert mails
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Security -----------------------------------------------------------------------------------
# apps.accounts.lockout: 5 failures for one username from any address lock it, with a backoff (1 min,
# doubling per round of failures within a day, up to 4 h); an address alone only after 50 failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = "apps.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "apps.accounts.lockout.TwoFactorLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "apps.accounts.lockout.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# the reverse proxies whose X-Forwarded-For is believed (addresses or networks), e.g. docker-compose's
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Two-factor login (TOTP, django-otp): required of administrators (superusers, staff, admin memberships)
# and approvers, optional for the others; there is no setting that turns it off. A wrong code counts as a
# failed login for the lockout above, and each device also backs off on its own (2^n seconds after n
# wrong codes, django-otp's throttle).
OTP_TOTP_ISSUER = "cadreplan"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# HTTPS-only settings follow DEBUG unless set explicitly (tests and `make run` serve plain HTTP).
HTTPS = env_bool("HTTPS", env_bool("CADREPLAN_HTTPS", not DEBUG))
# "HTTPS" is also CGI's name for "this request came over TLS": the development server (wsgiref) copies
# the process environment into every request's, so HTTPS=1 made plain HTTP requests look secure (no
# redirect, HSTS over http). Read it, then take it out of the environment before any server starts;
# CADREPLAN_HTTPS carries the choice to the processes started from this one (runserver's reloader).
os.environ.pop("HTTPS", None)
os.environ["CADREPLAN_HTTPS"] = "1" if HTTPS else "0"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # at most a working day from login
# ...and signed out after this many minutes without a request (0: never); apps.accounts.idle
SESSION_IDLE_TIMEOUT = int(env_str("SESSION_IDLE_TIMEOUT_MINUTES", "30")) * 60
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
