"""The Littlest JupyterHub: hvlab's classroom settings TLJH has no ``tljh-config`` key for.

Copy to ``/opt/tljh/config/jupyterhub_config.d/hvlab_classroom.py`` and run
``sudo tljh-config reload``. TLJH's own keys (memory and CPU limits, the idle culler) are set with
the ``tljh-config`` commands of ``deploy/tljh/setup.sh``; the numbers are those of
``deploy/jupyterhub_config.py``.
"""

import os

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

CONCURRENT_SPAWN_LIMIT = 10
IDLE_KERNEL_TIMEOUT = 1200

password = os.environ.get("HVLAB_CLASS_PASSWORD") or open("/opt/tljh/config/hvlab_class_password").read().strip()
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = password
c.Authenticator.allow_all = True
# TLJH's admins (users.admin, the trainer of bootstrap --admin) log in with a password of their own.
c.SharedPasswordAuthenticator.admin_password = open("/opt/tljh/config/hvlab_trainer_password").read().strip()
c.JupyterHub.concurrent_spawn_limit = CONCURRENT_SPAWN_LIMIT
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={IDLE_KERNEL_TIMEOUT}",
    "--MappingKernelManager.cull_interval=120",
]
