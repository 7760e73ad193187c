"""``python -m wacapi run [options] MODULE [ARGS...]``, ``python -m wacapi inspect MODULE``.

See :mod:`wacapi._cli`.
"""

from __future__ import annotations

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
