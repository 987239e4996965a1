"""A local wiki with the test-only GrowthExperiments stand-in (tests/growthstub) loaded.

The stand-in is loaded on this wiki only: the session's standalone wiki never sees it, so
every other test keeps running on a wiki where GrowthExperiments is absent.
"""

from __future__ import annotations

import json

import localwiki

STUB = localwiki.ROOT / "tests" / "growthstub"


def create(name: str, version: str, lang: str = "en") -> dict[str, object]:
    """Install a fresh wiki NAME, load the stand-in, create its table, and snapshot that state."""
    info = localwiki.create(name, version, lang, force=True)
    with (localwiki.site_dir(name) / "LocalSettings.php").open("a") as f:
        f.write(
            "\n# --- test only: the GrowthExperiments stand-in (tests/growthstub) ---\n"
            f"wfLoadExtension( 'GrowthExperiments', '{STUB / 'extension.json'}' );\n"
            # Cookies ignore the port: two test wikis on 127.0.0.1 need distinct session cookies.
            f"$wgCookiePrefix = '{name}';\n"
        )
    localwiki.maint(info, "sql", str(STUB / "sql" / "tables.sql"))
    # The bot's BotPassword also gets GrowthExperiments' "managementorship" grant, which carries
    # setmentor and managementors: without it the API refuses claims and mentor-list changes.
    grants = json.dumps([*localwiki.BOT_GRANTS.split(","), "managementorship"])
    localwiki.maint(info, "sql", "--query", f"UPDATE bot_passwords SET bp_grants = '{grants}'")
    localwiki.snapshot(name)
    return info
