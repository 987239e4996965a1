"""``mentor-dashboard toolforge-jobs``: one scheduled Toolforge job per wiki, as jobs.yaml.

Kubernetes schedules and isolates the jobs; nothing here spans machines. Each wiki gets its own
minute, derived from its name, so many wikis don't all start at once.

Wikimedia names its wikis by database name (``cswiki``, ``metawiki``, ``enwiktionary``), and
pywikibot by family and code (``wikipedia:cs``, ``meta:meta``, ``wiktionary:en``). The table
between the two is built from pywikibot's own family files, so a wiki pywikibot knows is
named the way pywikibot will look it up, and a new wiki comes with a new pywikibot.

The job is hourly. A first run on a big wiki can last longer than an hour, and the next job
then finds the lock held; that is expected, so the job runs ``run --locked-ok``, which exits 0
for it, and ``emails: onfailure`` mails the operator only for a real failure. A continuous
``serve`` job would avoid the overlap too, but it keeps a process (and its memory) up between
passes, and a scheduled job starts each pass from a clean process.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import zlib
from collections.abc import Iterable
from functools import cache

DEFAULT_IMAGE = "python3.11"  # the Python the bot is tested with (setup.cfg: python_requires)
DEFAULT_VENV = "mentor-dashboard/venv"  # relative to the tool's home, where jobs start
# Project families whose database names are <code><suffix>: the suffix is the family's own name,
# except Wikipedia's ("wiki") and the chapters' ("wikimedia").
SUFFIXES = {"wikipedia": "wiki", "wikimediachapter": "wikimedia"}
PROJECTS = (
    "wikipedia",
    "wiktionary",
    "wikibooks",
    "wikinews",
    "wikiquote",
    "wikisource",
    "wikiversity",
    "wikivoyage",
    "wikimediachapter",
)
_DBNAME = re.compile(r"[a-z][a-z0-9_]*")
_SITE = re.compile(r"(?P<a>[a-z0-9][a-z0-9_-]*):(?P<b>[a-z0-9][a-z0-9_-]*)")
JOB_NAME_MAX = 52  # Toolforge job names become Kubernetes names, with room for suffixes


@cache
def wikimedia_sites() -> dict[str, tuple[str, str]]:
    """Every Wikimedia wiki pywikibot's families know: database name → (family, code)."""
    families = _wikimedia_families()
    sites: dict[str, tuple[str, str]] = {}
    for name, codes in families.items():
        for code in sorted(codes):
            if name in PROJECTS:
                db = code.replace("-", "_") + SUFFIXES.get(name, name)
            elif code == name:  # a wiki of its own: metawiki, commonswiki, wikidatawiki, specieswiki
                db = f"{code}wiki"
            elif code == "test":  # testcommonswiki, testwikidatawiki
                db = f"test{name}wiki"
            else:  # beta cluster copies, and sites named otherwise (wikitech's "labswiki")
                continue
            sites.setdefault(db, (name, code))
    return sites


def _wikimedia_families() -> dict[str, frozenset[str]]:
    """Pywikibot's Wikimedia families and their codes, read without a config or a wiki."""
    import pkgutil

    if "pywikibot" not in sys.modules and "PYWIKIBOT_NO_USER_CONFIG" not in os.environ:
        os.environ["PYWIKIBOT_NO_USER_CONFIG"] = "2"  # no user-config.py needed, nor warned about
        try:
            import pywikibot
        finally:
            del os.environ["PYWIKIBOT_NO_USER_CONFIG"]  # a run started from here reads its config
    import pywikibot.families
    from pywikibot.family import Family, WikimediaFamily

    found: dict[str, frozenset[str]] = {}
    for module in pkgutil.iter_modules(pywikibot.families.__path__):
        if not module.name.endswith("_family"):
            continue
        family = Family.load(module.name.removesuffix("_family"))
        if isinstance(family, WikimediaFamily):
            found[family.name] = frozenset(family.langs) | frozenset(family.codes)
    return found


def parse_wiki(spec: str) -> tuple[str, str]:
    """A wiki as the operator wrote it → (code, family).

    ``cswiki``, ``metawiki``, ``enwiktionary``: Wikimedia database names. ``wikipedia:cs`` (as
    pywikibot's ``-site:``) or ``cs:wikipedia``: a family and a code, in either order; a family
    pywikibot does not ship (the operator's own family file) is taken as written.
    """
    text = spec.strip()
    sites = wikimedia_sites()
    if _DBNAME.fullmatch(text):
        if text in sites:
            family, code = sites[text]
            return code, family
        raise ValueError(
            f"{spec!r} is not a Wikimedia database name pywikibot knows; give family:code "
            "(wikipedia:cs) for a wiki of your own family file"
        )
    m = _SITE.fullmatch(text)
    if not m:
        raise ValueError(f"{spec!r}: give a wiki as a database name (cswiki) or family:code (wikipedia:cs)")
    families = _wikimedia_families()
    a, b = m["a"], m["b"]
    family, code = (b, a) if b in families and a not in families else (a, b)
    if family in families and code not in families[family]:
        raise ValueError(f"{spec!r}: pywikibot's {family} family has no wiki {code!r}")
    return code, family


def job_name(code: str, family: str) -> str:
    """``mentor-dashboard-cs-wikipedia``; ``mentor-dashboard-meta`` for a wiki of its own."""
    wiki = family if code == family else f"{code}-{family}"
    return re.sub(r"[^a-z0-9-]", "-", f"mentor-dashboard-{wiki}")[:JOB_NAME_MAX].rstrip("-")


def job_command(code: str, family: str, venv: str = DEFAULT_VENV, schedule: str = "") -> str:
    """The job's command line: one pass that treats an overlapping run's lock as success, told
    its own SCHEDULE so the workspace can say when the next run comes (docs/GADGET.md)."""
    told = f" --schedule {shlex.quote(schedule)}" if schedule else ""
    return f"{venv.rstrip('/')}/bin/mentor-dashboard run --locked-ok{told} -family:{family} -lang:{code}"


def jobs_yaml(
    wikis: Iterable[str], *, hour: str = "*", image: str = DEFAULT_IMAGE, venv: str = DEFAULT_VENV
) -> str:
    """The jobs file for ``toolforge jobs load``. Every value is written as a JSON scalar, which
    YAML reads as the same value, so no name or path can change the file's structure."""
    lines = [
        "# Generated by `mentor-dashboard toolforge-jobs`; load with `toolforge jobs load jobs.yaml`.",
        "# Hourly, each wiki at its own minute (UTC); `--locked-ok`: a run still going is no failure.",
    ]
    seen: set[str] = set()
    for spec in wikis:
        code, family = parse_wiki(spec)
        name = job_name(code, family)
        if name in seen:
            raise ValueError(f"{spec!r} is listed twice")
        seen.add(name)
        minute = zlib.crc32(f"{code}:{family}".encode()) % 60
        schedule = f"{minute} {hour} * * *"
        fields: dict[str, object] = {
            "name": name,
            "command": job_command(code, family, venv, schedule),
            "image": image,
            "schedule": schedule,
            "emails": "onfailure",
            "filelog-stdout": f"{name}.out",
            "filelog-stderr": f"{name}.err",
        }
        for i, (key, value) in enumerate(fields.items()):
            lines.append(f"{'- ' if i == 0 else '  '}{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
