"""Write every mentor's dashboard: the Pywikibot user-script entry to ``mentor-dashboard``.

    python pwb.py mentor_dashboard [run|serve|toolforge-jobs] [options] [-simulate] [-family:…]

Same options and exit codes as the ``mentor-dashboard`` console script (see ``bot/ops/cli.py``);
with no command it does one pass, so ``pwb mentor_dashboard -simulate`` prints the diffs of a
dry run. ``user-config.py`` lists this folder in ``user_script_paths``.
"""

from __future__ import annotations

import sys

from bot.ops.cli import main as cli_main


def main(*args: str) -> None:
    code = cli_main(list(args))
    if code:
        sys.exit(code)


if __name__ == "__main__":
    main(*sys.argv[1:])
