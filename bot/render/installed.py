"""Where the templates, message files and gadget source are, in a clone and in an installed bot alike.

They live in the top-level ``templates/`` folder of the clone, which setup.cfg installs as the
package ``bot.templates`` (and ``gadget/`` as ``bot.gadget``); ``importlib.resources`` finds
that package wherever pip put it (site-packages for a wheel or an sdist, the clone itself for
``pip install -e``). Only a clone that was never installed (``PYTHONPATH=.``) has no such
package; it still has the folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEMPLATES_PACKAGE = "bot.templates"
GADGET_PACKAGE = "bot.gadget"  # the top-level gadget/ folder: the browser workspace's source
# Each package's folder in a clone, for a clone that was never installed.
_CLONE_FOLDERS = {TEMPLATES_PACKAGE: ("templates", "i18n"), GADGET_PACKAGE: ("gadget", "mentor-dashboard.js")}


def package_folder(package: str) -> Path:
    """The folder holding PACKAGE's files; Jinja and the message loader read plain files."""
    try:
        found = resources.files(package)
    except ModuleNotFoundError:
        folder, marker = _CLONE_FOLDERS.get(package, ("", ""))
        clone = Path(__file__).resolve().parents[2] / folder
        if folder and (clone / marker).exists():
            return clone  # a clone used without `pip install`
        raise
    if not isinstance(found, Path):  # e.g. a zip import, which pip never makes
        raise RuntimeError(f"{package} is not installed as plain files; install the bot with pip")
    return found


TEMPLATES_DIR = package_folder(TEMPLATES_PACKAGE)
I18N_DIR = TEMPLATES_DIR / "i18n"


def gadget_source() -> tuple[str, str]:
    """The workspace's JavaScript and CSS, as the bot publishes them (docs/GADGET.md)."""
    folder = package_folder(GADGET_PACKAGE)
    return (
        (folder / "mentor-dashboard.js").read_text(encoding="utf-8"),
        (folder / "mentor-dashboard.css").read_text(encoding="utf-8"),
    )
