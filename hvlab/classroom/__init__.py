"""Classroom tools: the self-paced progress record, the nbgitpuller link and the trainer's pages.

A trainer with 10–300 learners serves hvlab from JupyterHub (see ``deploy/`` and
``docs/classroom.md``). This package holds what hvlab itself adds to that:

- :mod:`hvlab.classroom.progress` — which notebooks, self-checks and challenges a learner has
  done, kept in a JSON file in the learner's home so it survives kernel restarts (no ipywidgets);
- :mod:`hvlab.classroom.link` — ``python -m hvlab classroom-link``: one nbgitpuller link per class;
- :mod:`hvlab.classroom.present` — ``python -m hvlab present``: the labs as clean Voila apps.

Importing this package imports none of them. Classroom code reads the course's content (its
questions and challenges) from :mod:`hvlab.course` and never imports ipywidgets; the progress
view shown in ``00-start-here.ipynb`` is a widget, :mod:`hvlab.widgets.progress_view`.
"""
