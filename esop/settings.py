"""Settings of the e-SOP portal: one module, every value read from the environment.

Without any environment the portal runs embedded: SQLite in ``var/`` and no Redis. Production sets
``DATABASE_URL``, ``REDIS_URL``, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` (see README).
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# A missing secret must stop the start-up outside DEBUG, never fall back to a known value.
SECRET_KEY = env("SECRET_KEY") if not DEBUG else env("SECRET_KEY", default="dev-only-insecure-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "guardian",
    "simple_history",
    "treebeard",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "org",
    "sop",
    "workflow",
    "cases",
    "monitoring",
    "digitise",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "esop.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "org.permissions.PermissionMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "esop.security.IdleSessionMiddleware",
    "org.second_factor.SecondFactorMiddleware",
    "esop.security.DatabaseUnavailableMiddleware",
    "esop.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "esop.urls"
WSGI_APPLICATION = "esop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workflow.context_processors.inbox",
                "monitoring.context_processors.monitoring_links",
                "org.context_processors.admin_links",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'esop.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # PostgreSQL's JIT compiles the portal's permission subqueries for ~0.6 s before running them in
    # a few ms (measured by make bench); short OLTP queries never win that back.
    # The word similarity that counts as a typo in search (sop.search.TYPO_SIMILARITY) is the
    # threshold of pg_trgm's %> operator, which its GIN index can answer.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c pg_trgm.word_similarity_threshold=0.4"
    # Production (gunicorn's few workers) keeps a connection a minute, checked before reuse. Under
    # DEBUG the development server starts a thread per request, each of which would keep its own
    # connection until PostgreSQL has no more to give ("too many clients"): none are kept there.
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A cache that answers "not cached" while Redis is down, instead of failing the page (esop.cache).
    CACHES = {
        "default": {
            "BACKEND": "esop.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The navigation's inbox counts are cached when the cache is shared by every process (Redis): a
# per-process cache would keep counts that another process has made out of date.
ESOP_INBOX_CACHE = bool(REDIS_URL)
# The dashboard's figures of cases carried out are counted again at most this often (cases.figures):
# at a province's hundreds of thousands of cases they cost more than the rest of the page.
ESOP_CASE_FIGURES_SECONDS = env.int("ESOP_CASE_FIGURES_SECONDS", default=300)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis there is no broker to hand work to: tasks run in the web process, right after the
# transaction that queued them commits. With Redis a worker takes them.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Reading a batch of uploaded PDFs takes a second a file: without a worker, a thread of the web
# process reads them, so the upload answers at once and the batch page shows the progress.
ESOP_IMPORT_THREAD = not REDIS_URL
# Redis down: giving a task to the broker fails at once (esop.outbox keeps the work for the sweep).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# A task whose worker died before acknowledging it (acks late) is given again to a worker after
# the visibility timeout (an hour: longer than any task runs); a short one (the fault tests) is
# also looked for more often than kombu's default of about every 100 seconds.
_VISIBILITY = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "visibility_timeout": _VISIBILITY,
    "unacked_restore_interval": max(1, min(10, _VISIBILITY // 3)),
    "unacked_restore_throttle": 1 if _VISIBILITY < 60 else 10,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Jakarta"
# Every periodic schedule of the portal lives here (times in Asia/Jakarta).
CELERY_BEAT_SCHEDULE = {
    # 00:05 every day: established versions whose effective date has come enter into force.
    "bring-into-force": {"task": "workflow.tasks.bring_into_force", "schedule": crontab(hour=0, minute=5)},
    # 06:00 every day: periodic-review reminders (30 and 7 days before, on the day, weekly when overdue),
    # early enough to be read at the start of the working day.
    "review-reminders": {"task": "monitoring.tasks.send_review_reminders", "schedule": crontab(hour=6, minute=0)},
    # 00:30 every day, after the day's versions entered into force: the dashboard's indicator snapshot.
    "indicator-snapshots": {
        "task": "monitoring.tasks.take_indicator_snapshots",
        "schedule": crontab(hour=0, minute=30),
    },
    # Every 10 minutes: the staff are asked to read versions that came into force since the last run.
    "read-requests": {"task": "monitoring.tasks.sync_read_requests", "schedule": crontab(minute="*/10")},
    # 00:15 every day: the same for every version in force, so newcomers to a unit are asked too.
    "read-requests-newcomers": {
        "task": "monitoring.tasks.sync_read_requests",
        "schedule": crontab(hour=0, minute=15),
        "kwargs": {"fresh_only": False},
    },
    # 07:00 every day: a weekly reminder to each person who has not confirmed reading an SOP in force.
    "read-reminders": {"task": "monitoring.tasks.send_weekly_read_reminders", "schedule": crontab(hour=7, minute=0)},
    # Every minute: uploaded PDFs whose reading task was lost (no broker at upload, a killed worker)
    # are queued again; uploads are normally read at once.
    "import-sweep": {"task": "digitise.tasks.sweep_imports", "schedule": crontab(minute="*")},
    # E-mails whose hand-over failed while Redis was down (esop.outbox), once it is back.
    "outbox-sweep": {"task": "workflow.tasks.sweep_outbox", "schedule": crontab(minute="*")},
    # Every quarter of an hour: steps of cases past their mutu baku time are told to their people
    # (past twice that time, to the unit's head).
    "case-lateness": {"task": "cases.tasks.check_lateness", "schedule": crontab(minute="*/15")},
}

# --- API (read-only; see api/) ---------------------------------------------------------------
REST_FRAMEWORK = {
    # Internal systems send "Authorization: Token <key>"; the browsable pages use the session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Who sees what is decided by the selectors, as on the pages: anonymous callers get the public SOPs.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "e-SOP API",
    "DESCRIPTION": "Read-only access to the units, SOPs and versions of the e-SOP portal (SOP AP, Permen PANRB 35/2012).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links an operation's summary holds no link inside its button (WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account before its password is even looked at.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
# The link of a new account or a password reset stays valid for a week.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600
LOGIN_REDIRECT_URL = "sop:list"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user row: anonymous visitors get no object permission

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="e-SOP <esop@localhost>")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: one file per message here.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))

# --- Security (production values unless DEBUG) ------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# A session left alone this long ends (esop.security.IdleSessionMiddleware); the 8 hours above are
# the longest a session lasts however busy.
ESOP_IDLE_TIMEOUT = env.int("ESOP_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Failed logins (django-axes): locked for 15 minutes, the login page says until when, the owner is
# e-mailed a one-time link that lifts the lock. Penetapan's password counts too.
AXES_HANDLER = "org.lockout.PairFirstHandler"
# Wrong passwords lock one account from one address first (an outsider cannot lock the head out of
# the office), and the account from every address only after ESOP_ACCOUNT_FAILURE_LIMIT: an office's
# staff share one address behind its router, so the account's count is the higher. See org.lockout.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
ESOP_ACCOUNT_FAILURE_LIMIT = env.int("ESOP_ACCOUNT_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Guesses during a lock are not counted: the lock ends after its cool-off, and one address cannot
# push the account's count to its limit alone.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# «Lupa kata sandi» sends e-mail: at most this many requests per address and per account typed
# (django-ratelimit, counted in the cache: Redis in production, the one process's memory in the
# embedded mode, where that memory is shared by every request). While Redis is down the form works
# without the limit rather than not at all.
ESOP_RESET_RATE_ADDRESS = env("ESOP_RESET_RATE_ADDRESS", default="5/h")
ESOP_RESET_RATE_ACCOUNT = env("ESOP_RESET_RATE_ACCOUNT", default="3/h")
# The public satisfaction survey: answers per address (monitoring.public_views; an office or a
# service counter shares one address, so the limit is generous; one answer per SOP per device a day).
ESOP_SURVEY_RATE_ADDRESS = env("ESOP_SURVEY_RATE_ADDRESS", default="30/h")
# Public complaints per address, and lookups of their tracking codes (so that codes cannot be guessed).
ESOP_COMPLAINT_RATE_ADDRESS = env("ESOP_COMPLAINT_RATE_ADDRESS", default="10/h")
ESOP_TRACK_RATE_ADDRESS = env("ESOP_TRACK_RATE_ADDRESS", default="60/h")
RATELIMIT_FAIL_OPEN = True
# django-ratelimit knows Django's Redis cache only by its own name (W001); without Redis the embedded
# mode is one process, whose memory cache every request shares (E003 is about several processes).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", *([] if REDIS_URL else ["django_ratelimit.E003"])]

# Two-factor sign-in (org.second_factor): pengesah and portal administrators must enrol an
# authenticator app before they establish, revoke or administer. On in production; the demo of
# make run (DEBUG) and the test suite turn it off unless asked.
ESOP_REQUIRE_2FA = env.bool("ESOP_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="e-SOP")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings matter here. pyHanko logs a
    # traceback for every certificate chain it cannot build, which the verification page reports as
    # an answer ("not chained to a trusted root"), not an error.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}

# --- The portal -----------------------------------------------------------------------------
ESOP_PAGE_SIZE = 25
# Where the portal is reached from outside: links in e-mails and the PDF's QR code point here.
ESOP_BASE_URL = env("ESOP_BASE_URL", default="http://127.0.0.1:8000")
# Seconds every save of the step editor waits before answering: 0, but for the browser tests that
# type on while a save is in flight, as on a slow office network.
ESOP_EDITOR_SAVE_DELAY = 0.0
# Landscape paper of the printed SOPs: A4, F4, Letter or Legal.
ESOP_PAPER_SIZE = env("ESOP_PAPER_SIZE", default="A4")

# --- Electronic signatures (PAdES) at penetapan -------------------------------------------------
# Fernet key (32 bytes, base64) that encrypts the certificates the portal holds. Without it no
# certificate can be uploaded (in development it is derived from SECRET_KEY).
ESOP_SIGNING_KEY = env("ESOP_SIGNING_KEY", default="")
# Certificates with DEMO in their names (seed_demo's): development only.
ESOP_ALLOW_DEMO_CERTIFICATES = env.bool("ESOP_ALLOW_DEMO_CERTIFICATES", default=DEBUG)
# RFC 3161 timestamp server: signatures become PAdES B-T instead of B-B.
ESOP_TSA_URL = env("ESOP_TSA_URL", default="")
# The national signing service's API (BSrE TTE v2): on only when the URL is set.
ESOP_BSRE_URL = env("ESOP_BSRE_URL", default="")
ESOP_BSRE_USERNAME = env("ESOP_BSRE_USERNAME", default="")
ESOP_BSRE_PASSWORD = env("ESOP_BSRE_PASSWORD", default="")
# The largest PDF the public verification page reads.
ESOP_VERIFY_MAX_BYTES = env.int("ESOP_VERIFY_MAX_BYTES", default=20 * 1024 * 1024)
ESOP_VERIFY_RATE_ADDRESS = env("ESOP_VERIFY_RATE_ADDRESS", default="60/h")
