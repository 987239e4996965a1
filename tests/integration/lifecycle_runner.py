"""One bot pass in a process of its own, so a test can kill it with SIGKILL half-way.

Started by ``botrun.start_pass_process``, with the repository root on PYTHONPATH:

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
sys.path.insert(0, str(ROOT / "scripts"))  # botrun seeds through scripts/botseed.py


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    import pywikibot

    from bot.core.settings import Settings
    from tests.integration.botrun import run_bot

    settings = Settings(**json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}"))
    run_bot(settings, site=pywikibot.Site())


if __name__ == "__main__":
    main()
