# One image for web, worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN useradd --system --create-home --home-dir /home/tracker tracker

COPY pyproject.toml requirements.lock README.md ./
COPY tracker ./tracker
COPY incidents ./incidents
COPY templates ./templates
COPY locale ./locale
COPY manage.py ./
COPY docs/record.schema.json ./docs/
RUN pip install --no-cache-dir -c requirements.lock . \
    && DEBUG=0 SECRET_KEY=collectstatic-only STATIC_ROOT=/app/static \
       python manage.py collectstatic --noinput --verbosity 0

ENV STATIC_ROOT=/app/static TRACKER_VAR_DIR=/home/tracker/var
# A named volume mounted on a folder of the image starts with its owner: the releases volume is
# then writable by the tracker user.
RUN mkdir -p /home/tracker/var/releases && chown -R tracker:tracker /home/tracker/var
USER tracker
EXPOSE 8000
CMD ["gunicorn", "tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
