"""`python -m sektorplan` and the `sektorplan` command.

Loading the command's modules takes a moment; Ctrl-C in that moment ends as it does once the
command runs ("Afbrudt.", exit code 130), not with Python's traceback of the import.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
