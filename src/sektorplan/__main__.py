"""`python -m sektorplan` and the `sektorplan` command.

Loading the command's modules takes a moment; Ctrl-C in that moment ends as it does once the
command runs ("Afbrudt.", exit code 130), not with Python's traceback of the import.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
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
