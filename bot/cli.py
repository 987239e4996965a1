"""mentor-dashboard: write every mentor's dashboard on a wiki, once (``run``).

Usage:
    mentor-dashboard run [--mentor NAME ...] [--dry-run] [pywikibot global options]

Pywikibot's global options work as usual, e.g. ``-family:demo -lang:en -user:MentorBot``,
``-simulate`` (same as --dry-run) and ``-dir:PATH`` (the folder holding user-config.py).

Exit codes: 0 done; 1 the run failed (the message says why); 2 bad command line;
3 stopped by the shutoff page.
"""

from __future__ import annotations

import argparse
import logging
import sys

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SHUTOFF = 0, 1, 2, 3


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, bool]:
    import pywikibot
    from pywikibot import config

    rest = pywikibot.handle_args(argv)
    ap = argparse.ArgumentParser(
        prog="mentor-dashboard", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="one pass over all mentors (or those named)")
    run.add_argument("--mentor", action="append", default=[], metavar="NAME", help="only this mentor")
    run.add_argument("--dry-run", action="store_true", help="print unified diffs, save nothing")
    run.add_argument("-v", "--verbose", action="store_true")
    return ap.parse_args(rest), bool(config.simulate)


def main(argv: list[str] | None = None) -> int:
    args, simulate = parse_args(list(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    import pywikibot

    from bot.config import Settings
    from bot.gateway import Gateway
    from bot.i18n import Messages
    from bot.publish import ShutoffError
    from bot.run import Pass

    site = pywikibot.Site()
    gw = Gateway(site)
    try:
        report = Pass(gw, Settings(), only=args.mentor, dry_run=args.dry_run or simulate).run(
            Messages.load(site.lang)
        )
    except ShutoffError as e:
        print(f"stopped: {e}", file=sys.stderr)
        return EXIT_SHUTOFF
    except pywikibot.exceptions.Error as e:
        print(f"failed: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        gw.close()
    by_action: dict[str, int] = {}
    for o in report.outcomes:
        by_action[o.action] = by_action.get(o.action, 0) + 1
    print("pages: " + (", ".join(f"{n} {a}" for a, n in sorted(by_action.items())) or "none"))
    for p in report.problems:
        print(f"problem: {p.where}: {p.message}")
    print(f"requests: {gw.counts.summary()}; edits: {gw.edits}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
