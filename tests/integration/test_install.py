"""An operator's install: a wheel and an sdist of the project, installed outside the clone,
run from a config folder of their own against the real test wiki.

The source is what a fresh clone holds (git's tracked and not-ignored files, copied), so a
template or message file left out of the package data fails here. Each install goes into a new
venv outside the clone; the bot's own dependencies come from this venv's site-packages through a
``.pth`` line (their versions are the ones every other test uses, and no download is needed),
while ``bot`` itself can only come from the installed wheel: that site-packages holds no copy
of it, and the editable install's finder is not loaded there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from tests.integration.botrun import seed_assignments
from tests.integration.faultwiki import FAMILY, write_config
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki
ROOT = Path(__file__).resolve().parents[2]
MENTOR, MENTEE = "Installed Mentor", "Installed Mentee"


def sh(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, f"{argv}:\n{res.stdout}\n{res.stderr}"
    return res


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="module")
def source(work: Path) -> Path:
    """The files a fresh clone would have, as they are in this working tree."""
    listed = sh("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).stdout
    src = work / "src"
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    return src


@pytest.fixture(scope="module")
def wheel(source: Path, work: Path) -> Path:
    out = work / "wheel"
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, source, cwd=work)
    (found,) = out.glob("mentor_dashboard-*.whl")
    return found


@pytest.fixture(scope="module")
def sdist(source: Path, work: Path) -> Path:
    out = work / "sdist"
    build = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    name = sh(sys.executable, "-c", build, out, cwd=source).stdout.strip().splitlines()[-1]
    return out / name


def venv_with(package: Path, where: Path) -> Path:
    """A new venv at WHERE with PACKAGE (a wheel or an sdist) installed by pip; its python."""
    sh(sys.executable, "-m", "venv", "--without-pip", where, cwd=where.parent)
    python = where / "bin" / "python"
    purelib = sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=where)
    Path(purelib.stdout.strip(), "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    sh(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", package, cwd=where)
    return python


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    ids = w.create_users(
        [UserSpec(n, registered=datetime.now(UTC) - timedelta(days=3)) for n in (MENTOR, MENTEE)]
    )
    w.admin().edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]]")
    seed_assignments({MENTOR: [ids[MENTEE]]})
    yield w


def operator_env(config: Path) -> dict[str, str]:
    """What an operator's shell has: their config folder, and nothing of the clone's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MENTOR_", "PYWIKIBOT"))}
    return dict(env, PYWIKIBOT_DIR=str(config), MENTOR_WIKI=FAMILY)


def test_the_wheel_holds_every_template_and_message_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "templates").rglob("*")
        if p.suffix in (".j2", ".json")
    }
    assert {f"bot/{n}" for n in shipped} <= names
    assert {"bot/schemas/settings.schema.json", "bot/schemas/mentor-settings.schema.json"} <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_a_wheel_installed_outside_the_clone_runs_a_full_pass(wiki: Wiki, wheel: Path, work: Path) -> None:
    python = venv_with(wheel, work / "venv-wheel")
    config = write_config(work / "operator", wiki.name, int(str(localwiki.site_info(wiki.name)["port"])))
    env = operator_env(config)
    where = sh(python, "-c", "import bot.render.installed as i; print(i.TEMPLATES_DIR)", cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(work / "venv-wheel")  # not the clone's templates/

    res = sh(
        python.parent / "mentor-dashboard", "run", "--full", "--state-dir", work / "state", cwd=work, env=env
    )
    assert "pages: " in res.stdout and " created" in res.stdout, res.stdout
    dashboard = page_text(wiki, f"User:{MENTOR}/Mentor dashboard")
    assert f"[[User:{MENTEE}|<bdi>{MENTEE}</bdi>]]" in dashboard


def test_an_sdist_holds_the_tests_and_installs_a_bot_that_answers(sdist: Path, work: Path) -> None:
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"LICENSE", "tests/conftest.py", "tests/unit/test_packaging.py", "templates/i18n/en.json"} <= names
    python = venv_with(sdist, work / "venv-sdist")
    env = operator_env(work / "nowhere")  # help needs no config folder at all
    res = sh(python.parent / "mentor-dashboard", "run", "--help", cwd=work, env=env)
    assert "exit codes:" in res.stdout
    messages = "from bot.render.i18n import Messages; print(Messages.load('cs').lang)"
    assert sh(python, "-c", messages, cwd=work, env=env).stdout.strip() == "cs"
