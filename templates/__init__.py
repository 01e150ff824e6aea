"""The built-in templates, installed as the package `sektorplan.templates`.

plan.md.j2 and plan.html.j2 (Jinja2) and sektorplan.docx (docxtpl), rebuilt with
scripts/build_word_template.py; README.md says how to restyle them and which values they get.
"""

from pathlib import Path

PATH = Path(__file__).resolve().parent
