"""``python -m hvlab classroom-link``: the one link a trainer hands out.

nbgitpuller (installed on the hub) clones the course repository into each learner's home the
first time the link is opened, and on later clicks pulls new commits while keeping the learner's
own edits (it merges, the learner's changes win). The link goes through ``/hub/user-redirect/``,
so it is the same for every learner: the hub sends each to their own server after login.

    python -m hvlab classroom-link --hub https://hub.example.org --repo https://github.com/OWNER/hvlab

Link format (nbgitpuller's documented query parameters): ``repo``, ``branch``, ``targetpath``
(always given, see :meth:`ClassroomLink.query`), ``urlpath``.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from dataclasses import dataclass
from enum import Enum
from typing import Sequence
from urllib.parse import urlencode, urlsplit

from hvlab.catalog import text

__all__ = ["App", "ClassroomLink", "DEFAULT_PATH", "main", "repository_folder"]

DEFAULT_PATH = "notebooks/00-start-here.ipynb"


class App(Enum):
    """Where the pulled notebook opens; the value is the start of JupyterHub's ``urlpath``."""

    LAB = "lab"
    NOTEBOOK = "notebook"
    VOILA = "voila"

    def urlpath(self, path: str) -> str:
        return {App.LAB: "lab/tree/", App.NOTEBOOK: "tree/", App.VOILA: "voila/render/"}[self] + path


def repository_folder(repo: str) -> str:
    """The folder the course lands in: the repository's last path part without ``.git``."""
    name = posixpath.basename(urlsplit(repo).path.rstrip("/")) or "course"
    return name[:-4] if name.endswith(".git") else name


@dataclass(frozen=True)
class ClassroomLink:
    """Everything one nbgitpuller link says; :meth:`url` writes it."""

    hub: str
    repo: str
    branch: str | None = None
    path: str = DEFAULT_PATH
    app: App = App.LAB
    targetpath: str | None = None

    def __post_init__(self) -> None:
        for name, value, schemes in (("--hub", self.hub, ("http", "https")), ("--repo", self.repo, ("http", "https", "file", "git", "ssh"))):
            parts = urlsplit(value)
            if parts.scheme not in schemes or not (parts.netloc or parts.scheme == "file"):
                raise ValueError(text("classroom.link.bad_url", name=name, value=value))
        clean = posixpath.normpath(self.path) if self.path else ""
        if not self.path or self.path.startswith("/") or clean.startswith(".."):
            raise ValueError(text("classroom.link.bad_path", value=self.path))

    @property
    def folder(self) -> str:
        """The folder in the learner's home the course lands in."""
        return self.targetpath or repository_folder(self.repo)

    def query(self) -> dict[str, str]:
        """nbgitpuller's parameters, in the order its own link generator writes them."""
        params = {"repo": self.repo}
        if self.branch:
            params["branch"] = self.branch
        # Always explicit: nbgitpuller's own default keeps a ".git" suffix and, in its sync
        # handler, turns a trailing "/" into an empty folder name.
        params["targetpath"] = self.folder
        params["urlpath"] = self.app.urlpath(posixpath.join(self.folder, posixpath.normpath(self.path)))
        return params

    def url(self) -> str:
        """``HUB/hub/user-redirect/git-pull?...``: the same link for every learner."""
        return f"{self.hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(self.query())}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab classroom-link", description=text("classroom.link.help"))
    parser.add_argument("--hub", required=True, help=text("classroom.link.hub"))
    parser.add_argument("--repo", required=True, help=text("classroom.link.repo"))
    parser.add_argument("--branch", default=None, help=text("classroom.link.branch"))
    parser.add_argument("--path", default=DEFAULT_PATH, help=text("classroom.link.path", default=DEFAULT_PATH))
    parser.add_argument("--app", choices=[a.value for a in App], default=App.LAB.value, help=text("classroom.link.app"))
    parser.add_argument("--targetpath", default=None, help=text("classroom.link.targetpath"))
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        link = ClassroomLink(hub=args.hub, repo=args.repo, branch=args.branch, path=args.path,
                             app=App(args.app), targetpath=args.targetpath)
    except ValueError as error:
        parser.error(str(error))
    print(link.url())
    return 0


if __name__ == "__main__":
    sys.exit(main())
