#!/usr/bin/env python3
"""Screenshot one dashboard of the demo wiki: Vector at 1280 px and MinervaNeue (mobile) at 390 px.

    make demo && make screenshots          # writes docs/dashboard-*.png

Wikis serve MinervaNeue to phones; Debian's MediaWiki bundles it, and this script loads it on
the demo wiki (one line in its LocalSettings.php) so ``useskin=minervaneue`` works. Headless
Chromium takes the pictures; look at them, the page must actually read well at phone width.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import localwiki

ROOT = Path(__file__).resolve().parent.parent
SKIN_LINE = "wfLoadSkin( 'MinervaNeue' );\n"
SHOTS = {  # file -> (skin, width, height, section to scroll to)
    "dashboard-desktop.png": ("vector", 1280, 1600, ""),
    "dashboard-mobile.png": ("minervaneue", 390, 4400, ""),  # tall: down to the mentee table
}


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("headless Chromium is needed: apt-get install chromium")


def load_minerva(site: str) -> None:
    settings = localwiki.site_dir(site) / "LocalSettings.php"
    text = settings.read_text()
    if "MinervaNeue" not in text:
        settings.write_text(text + SKIN_LINE)  # php -S reads it on every request: no restart


def shoot(url: str, out: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={out}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", default=os.environ.get("MENTOR_WIKI", "demo"))
    ap.add_argument("--mentor", default="Ada Mentor")
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args(argv)
    load_minerva(args.site)
    base = localwiki.url(args.site)
    args.out.mkdir(parents=True, exist_ok=True)
    title = f"User:{args.mentor}/Mentor dashboard".replace(" ", "_")
    for name, (skin, width, height, anchor) in SHOTS.items():
        shoot(f"{base}/index.php?title={title}&useskin={skin}{anchor}", args.out / name, width, height)
        print(args.out / name)


if __name__ == "__main__":
    main()
