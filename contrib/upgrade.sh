#!/usr/bin/env bash
# Upgrade a systemd deployment in place: contrib/upgrade.sh [GIT-REF]
# Run as the tracker user from /srv/tracker; restarting the units needs sudo rights for them.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-origin/main}

set -a; . /etc/tracker/env; set +a

git fetch --quiet
git checkout --quiet --detach "$ref"
.venv/bin/pip install --quiet -c requirements.lock .
# Migrate before the new code serves: every migration here keeps the old code working.
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
# Content types of models that a release removed would keep dangling permissions.
.venv/bin/python manage.py remove_stale_contenttypes --noinput
sudo systemctl restart tracker-worker tracker-beat
sudo systemctl reload tracker-web
curl --fail --silent --show-error http://127.0.0.1:8000/healthz >/dev/null
# Stored export records missing or written by an older builder: the new code serves them built on
# the fly (correct, slower) until this finishes, so it runs after the restart.
.venv/bin/python manage.py rebuild_records --missing
echo "upgraded to $(git rev-parse --short HEAD)"
