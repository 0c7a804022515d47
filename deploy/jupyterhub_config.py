"""JupyterHub configuration for an hvlab training day on one machine.

    export HVLAB_CLASS_PASSWORD='choose-one-for-today'     # at least 8 characters
    export HVLAB_TRAINER_PASSWORD="$(openssl rand -hex 16)"  # optional, 32+ characters: admin "trainer"
    jupyterhub -f deploy/jupyterhub_config.py

What a class needs, and why:
- **Authenticator**: one shared password for the day (JupyterHub's ``shared-password``): learners
  pick any user name, nobody needs an account beforehand, and the password changes next time.
  With ``HVLAB_TRAINER_PASSWORD`` set, the trainer (``HVLAB_TRAINER``, default ``trainer``) logs
  in with that password as admin and can open any learner's server.
- **Spawner**: ``SystemdSpawner`` (``pip install jupyterhub-systemdspawner``) gives each learner a
  Unix user of their own and enforces the memory and CPU limits below. Without it the hub falls
  back to ``LocalProcessSpawner`` and says so in its log: then limits are *not* enforced.
- **Limits** from the measured figures in docs/classroom.md: a learner's server and one kernel
  after the heaviest notebook take ~0.3 GiB; 1 GiB leaves room for three open notebooks.
  Idle kernels are shut down after 20 minutes, so old notebooks do not pile up.
- **Concurrent-spawn limit**: a class logs in at 9:00 sharp; 10 servers start at a time, the
  others wait a few seconds instead of timing out (measured: 20 at once without a limit fail).
- **Idle culler**: servers idle for an hour are stopped, freeing memory for the next group.

The same settings for Kubernetes are in ``deploy/z2jh/values.yaml`` and for The Littlest
JupyterHub in ``deploy/tljh/`` (tests/classroom/test_classroom.py checks they agree).
"""

import os
import sys
import warnings

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# ---------------------------------------------------------------- the class's numbers
MEMORY_LIMIT = "1G"
MEMORY_GUARANTEE = "512M"
CPU_LIMIT = 1.0
CONCURRENT_SPAWN_LIMIT = 10
START_TIMEOUT = 300
IDLE_KERNEL_TIMEOUT = 1200  # seconds: a kernel nobody used for 20 minutes is shut down
CULL_TIMEOUT = 3600  # seconds: a server idle for an hour is stopped
CULL_EVERY = 300
DEFAULT_URL = "/lab"

# ---------------------------------------------------------------- who may log in
password = os.environ.get("HVLAB_CLASS_PASSWORD", "")
if len(password) < 8:
    raise SystemExit("Set HVLAB_CLASS_PASSWORD to the class's password (at least 8 characters).")
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = password
c.Authenticator.allow_all = True
trainer_password = os.environ.get("HVLAB_TRAINER_PASSWORD", "")
if trainer_password:
    # The trainer logs in with a password of their own (JupyterHub wants 32+ characters for it);
    # anyone using the class password is never admin.
    c.Authenticator.admin_users = {os.environ.get("HVLAB_TRAINER", "trainer")}
    c.SharedPasswordAuthenticator.admin_password = trainer_password
    c.JupyterHub.admin_access = True  # the trainer can open a learner's server to help

# ---------------------------------------------------------------- learners' servers
try:
    import systemdspawner  # noqa: F401

    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = True  # a Unix user per learner, created on first login
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
except ImportError:
    warnings.warn("jupyterhub-systemdspawner is not installed: learners share one Unix user and the memory "
                  "and CPU limits are NOT enforced (pip install jupyterhub-systemdspawner)")
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.mem_limit = MEMORY_LIMIT
c.Spawner.mem_guarantee = MEMORY_GUARANTEE
c.Spawner.cpu_limit = CPU_LIMIT
c.Spawner.default_url = DEFAULT_URL
c.Spawner.start_timeout = START_TIMEOUT
c.Spawner.http_timeout = 120
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={IDLE_KERNEL_TIMEOUT}",
    "--MappingKernelManager.cull_interval=120",
]
c.JupyterHub.concurrent_spawn_limit = CONCURRENT_SPAWN_LIMIT

# ---------------------------------------------------------------- idle culler (a hub-managed service)
c.JupyterHub.services = [{
    "name": "jupyterhub-idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_TIMEOUT}", f"--cull-every={CULL_EVERY}"],
}]
c.JupyterHub.load_roles = [{
    "name": "jupyterhub-idle-culler-role",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["jupyterhub-idle-culler"],
}]
