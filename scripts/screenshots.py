#!/usr/bin/env python3
"""Screenshots of a demo dashboard: Vector 2022 at 1280 px, MinervaNeue at 390 px, and crops.

    make demo && make screenshots          # docs/dashboard-desktop.png, docs/dashboard-mobile.png
    make screenshots-lang                  # docs/dashboard-<lang>*.png for en and ar (crops too)

Wikis serve MinervaNeue to phones. Debian's MediaWiki bundles it, and this script loads it on the
demo wiki (one line in its LocalSettings.php), with a small logo drawn here, so the pictures show
a wiki as readers know it. The skin's key is ``minerva``; the script checks that the page really
says ``skin-minerva`` (an unknown ``useskin`` silently falls back to the default skin).
Headless Chromium (``scripts/browser.py``) takes the pictures; look at them, the page must
actually read well at phone width.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser
import localwiki

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DESKTOP = (1280, 900)  # Vector 2022, a laptop's first screen
PHONE = (390, 844)  # MinervaNeue, a current phone
PHONE_PAGE = 2400  # how much of the phone page the picture keeps: down into the mentee table
# Two people, one helping the other up: any small picture will do, as long as it is not
# MediaWiki's "change your logo" placeholder. Inline, so the wiki needs no file of its own.
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    '<circle cx="50" cy="50" r="48" fill="#36c"/>'
    '<circle cx="38" cy="34" r="11" fill="#fff"/><path d="M18 80c0-18 9-30 20-30s20 12 20 30z" fill="#fff"/>'
    '<circle cx="66" cy="46" r="8" fill="#fc3"/><path d="M52 80c0-13 6-22 14-22s14 9 14 22z" fill="#fc3"/>'
    "</svg>"
)
MARKER = "# --- added by scripts/screenshots.py ---"


def logo_uri() -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(LOGO_SVG.encode()).decode()


def dress(site: str) -> None:
    """Load MinervaNeue and set a logo on SITE; php -S reads LocalSettings.php on every request."""
    settings = localwiki.site_dir(site) / "LocalSettings.php"
    text = settings.read_text()
    if MARKER in text:
        return
    uri = logo_uri()
    settings.write_text(
        text
        + f"\n{MARKER}\nwfLoadSkin( 'MinervaNeue' );\n"
        + f"$wgLogos = [ '1x' => '{uri}', 'icon' => '{uri}' ];\n"
    )


@dataclass(frozen=True)
class Crop:
    """A part of the desktop page: an element, or a whole section from its heading on."""

    name: str
    selector: str = ""  # a CSS selector, or
    heading: str = ""  # the message key of a section heading
    max_height: int = 900


CROPS = (
    Crop("needs-you", selector=".mentor-dashboard-needs-you"),
    Crop("mentees", heading="mentordashboard-mentees-heading", max_height=760),
    Crop("questions", heading="mentordashboard-questions-heading"),
    Crop("impact", heading="mentordashboard-impact-heading"),
)

# The box of an element, or of a section: its heading down to the next heading of that level.
_RECT = """
const [selector, id] = arguments;
let parts = [];
if (selector) {
  const el = document.querySelector(selector);
  if (el) parts = [el];
} else {
  const anchor = document.getElementById(id);
  if (anchor) {
    let start = anchor.closest('.mw-heading') || anchor.closest('h2') || anchor;
    parts.push(start);
    for (let n = start.nextElementSibling; n; n = n.nextElementSibling) {
      if (n.matches('h2, .mw-heading2')) break;
      parts.push(n);
    }
  }
}
if (!parts.length) return null;
const boxes = parts.map(p => p.getBoundingClientRect()).filter(b => b.height > 0);
const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
const left = Math.min(...boxes.map(b => b.left)), right = Math.max(...boxes.map(b => b.right));
return {x: left + scrollX - 8, y: top + scrollY - 8, width: right - left + 16, height: bottom - top + 16};
"""


def capture(driver: Any, out: Path, clip: dict[str, float] | None = None) -> Path:
    """A PNG of the viewport, or of CLIP anywhere on the page (DevTools ``captureScreenshot``)."""
    params: dict[str, Any] = {"format": "png", "captureBeyondViewport": clip is not None}
    if clip is not None:
        params["clip"] = {**clip, "scale": 1}
    data = driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
    out.write_bytes(base64.b64decode(data))
    return out


def page_url(base: str, mentor: str, skin: str) -> str:
    title = urllib.parse.quote(f"User:{mentor}/Mentor dashboard".replace(" ", "_"))
    return f"{base}/index.php?title={title}&useskin={skin}"


def skin_of(driver: Any) -> str:
    return str(driver.execute_script("return document.body.className"))


def shoot(
    base: str, mentor: str, lang: str, out: Path, desktop: str, phone: str, *, crops: bool
) -> list[Path]:
    """The desktop and phone pictures of MENTOR's dashboard, and with CROPS the four crops
    (named ``<desktop stem>-<crop>.png``); returns the files written."""
    from bot.render.i18n import Messages

    texts = Messages.load(lang).texts
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with browser.headless(*DESKTOP) as driver:
        driver.get(page_url(base, mentor, "vector-2022"))
        if "skin-vector-2022" not in skin_of(driver):
            raise SystemExit(f"the page is not in Vector 2022: body class {skin_of(driver)!r}")
        written.append(capture(driver, out / desktop))
        for crop in CROPS if crops else ():
            anchor = texts[crop.heading].replace(" ", "_") if crop.heading else ""
            rect = driver.execute_script(_RECT, crop.selector, anchor)
            if rect is None:
                print(f"[screenshots] {mentor}'s page has no {crop.name} part: not shot", file=sys.stderr)
                continue
            rect["height"] = min(rect["height"], crop.max_height)
            written.append(capture(driver, out / f"{Path(desktop).stem}-{crop.name}.png", rect))
    with browser.headless(*PHONE, mobile=True) as driver:
        driver.get(page_url(base, mentor, "minerva"))
        if "skin-minerva" not in skin_of(driver):
            raise SystemExit(f"MinervaNeue did not load: body class {skin_of(driver)!r}")
        height = min(PHONE_PAGE, int(driver.execute_script("return document.body.scrollHeight")))
        written.append(capture(driver, out / phone, {"x": 0, "y": 0, "width": PHONE[0], "height": height}))
    return written


def busiest_mentor(base: str, mentors: list[str]) -> str:
    """The mentor whose dashboard has the most to show: attention flags, then open questions."""

    def score(mentor: str) -> tuple[int, int, int]:
        title = urllib.parse.quote(f"User:{mentor}/Mentor dashboard".replace(" ", "_"))
        with urllib.request.urlopen(f"{base}/index.php?title={title}&action=raw", timeout=30) as r:
            text = r.read().decode()
        return (
            text.count("mentor-dashboard-needs-you"),
            text.count("mentor-dashboard-flag"),
            text.count("mentor-dashboard-question"),
        )

    return max(mentors, key=score)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", default=os.environ.get("MENTOR_WIKI", "demo"))
    ap.add_argument("--mentor", help="whose dashboard (default: the demo mentor with the most to show)")
    ap.add_argument("--out", type=Path, default=DOCS)
    ap.add_argument("--crops", action="store_true", help="also crop needs-you, mentees, questions, impact")
    args = ap.parse_args(argv)
    from seed_demo import MENTORS

    dress(args.site)
    base = localwiki.url(args.site)
    lang = str(localwiki.site_info(args.site).get("lang", "en"))
    mentor = args.mentor or busiest_mentor(base, MENTORS)
    names = ("dashboard-desktop.png", "dashboard-mobile.png")
    for path in shoot(base, mentor, lang, args.out, *names, crops=args.crops):
        print(path)


if __name__ == "__main__":
    main()
