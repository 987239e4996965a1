"""Where the templates and message files are, in a clone and in an installed bot alike.

They live in the top-level ``templates/`` folder of the clone, which setup.cfg installs as the
package ``bot.templates``; ``importlib.resources`` finds that package wherever pip put it
(site-packages for a wheel or an sdist, the clone itself for ``pip install -e``). Only a clone
that was never installed (``PYTHONPATH=.``) has no such package; it still has the folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEMPLATES_PACKAGE = "bot.templates"


def package_folder(package: str) -> Path:
    """The folder holding PACKAGE's files; Jinja and the message loader read plain files."""
    try:
        found = resources.files(package)
    except ModuleNotFoundError:
        clone = Path(__file__).resolve().parents[2] / "templates"
        if package == TEMPLATES_PACKAGE and (clone / "i18n").is_dir():
            return clone  # a clone used without `pip install`
        raise
    if not isinstance(found, Path):  # e.g. a zip import, which pip never makes
        raise RuntimeError(f"{package} is not installed as plain files; install the bot with pip")
    return found


TEMPLATES_DIR = package_folder(TEMPLATES_PACKAGE)
I18N_DIR = TEMPLATES_DIR / "i18n"
