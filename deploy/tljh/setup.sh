#!/bin/bash
# The Littlest JupyterHub for an hvlab class, on a fresh Ubuntu 22.04/24.04 VM (run as root).
# Usage: sudo HVLAB_CLASS_PASSWORD='choose-one' OWNER=your-github-user bash deploy/tljh/setup.sh
# Numbers as in deploy/jupyterhub_config.py; see docs/classroom.md "Run a class on JupyterHub".
set -euo pipefail
: "${HVLAB_CLASS_PASSWORD:?set the class password (at least 8 characters)}"
: "${OWNER:?set OWNER to the GitHub account holding your copy of hvlab}"
HERE="$(cd "$(dirname "$0")" && pwd)"

curl -L https://tljh.jupyter.org/bootstrap.py | python3 - --admin trainer \
    --user-requirements-txt-url "https://raw.githubusercontent.com/${OWNER}/hvlab/main/deploy/tljh/requirements.txt"

install -m 600 /dev/null /opt/tljh/config/hvlab_class_password
printf '%s\n' "$HVLAB_CLASS_PASSWORD" > /opt/tljh/config/hvlab_class_password
install -m 600 /dev/null /opt/tljh/config/hvlab_trainer_password
openssl rand -hex 16 > /opt/tljh/config/hvlab_trainer_password   # the trainer's (admin) password
echo "trainer's password: $(cat /opt/tljh/config/hvlab_trainer_password)"
install -m 644 "$HERE/hvlab_classroom.py" /opt/tljh/config/jupyterhub_config.d/hvlab_classroom.py

tljh-config set limits.memory 1G
tljh-config set limits.cpu 1
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 3600
tljh-config set services.cull.every 300
tljh-config set user_environment.default_app jupyterlab
tljh-config reload
