"""`python -m sektorplan` and the `sektorplan` command.

Loading the command's modules takes a moment; Ctrl-C in that moment ends as it does once the
command runs ("Afbrudt.", exit code 130), not with Python's traceback of the import.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # pydantic looks for plugins in every installed package's entry points when the first
    # model is made; sektorplan's command uses none, and the look costs every command (even
    # `validate` of one plan) a noticeable part of its start. Set on the command line, the
    # variable wins (PYDANTIC_DISABLE_PLUGINS is pydantic's documented switch).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from sektorplan.cli.app import main as run
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        sys.exit(130)
    try:
        run()
    finally:
        # The process ends now, and the system takes back all its memory. Without this, the
        # collector went over everything the command had loaded (the libraries and every
        # plan) once more on the way out.
        gc.freeze()


if __name__ == "__main__":
    main()
