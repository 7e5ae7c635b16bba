from .celery import app as celery_app

# The one place the version is written: pyproject.toml reads it, the API reports it.
__version__ = "0.2.0"

__all__ = ("__version__", "celery_app")
