"""What `pip install` copies: every package under bot/, and every template and message file.

The wheel itself is built and installed by tests/integration/test_install.py; these checks
read setup.cfg, so a new package or a new kind of template file fails here in milliseconds.
"""

from __future__ import annotations

import configparser
import fnmatch
from importlib import resources
from pathlib import Path

from bot.render.installed import I18N_DIR, TEMPLATES_DIR, gadget_source, package_folder

ROOT = Path(__file__).resolve().parents[2]


def setup_cfg() -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    return cfg


def listed(value: str) -> list[str]:
    return [x.strip() for x in value.replace(",", "\n").splitlines() if x.strip()]


def test_every_package_under_bot_is_installed() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "bot").rglob("__init__.py")} | {
        "bot.templates",
        "bot.gadget",
    }
    assert set(listed(setup_cfg()["options"]["packages"])) == found


def test_every_template_and_message_file_is_package_data() -> None:
    patterns = listed(setup_cfg()["options.package_data"]["bot.templates"])
    files = [p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*")]
    data = [f for f in files if p_is_data(f)]
    assert data, "templates/ holds no templates"
    assert [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)] == []


def test_the_gadget_source_is_package_data_and_found_through_the_package() -> None:
    patterns = listed(setup_cfg()["options.package_data"]["bot.gadget"])
    files = [p.name for p in (ROOT / "gadget").iterdir() if p_is_data(p.name)]
    assert {"mentor-dashboard.js", "mentor-dashboard.css"} <= set(files)
    assert [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)] == []
    assert resources.files("bot.gadget") == package_folder("bot.gadget") == ROOT / "gadget"
    assert gadget_source()[0] == (ROOT / "gadget" / "mentor-dashboard.js").read_text(encoding="utf-8")


def p_is_data(name: str) -> bool:
    return not name.endswith(".py") and "__pycache__" not in name and "." in Path(name).name


def test_the_bot_finds_its_templates_through_the_installed_package() -> None:
    # In an editable install the package is a clone's templates/ folder itself.
    assert resources.files("bot.templates") == TEMPLATES_DIR
    names = {p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES_DIR.rglob("*.j2")}
    assert names == {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*.j2")}
    assert (I18N_DIR / "en.json").is_file()
