"""Write every mentor's dashboard: the Pywikibot user-script entry to ``mentor-dashboard``.

    python pwb.py mentor_dashboard [run|serve|toolforge-jobs] [options] [-simulate] [-family:…]

Same commands, options and exit codes as the ``mentor-dashboard`` console script (see
``bot/ops/cli.py``): ``pwb mentor_dashboard run -simulate`` prints the diffs of a dry run, and
with no command it prints the help and exits 2, like the console script.
``user-config.py`` lists this folder in ``user_script_paths``.
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
