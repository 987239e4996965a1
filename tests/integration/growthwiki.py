"""A local wiki with the test-only GrowthExperiments stand-in (tests/growthstub) loaded.

The stand-in is loaded on this wiki only: the session's standalone wiki never sees it, so
every other test keeps running on a wiki where GrowthExperiments is absent.
"""

from __future__ import annotations

import localwiki

STUB = localwiki.ROOT / "tests" / "growthstub"


def create(name: str, version: str, lang: str = "en") -> dict[str, object]:
    """Install a fresh wiki NAME, load the stand-in, create its table, and snapshot that state."""
    info = localwiki.create(name, version, lang, force=True)
    with (localwiki.site_dir(name) / "LocalSettings.php").open("a") as f:
        f.write(
            "\n# --- test only: the GrowthExperiments stand-in (tests/growthstub) ---\n"
            f"wfLoadExtension( 'GrowthExperiments', '{STUB / 'extension.json'}' );\n"
        )
    localwiki.maint(info, "sql", str(STUB / "sql" / "tables.sql"))
    localwiki.snapshot(name)
    return info
