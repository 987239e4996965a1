"""One bot pass in a process of its own, so a test can kill it with SIGKILL half-way.

    python lifecycle_runner.py '{"reassign_notice": true}'   # Settings overrides as JSON

Logs at INFO on stderr: the test watches for "notice posted on" lines to pick its moment.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("PYWIKIBOT_DIR", str(ROOT))
os.environ.setdefault("MENTOR_WIKI", "mdtest")


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    import pywikibot

    from bot.core.settings import Settings
    from bot.gateway import Gateway
    from bot.render.i18n import Messages
    from bot.run import run_pass

    settings = Settings(**json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}"))
    gw = Gateway(pywikibot.Site())
    try:
        run_pass(gw, settings, Messages.load("en"), show=lambda _: None)
    finally:
        gw.close()


if __name__ == "__main__":
    main()
