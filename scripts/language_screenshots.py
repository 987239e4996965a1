#!/usr/bin/env python3
"""Screenshots of a seeded demo dashboard in English and Arabic, for the README (``make screenshots-lang``).

    python scripts/language_screenshots.py [--mw 1.43] [--lang en --lang ar]

For each language this builds a fresh demo wiki in that content language (``shot<lang>``),
seeds it like ``make demo``, runs the bot once and photographs the demo mentor with the most to
show (``scripts/screenshots.py``): ``docs/dashboard-<lang>.png`` (Vector 2022, 1280×900),
``docs/dashboard-<lang>-mobile.png`` (MinervaNeue, 390 px) and the crops
``docs/dashboard-<lang>-{needs-you,mentees,questions,impact}.png``. The Arabic pictures are how
a reviewer sees that a right-to-left wiki gets a right-to-left dashboard; the tests take a
screenshot too, but only a person can judge the picture.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import localwiki
import screenshots
from browser import CHROMIUM_FLAGS
from seed_demo import MENTORS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DASHBOARD = "User:Ada_Mentor/Mentor_dashboard"  # the first mentor scripts/seed_demo.py creates
WINDOW = (1280, 1600)


def chromium() -> str | None:
    """Debian's chromium, or any chromium on PATH; None where there is none (CI need not have it)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header: enough to tell a real picture from an error page."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def take(url: str, out: Path, window: tuple[int, int] = WINDOW, timeout: float = 90) -> Path:
    """Photograph URL into OUT with a throwaway profile; raises if Chromium wrote no picture."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH (Debian: apt-get install chromium)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="mentor-dashboard-chromium-") as profile:
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={out}",
                f"--window-size={window[0]},{window[1]}",
                url,
            ],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    if not out.exists():
        raise RuntimeError(f"chromium wrote no screenshot of {url}")
    return out


def demo_screenshot(lang: str, mw: str) -> Path:
    """A demo wiki in LANG, seeded and run through once, photographed, then stopped."""
    site = f"shot{lang}"
    localwiki.create(site, mw, lang, force=True)
    base = localwiki.start(site)
    env = dict(os.environ, MENTOR_WIKI=site, MENTOR_WIKI_LANG=lang, PYWIKIBOT_DIR=str(ROOT))
    bindir = Path(sys.executable).parent
    try:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "seed_demo.py")], env=env, check=True)
        subprocess.run([str(bindir / "mentor-dashboard"), "run"], env=env, check=True)
        screenshots.dress(site)
        names = (f"dashboard-{lang}.png", f"dashboard-{lang}-mobile.png")
        shots = screenshots.shoot(
            base, screenshots.busiest_mentor(base, MENTORS), lang, DOCS, *names, crops=True
        )
        return shots[0]
    finally:
        localwiki.stop(site, quiet=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mw", default=os.environ.get("MW") or localwiki.DEFAULT_MW)
    ap.add_argument("--lang", action="append", help="content language (repeatable; default: en and ar)")
    args = ap.parse_args()
    if chromium() is None:
        sys.exit("screenshots need chromium (Debian: apt-get install chromium)")
    for lang in args.lang or ["en", "ar"]:
        out = demo_screenshot(lang, args.mw)
        print(f"{out.relative_to(ROOT)}: {'x'.join(map(str, png_size(out)))}")


if __name__ == "__main__":
    main()
