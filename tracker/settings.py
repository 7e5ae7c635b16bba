"""Settings for the tracker: one file, read from the environment.

Every variable is listed in README.md and .env.example.
"""

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A .env file beside manage.py, if present, fills in what the real environment leaves unset.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime state of the embedded default: SQLite file, page cache, filesystem broker, beat
# schedule. A relative path is taken from the project root, so every process (make run, a
# hand-run manage.py command, a worker started from elsewhere) finds the same files.
VAR_DIR = BASE_DIR / env.str("TRACKER_VAR_DIR", default="var")

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-only-for-debug")
elif not env.str("SECRET_KEY", default=""):
    # No default key in production: refuse to start, saying what to do.
    raise ImproperlyConfigured(
        "SECRET_KEY is required when DEBUG is off: set it in the environment or in .env "
        "(see .env.example), or set DEBUG=1 for local work."
    )
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "incidents.site.middleware.ReaderPreferencesMiddleware",
    "incidents.api.middleware.ApiVersionMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
            ],
            # The readers' tags live with the site surface, not at the app's top level.
            "libraries": {"tracker": "incidents.site.templatetags.tracker"},
        },
    },
]

# --- Database -------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes (make run).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme in a form is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Redis: broker and cache when set, embedded defaults otherwise -----------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tracker.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs costs a page at most a second; one that is down, nothing
            # for CACHE_RETRY_SECONDS after the first failure (tracker/cache.py).
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                "retry_seconds": env.float("CACHE_RETRY_SECONDS", default=5.0),
            },
        }
    }
else:
    # A file cache under VAR_DIR: the one store every process of the embedded default
    # shares, so a worker's or a hand-run poll_sources' writes retire the web's pages.
    # https://django-environ.readthedocs.io/en/latest/types.html#environ-env-cache-url
    CACHE_URL = env.str("CACHE_URL", default="") or f"filecache://{VAR_DIR / 'cache'}"
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
# Public page fragments; a version bumped on every change invalidates them sooner.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Pages each process also keeps in memory (50 to 100 KB each), checked against the version.
PAGE_CACHE_LOCAL_ENTRIES = env.int("PAGE_CACHE_LOCAL_ENTRIES", default=256)

# --- Celery ---------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    # Bounded socket waits and a health check: a dead connection is noticed, not waited on.
    {"socket_timeout": 30, "socket_connect_timeout": 5, "health_check_interval": 30}
    if REDIS_URL
    else {
        # kombu's filesystem transport: a worker and beat with no broker to install.
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
)
# kombu's Redis transport with the fix for a Redis lost mid-task (see tracker/broker.py).
CELERY_BROKER_TRANSPORT = "tracker.broker:Transport" if REDIS_URL else None
# A worker waits for its broker however long it is away, at start and after a loss, instead
# of giving up after 100 tries (about an hour and a half) and exiting.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None


def _embedded_folders() -> list[Path]:
    """Return the folders the embedded default writes in: SQLite's, the file cache, the queue."""
    folders = [Path(p) for p in CELERY_BROKER_TRANSPORT_OPTIONS.values() if isinstance(p, str)]
    database = DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and str(database["NAME"]) != ":memory:":
        folders.append(Path(str(database["NAME"])).parent)
    if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        folders.append(Path(CACHES["default"]["LOCATION"]))
    return folders


# SQLite cannot create the folder its file goes in, nor kombu its queue: make them here, so
# any manage.py command works on a fresh clone.
for _folder in _embedded_folders():
    _folder.mkdir(parents=True, exist_ok=True)

CELERY_RESULT_BACKEND = REDIS_URL or None
# Results are written on the same Redis: retry those writes too rather than fail the task.
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
CELERY_RESULT_BACKEND_MAX_RETRIES = 10
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 30
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # Each Source keeps its own interval; this only finds the due ones and enqueues their polls.
    "enqueue-due-polls": {
        "task": "incidents.tasks.enqueue_due_polls",
        "schedule": 60.0,
        # A tick nobody ran within the minute is superseded by the next one.
        "options": {"expires": 55},
    },
}
CELERY_TIMEZONE = "UTC"

# --- Auth, i18n, time -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes): https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Locking the username and address together, with a cool-off, means an attacker elsewhere
# can never lock a real editor out; `manage.py axes_reset_username NAME` unlocks at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "tracker.clientip.client_ip"
AXES_VERBOSE = False
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A reader's language outlives the browser session: Django's default cookie is a session one.
# https://docs.djangoproject.com/en/5.2/ref/settings/#language-cookie-age
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Only a proxy that sets X-Forwarded-Proto itself makes the header trustworthy; without one a
# client could send "https" and skip the redirect. Opt-in behind such a proxy.
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("TRUST_X_FORWARDED_PROTO", default=False)
    else None
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Sends the preload directive; it has effect only once the domain is submitted to hstspreload.org.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Django REST Framework ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "incidents.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "incidents.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "incidents.api.exceptions.api_exception_handler",
    # Per IP / per user, in DRF's rate syntax:
    # https://www.django-rest-framework.org/api-guide/throttling/
    "DEFAULT_THROTTLE_CLASSES": [
        "incidents.api.throttling.AnonThrottle",
        "incidents.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    # Proxies in front that append to X-Forwarded-For. 0: key clients by the socket address
    # alone, since anyone can send the header (DRF's own default trusts it whole).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
# Days a new API token stays valid unless told otherwise (manage.py issue_token --days).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
SPECTACULAR_SETTINGS = {
    "TITLE": "Cloud outage tracker API",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ProductKindEnum": "incidents.models.ProductKind",
        "RegionKindEnum": "incidents.models.RegionKind",
        "CorporateEventKindEnum": "incidents.models.CorporateEventKind",
        "SourceKindEnum": "incidents.ingest.parsers.source_kinds",
        "LinkKindEnum": "incidents.api.serializers.LINK_KINDS",
    },
}

# --- Ingestion ------------------------------------------------------------------------
INGEST_ALLOW_PRIVATE_NETWORKS = env.bool("INGEST_ALLOW_PRIVATE_NETWORKS", default=False)
# Largest response body a fetch reads, counted after decompression (a gzip bomb stops here).
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=10 * 1024 * 1024)
# Shown in the fetcher's User-Agent ("+URL") so status page operators can see who polls.
PROJECT_URL = env.str("PROJECT_URL", default="")
# Snapshots (raw payloads that changed something) kept per source, newest first.
INGEST_SNAPSHOT_RETENTION = env.int("INGEST_SNAPSHOT_RETENTION", default=50)
# The push receiver (/ingest/<source>/<token>/): largest body, oldest meta.generated_at
# believed (older is a replay), and requests a minute per source.
INGEST_PUSH_MAX_BYTES = env.int("INGEST_PUSH_MAX_BYTES", default=1024 * 1024)
INGEST_PUSH_MAX_AGE_SECONDS = env.int("INGEST_PUSH_MAX_AGE_SECONDS", default=600)
INGEST_PUSH_RATE_PER_MINUTE = env.int("INGEST_PUSH_RATE_PER_MINUTE", default=60)

# --- Dataset releases (manage.py release_dataset) ------------------------------------------
# Immutable release folders; a relative path is taken from the project root.
RELEASES_DIR = BASE_DIR / env.str("RELEASES_DIR", default=str(VAR_DIR / "releases"))
# Who a release names as its creator and publisher (CITATION.cff, datapackage.json, JSON-LD).
RELEASE_CREATOR = env.str("RELEASE_CREATOR", default="The cloud outage tracker editors")

# --- Notifications: subscriptions by email and signed webhooks ---------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # The embedded default: each message becomes a file under var/mail, no mail server needed.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Outage tracker <tracker@localhost>")
# Links in messages and webhook bodies are absolute: a worker has no request to take a host from.
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Changes to one incident within this many seconds go out as one message.
NOTIFY_COALESCE_SECONDS = env.float("NOTIFY_COALESCE_SECONDS", default=10.0)
# A failed delivery is retried after BASE, 2xBASE, 4xBASE... seconds, MAX_ATTEMPTS tries in all.
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=30.0)
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=6)
# A subscription whose deliveries failed this many times in a row is disabled.
NOTIFY_DISABLE_AFTER = env.int("NOTIFY_DISABLE_AFTER", default=10)
NOTIFY_WEBHOOK_TIMEOUT = env.float("NOTIFY_WEBHOOK_TIMEOUT", default=10.0)
# Leadership changes and corporate events dated further back are history, not news: not told.
NOTIFY_EVENT_MAX_AGE_DAYS = env.int("NOTIFY_EVENT_MAX_AGE_DAYS", default=30)
CELERY_TASK_ROUTES = {"incidents.notify.tasks.*": {"queue": "notifications"}}
CELERY_BEAT_SCHEDULE["send-digests"] = {
    "task": "incidents.notify.tasks.send_digests",
    "schedule": 300.0,
    "options": {"expires": 290},
}

# --- Logging: to stderr, where the process manager collects it ---------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
