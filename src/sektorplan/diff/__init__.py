"""`sektorplan diff`: what changed between two versions of a plan or a workspace.

The pipeline, by module: `git` reads an old version out of git into a temporary folder
(nothing is checked out); `sides` loads and validates each side as `validate` does;
`compare` matches goals, sub-goals, indicators and initiatives by id and says what changed
in each, as plain dataclasses; `derived` compares what follows from the plans (progress
statuses, timing conflicts, the construction frame); `report` writes the result as text,
JSON or Markdown, and `word` as the Word change report for the hearing note.
"""
