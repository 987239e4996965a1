#!/usr/bin/env python3
"""Run a real MediaWiki on loopback for the demo, the tests and the benchmark.

    python3 scripts/localwiki.py provision [--mw 1.43|1.39]
    python3 scripts/localwiki.py create NAME [--mw V] [--lang xx] [--force] [--extensions Echo,Thanks]
    python3 scripts/localwiki.py start NAME | stop NAME | reset NAME | status NAME
    python3 scripts/localwiki.py url NAME

Each wiki is one folder, ``.wiki/sites/NAME``: LocalSettings.php, the SQLite files and a
``site.json`` with its port and version. The MediaWiki code comes from Debian's own package,
downloaded and unpacked into ``.wiki/mw-VERSION`` (1.39 from the machine's Debian 12 sources,
1.43 from Debian 13's, through a private apt state so nothing from Debian 13 is installed
system-wide). ``reset`` puts back the snapshot taken right after ``create``.

Only the standard library is used: this runs before the project's virtualenv exists.
Every command is safe to run twice.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIKI_DIR = Path(os.environ.get("LOCALWIKI_DIR", ROOT / ".wiki"))
FAMILIES = ROOT / "families"
PASSWORD_FILE = ROOT / "user-password.cfg"
PHP_SCRIPTS = ROOT / "scripts" / "php"

DEFAULT_MW = "1.43"
VERSIONS = {"1.43": "trixie", "1.39": "bookworm"}
PHP_PACKAGES = ["php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml"]

BOT_USER = "MentorBot"
BOT_APPID = "pwb"
ADMIN_USER = "Admin"
ADMIN_PASS = "AdminPass12345!"
# Grants the bot needs: read, bulk limits, edit, edit protected pages, create pages,
# protect its dashboards, and edit its own user JSON (assignment store).
BOT_GRANTS = "basic,highvolume,editpage,editprotected,createeditmovepage,protect,editmycssjs"


def log(msg: str) -> None:
    print(f"[localwiki] {msg}", file=sys.stderr, flush=True)


# --- provisioning -------------------------------------------------------------------------


def _apt_ready() -> None:
    if shutil.which("php") and _php_has_modules():
        return
    if os.geteuid() != 0:
        sys.exit("PHP is missing; run as root once, or: apt-get install " + " ".join(PHP_PACKAGES))
    log("installing PHP from Debian's packages")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _apt(["apt-get", "update", "-qq"], "apt-get update", env=env)
    _apt(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PHP_PACKAGES],
        "installing PHP",
        env=env,
    )


def _php_has_modules() -> bool:
    out = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.lower()
    return all(m in out for m in ("pdo_sqlite", "intl", "mbstring", "xml"))


# --- the Debian mirror -----------------------------------------------------------------------
# MediaWiki comes from Debian's own archive, reached through the mirror this machine's apt
# already uses, so no host is written into the project. Only an entry that is Debian's archive
# counts: a third-party source (a vendor's repository, often also "bookworm main") must never be
# taken for it, and the private sources line names Debian's keyring explicitly instead of
# trusting whatever keys happen to be in trusted.gpg.d.

APT_DIR = Path("/etc/apt")
DEBIAN_KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
MIRROR_ENV = "LOCALWIKI_DEBIAN_MIRROR"  # the operator's override: a Debian mirror URL


class ProvisionError(RuntimeError):
    """Provisioning cannot go on; the message says what to do, in one line."""


@dataclass(frozen=True)
class AptSource:
    """One apt source entry (a deb822 stanza, or one line of a .list file)."""

    types: tuple[str, ...]
    uris: tuple[str, ...]
    suites: tuple[str, ...]
    components: tuple[str, ...]
    signed_by: str | None = None  # a keyring path, or an embedded key; None: apt's trusted keys
    enabled: bool = True
    origin: str = ""  # the file it came from, for messages


def parse_deb822(text: str, origin: str = "") -> list[AptSource]:
    """The stanzas of a ``.sources`` file. Continuation lines (an embedded key) join their field."""
    out: list[AptSource] = []
    for stanza in re.split(r"\n[ \t]*\n", text):
        fields: dict[str, str] = {}
        key = ""
        for line in stanza.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line[0] in " \t" and key:
                fields[key] += "\n" + line.strip()
                continue
            name, sep, value = line.partition(":")
            if not sep:
                continue
            key = name.strip().lower()
            fields[key] = value.strip()
        if "uris" not in fields:
            continue
        out.append(
            AptSource(
                types=tuple(fields.get("types", "").split()),
                uris=tuple(fields["uris"].split()),
                suites=tuple(fields.get("suites", "").split()),
                components=tuple(fields.get("components", "").split()),
                signed_by=fields.get("signed-by") or None,
                enabled=fields.get("enabled", "yes").lower() not in ("no", "false", "0"),
                origin=origin,
            )
        )
    return out


def parse_one_line(text: str, origin: str = "") -> list[AptSource]:
    """The entries of a ``sources.list`` file: ``deb [opt=value …] URI suite component…``."""
    out: list[AptSource] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        kind, _, rest = line.partition(" ")
        options: dict[str, str] = {}
        rest = rest.strip()
        if rest.startswith("["):
            inside, sep, rest = rest[1:].partition("]")
            if not sep:
                continue  # an unclosed option list: not a line apt would take either
            for opt in inside.split():
                name, _, value = opt.partition("=")
                options[name.lower()] = value
        words = rest.split()
        if len(words) < 2:
            continue
        out.append(
            AptSource(
                types=(kind,),
                uris=(words[0],),
                suites=(words[1],),
                components=tuple(words[2:]),
                signed_by=options.get("signed-by") or None,
                origin=origin,
            )
        )
    return out


def is_debian_archive(src: AptSource) -> bool:
    """Whether SRC is Debian's own main archive (a mirror of it), not security or a third party.

    Debian's mirrors serve the archive under a path segment ``debian`` (``…/debian``, or a
    snapshot's ``…/archive/debian/<time>``), and its entries are signed by Debian's archive
    keyring, or by apt's default keys when they name none. A vendor's repository fails at least
    one of the two: its path is its own, and it names its own keyring.
    """
    if not src.enabled or "deb" not in src.types or "main" not in src.components:
        return False
    if src.signed_by is not None:
        if "\n" in src.signed_by or src.signed_by.startswith("-----"):
            return False  # an embedded key: Debian's own entries name the keyring file
        if not all(Path(k).name.startswith("debian-archive-") for k in src.signed_by.split()):
            return False
    if not any(s and not s.endswith(("-security", "-backports")) for s in src.suites):
        return False
    return any(
        "debian" in urllib.parse.urlsplit(u).path.strip("/").split("/") for u in src.uris if "://" in u
    )


def read_apt_sources(apt_dir: Path = APT_DIR) -> list[AptSource]:
    """Every entry of the machine's apt sources, deb822 and one-line, in apt's order."""
    out: list[AptSource] = []
    main_list = apt_dir / "sources.list"
    if main_list.is_file():
        out += parse_one_line(main_list.read_text(errors="replace"), str(main_list))
    for path in sorted((apt_dir / "sources.list.d").glob("*")):
        if path.suffix == ".sources":
            out += parse_deb822(path.read_text(errors="replace"), str(path))
        elif path.suffix == ".list":
            out += parse_one_line(path.read_text(errors="replace"), str(path))
    return out


def debian_mirrors(sources: list[AptSource]) -> list[str]:
    """The URIs of Debian's archive among SOURCES, each once, in order."""
    seen: dict[str, None] = {}
    for src in sources:
        if is_debian_archive(src):
            for uri in src.uris:
                if "://" in uri:
                    seen.setdefault(uri.rstrip("/"), None)
    return list(seen)


def find_mirrors(apt_dir: Path = APT_DIR, env: dict[str, str] | None = None) -> list[str]:
    """The mirrors to download from: ``$LOCALWIKI_DEBIAN_MIRROR``, else the machine's own."""
    override = (os.environ if env is None else env).get(MIRROR_ENV, "").strip()
    if override:
        return override.split()
    mirrors = debian_mirrors(read_apt_sources(apt_dir))
    if not mirrors:
        raise ProvisionError(
            f"no Debian archive entry in {apt_dir}/sources.list or {apt_dir}/sources.list.d/; "
            f"set {MIRROR_ENV}=<a Debian mirror URL> and run again"
        )
    return mirrors


def sources_list(mirrors: list[str], suite: str, keyring: Path = DEBIAN_KEYRING) -> str:
    """The private sources list: one line per mirror, signed by Debian's archive keyring."""
    return "".join(f"deb [signed-by={keyring}] {m} {suite} main\n" for m in mirrors)


def _apt(cmd: list[str], what: str, **kw: object) -> str:
    """Run an apt or dpkg command; its stderr. A failure is one line with the command's last words."""
    try:
        done = subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload]
        return str(done.stderr)
    except FileNotFoundError as e:
        raise ProvisionError(f"{what}: {e.filename} is not installed; install Debian's apt and dpkg") from e
    except subprocess.CalledProcessError as e:
        said = [ln.strip() for ln in (e.stderr or e.stdout or "").splitlines() if ln.strip()]
        detail = said[-1] if said else f"exit {e.returncode}"
        raise ProvisionError(
            f"{what} failed: {detail}; check the network and the mirror, or set {MIRROR_ENV}=<URL>"
        ) from e


def mw_dir(version: str) -> Path:
    return WIKI_DIR / f"mw-{version}" / "usr" / "share" / "mediawiki"


def provision(version: str) -> Path:
    """Download and unpack Debian's MediaWiki VERSION into .wiki/mw-VERSION."""
    _apt_ready()
    ip = mw_dir(version)
    if (ip / "includes").is_dir() and (ip / ".provisioned").exists():
        return ip
    if version not in VERSIONS:
        sys.exit(f"unknown MediaWiki version {version}; choose one of {', '.join(VERSIONS)}")
    suite = VERSIONS[version]
    base = WIKI_DIR / "apt" / suite
    (base / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (base / "cache" / "partial").mkdir(parents=True, exist_ok=True)
    sources = base / "sources.list"
    if not DEBIAN_KEYRING.is_file():
        raise ProvisionError(
            f"{DEBIAN_KEYRING} is missing; install it: apt-get install debian-archive-keyring"
        )
    sources.write_text(sources_list(find_mirrors(), suite))
    opts = [
        f"-o=Dir::Etc::sourcelist={sources}",
        "-o=Dir::Etc::sourceparts=-",
        f"-o=Dir::State::Lists={base / 'lists'}",
        f"-o=Dir::Cache::archives={base / 'cache'}",
        "-o=APT::Get::List-Cleanup=0",
        "-o=APT::Sandbox::User=root",
    ]
    log(f"downloading MediaWiki {version} ({suite})")
    t0 = time.time()
    said = _apt(["apt-get", *opts, "update", "-qq"], f"apt-get update for Debian {suite}")
    if not any((base / "lists").glob("*_Packages*")):  # apt only warns when no mirror answered
        warnings = [ln.strip() for ln in said.splitlines() if ln.strip()]
        raise ProvisionError(
            f"apt-get update fetched no package list for Debian {suite} "
            f"({next((w for w in warnings if 'Failed' in w), warnings[-1] if warnings else 'no message')}); "
            f"check the network, or set {MIRROR_ENV}=<URL>"
        )
    debs = base / "debs"
    debs.mkdir(exist_ok=True)
    _apt(
        ["apt-get", *opts, "download", "-qq", "mediawiki", "mediawiki-classes"], "apt-get download", cwd=debs
    )
    target = WIKI_DIR / f"mw-{version}"
    shutil.rmtree(target, ignore_errors=True)
    for deb in sorted(debs.glob("*.deb")):
        _apt(["dpkg-deb", "-x", str(deb), str(target)], f"unpacking {deb.name}")
    shutil.rmtree(debs)
    got = _mw_version(ip)
    if not got.startswith(version):
        sys.exit(f"downloaded MediaWiki {got}, expected {version}")
    # The package's absolute symlinks point into /var/lib/mediawiki and /etc: cut them loose.
    for name in ("extensions", "images", "config", "LocalSettings.php", "cache"):
        p = ip / name
        if p.is_symlink():
            p.unlink()
    (ip / "extensions").symlink_to("extensions-core")
    (ip / ".provisioned").write_text(got + "\n")
    log(f"MediaWiki {got} unpacked in {time.time() - t0:.1f}s at {ip}")
    return ip


def _mw_version(ip: Path) -> str:
    for line in (ip / "includes" / "Defines.php").read_text().splitlines():
        if "MW_VERSION" in line and "define(" in line:
            return line.split("'")[3]
    return "unknown"


# --- sites --------------------------------------------------------------------------------


def site_dir(name: str) -> Path:
    return WIKI_DIR / "sites" / name


def site_info(name: str) -> dict[str, object]:
    path = site_dir(name) / "site.json"
    if not path.exists():
        sys.exit(f"no local wiki named {name!r}; run: python3 scripts/localwiki.py create {name}")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def maint(info: dict[str, object], script: str, *args: str, **kw: object) -> str:
    """Run a MediaWiki maintenance script (core name or a path of ours) against one site."""
    ip = Path(str(info["ip"]))
    env = dict(os.environ, MW_CONFIG_FILE=str(info["dir"]) + "/LocalSettings.php")
    env["MW_INSTALL_PATH"] = str(ip)
    if "/" in script:
        cmd = ["php", script, *args]
    elif (ip / "maintenance" / "run.php").exists():
        cmd = ["php", str(ip / "maintenance" / "run.php"), script, *args]
    else:
        cmd = ["php", str(ip / "maintenance" / f"{script}.php"), *args]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    if res.returncode != 0:
        raise RuntimeError(f"{script} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return str(res.stdout)


EXTRA_SETTINGS = """
# --- added by scripts/localwiki.py for a local test wiki ---
$wgCacheDirectory = "{d}/cache";
$wgTmpDirectory = "{d}/tmp";
$wgUploadDirectory = "{d}/images";
$wgDebugLogFile = "";
$wgDebugLogGroups = [];
$wgMainCacheType = CACHE_DB;
$wgRateLimits = [];
$wgGroupPermissions['*']['noratelimit'] = true;
$wgAccountCreationThrottle = [];
$wgPasswordAttemptThrottle = [];
$wgPasswordPolicy['policies'] = ['default' => []];
$wgEnableBotPasswords = true;
$wgEnableEmail = false;
$wgUseRCPatrol = false;
$wgShowExceptionDetails = true;
$wgJobRunRate = 0;
# Every local wiki is on 127.0.0.1 and cookies ignore the port: with the same prefix, a login
# to one wiki would replace the session cookie of every other (pywikibot keeps one jar).
$wgCookiePrefix = "{name}";
$wgLanguageCode = "{lang}";
$wgDBservers = [[
    'type' => 'sqlite', 'dbname' => $wgDBname, 'tablePrefix' => '', 'flags' => 0,
    'dbDirectory' => $wgSQLiteDataDir, 'load' => 1,
    'variables' => ['synchronous' => 'OFF'],
]];
# Core reads thanks through list=logevents; register the type the Thanks extension adds.
$wgLogTypes[] = 'thanks';
$wgLogActionsHandlers['thanks/*'] = 'LogFormatter';
{extra}
"""

TEMP_ACCOUNTS = """
# Temporary accounts (MediaWiki 1.43 core): logged-out edits create ~YYYY-N users.
$wgAutoCreateTempUser['enabled'] = true;
$wgGroupPermissions['*']['edit'] = true;
"""


def create(name: str, version: str, lang: str = "en", force: bool = False) -> dict[str, object]:
    """Install a fresh SQLite wiki NAME with a bot account and write its pywikibot config."""
    info: dict[str, object]
    d = site_dir(name)
    if (d / "site.json").exists() and not force:
        old = site_info(name)
        if old.get("mw") == version and old.get("lang") == lang:
            log(f"wiki {name} exists ({version}, {lang})")
            write_pywikibot_config(name, old)
            return old
    stop(name, quiet=True)
    ip = provision(version)
    shutil.rmtree(d, ignore_errors=True)
    for sub in ("data", "cache", "tmp", "images"):
        (d / sub).mkdir(parents=True)
    port = free_port()
    info = {
        "name": name,
        "mw": version,
        "lang": lang,
        "port": port,
        "dir": str(d),
        "ip": str(ip),
        "bot": BOT_USER,
        "admin": ADMIN_USER,
        "admin_password": ADMIN_PASS,
    }
    t0 = time.time()
    maint(
        info,
        "install",
        "--quiet",
        "--dbtype=sqlite",
        f"--dbpath={d / 'data'}",
        "--dbname=wiki",
        f"--server=http://127.0.0.1:{port}",
        "--scriptpath=",
        f"--confpath={d}",
        f"--pass={ADMIN_PASS}",
        f"--lang={lang}",
        "--skins=Vector",
        "TestWiki",
        ADMIN_USER,
    )
    extra = TEMP_ACCOUNTS if version != "1.39" else ""
    with (d / "LocalSettings.php").open("a") as f:
        f.write(
            EXTRA_SETTINGS.replace("{d}", str(d))
            .replace("{lang}", lang)
            .replace("{name}", name)
            .replace("{extra}", extra)
        )
    # Debian's PlatformSettings logs and caches into system folders; keep them in the site.
    maint(info, "createAndPromote", "--bot", "--sysop", BOT_USER, secrets.token_hex(16))
    bot_pass = secrets.token_hex(16)
    maint(info, "createBotPassword", f"--appid={BOT_APPID}", f"--grants={BOT_GRANTS}", BOT_USER, bot_pass)
    info["bot_password"] = bot_pass
    (d / "site.json").write_text(json.dumps(info, indent=2) + "\n")
    os.chmod(d / "site.json", 0o600)
    snapshot(name)
    write_pywikibot_config(name, info)
    log(f"created wiki {name} (MediaWiki {version}, {lang}) in {time.time() - t0:.1f}s")
    return info


# What a wiki for the talk-page corpus adds (tests/integration/talkcorpus.py). The clock hook
# lets a request say which moment MediaWiki should take as "now" (a Unix time in a header), so
# ``~~~~`` is signed at that moment: MediaWiki's own ConvertibleTimestamp::setFakeTime, per
# request, because faketime on ``php -S`` would fix one clock for every request of the server.
# Only these test wikis carry it.
TALK_SETTINGS = """
# --- added by scripts/localwiki.py for a talk-page corpus wiki ---
$wgLocaltimezone = "{zone}";
$wgTranslateNumerals = {numerals};
if ( isset( $_SERVER['HTTP_X_MDTEST_CLOCK'] ) && ctype_digit( $_SERVER['HTTP_X_MDTEST_CLOCK'] ) ) {
    Wikimedia\\Timestamp\\ConvertibleTimestamp::setFakeTime( (int)$_SERVER['HTTP_X_MDTEST_CLOCK'] );
}
wfLoadExtension( 'SyntaxHighlight_GeSHi' );
{extensions}
"""
# DiscussionTools needs VisualEditor (its Parsoid settings) and Linter.
DISCUSSIONTOOLS = """wfLoadExtension( 'VisualEditor' );
wfLoadExtension( 'Linter' );
wfLoadExtension( 'DiscussionTools' );
"""
CLOCK_HEADER = "X-Mdtest-Clock"


def create_talk_wiki(
    name: str,
    version: str,
    lang: str,
    *,
    zone: str = "UTC",
    numerals: bool = False,
    discussiontools: bool = False,
) -> dict[str, object]:
    """A fresh wiki for the talk-page corpus: LANG, local time zone ZONE, ``$wgTranslateNumerals``,
    the posting clock, and DiscussionTools (1.43 only) to referee the bot's comment parser."""
    if discussiontools and version == "1.39":
        sys.exit("DiscussionTools bundled with MediaWiki 1.43 needs 1.43; the 1.39 package has none")
    info = create(name, version, lang, force=True)
    settings = (
        TALK_SETTINGS.replace("{zone}", zone)
        .replace("{numerals}", "true" if numerals else "false")
        .replace("{extensions}", DISCUSSIONTOOLS if discussiontools else "")
    )
    with (Path(str(info["dir"])) / "LocalSettings.php").open("a") as f:
        f.write(settings)
    if discussiontools:
        maint(info, "update", "--quick")  # DiscussionTools' and Linter's tables
    info.update(zone=zone, numerals=numerals, discussiontools=discussiontools)
    (Path(str(info["dir"])) / "site.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


# Bundled extensions a test may switch on, each after those it needs; the default wiki has none
# of them, so tests that do not need them are not slowed by their hooks and tables.
EXTENSION_NEEDS = {"Thanks": ("Echo",)}


def bundled(version: str, extension: str) -> bool:
    """Whether Debian's MediaWiki VERSION ships EXTENSION (1.43 has Thanks and Echo, 1.39 neither)."""
    return (mw_dir(version) / "extensions-core" / extension / "extension.json").is_file()


def enable_extensions(name: str, extensions: list[str]) -> dict[str, object]:
    """Load bundled EXTENSIONS (and those they need) on the wiki NAME, create their tables, and
    take a new snapshot, so ``reset`` keeps them. Call it before ``start``."""
    info = site_info(name)
    wanted: list[str] = []
    for ext in extensions:
        for x in (*EXTENSION_NEEDS.get(ext, ()), ext):
            if x not in wanted:
                wanted.append(x)
    missing = [x for x in wanted if not bundled(str(info["mw"]), x)]
    if missing:
        raise ProvisionError(f"MediaWiki {info['mw']} bundles no {', '.join(missing)}; use --mw 1.43")
    loaded = list(info.get("extensions", []))  # type: ignore[call-overload]
    new = [x for x in wanted if x not in loaded]
    if not new:
        return info
    with (Path(str(info["dir"])) / "LocalSettings.php").open("a") as f:
        f.write("".join(f"wfLoadExtension( '{x}' );\n" for x in new))
    maint(info, "update", "--quick")  # Echo's tables
    info["extensions"] = loaded + new
    (Path(str(info["dir"])) / "site.json").write_text(json.dumps(info, indent=2) + "\n")
    snapshot(name)
    return info


def snapshot(name: str) -> None:
    d = site_dir(name)
    shutil.rmtree(d / "snapshot", ignore_errors=True)
    shutil.copytree(d / "data", d / "snapshot")


def reset(name: str) -> None:
    """Put the wiki back to the state right after create; the port stays the same."""
    d = site_dir(name)
    was_up = _pid_alive(d)
    stop(name, quiet=True)
    shutil.rmtree(d / "data")
    shutil.copytree(d / "snapshot", d / "data")
    shutil.rmtree(d / "cache", ignore_errors=True)
    (d / "cache").mkdir()
    if was_up:
        start(name)


def write_pywikibot_config(name: str, info: dict[str, object]) -> None:
    """A family file under families/ and the bot's BotPassword in user-password.cfg (0600)."""
    FAMILIES.mkdir(exist_ok=True)
    fam = FAMILIES / f"{name}_family.py"
    fam.write_text(
        f'"""Pywikibot family for the local wiki {name!r}, written by scripts/localwiki.py."""\n\n'
        "from pywikibot import family\n\n\n"
        "class Family(family.Family):\n"
        f"    name = {name!r}\n"
        f"    langs = {{{str(info['lang'])!r}: '127.0.0.1:{info['port']}'}}\n\n"
        "    def scriptpath(self, code: str) -> str:\n"
        "        return ''\n\n"
        "    def protocol(self, code: str) -> str:\n"
        "        return 'http'\n"
    )
    entries = []
    if PASSWORD_FILE.exists():
        entries = [ln for ln in PASSWORD_FILE.read_text().splitlines() if f", '{name}', " not in ln]
    entries.append(
        f"('{info['lang']}', '{name}', '{info['bot']}', BotPassword('{BOT_APPID}', '{info['bot_password']}'))"
    )
    fd = os.open(PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(entries) + "\n")
    os.chmod(PASSWORD_FILE, 0o600)


# --- the server ---------------------------------------------------------------------------


def _pid_alive(d: Path) -> bool:
    pidfile = d / "server.pid"
    if not pidfile.exists():
        return False
    try:
        os.killpg(int(pidfile.read_text()), 0)
        return True
    except (ProcessLookupError, ValueError, PermissionError):
        return False


def url(name: str) -> str:
    return f"http://127.0.0.1:{site_info(name)['port']}"


def start(name: str) -> str:
    info = site_info(name)
    d = Path(str(info["dir"]))
    base = url(name)
    if _pid_alive(d) and _answers(base):
        return base
    stop(name, quiet=True)
    env = dict(os.environ, MW_CONFIG_FILE=str(d / "LocalSettings.php"), PHP_CLI_SERVER_WORKERS="4")
    with open(d / "server.log", "ab") as logf:
        proc = subprocess.Popen(
            ["php", "-d", "variables_order=EGPCS", "-S", f"127.0.0.1:{info['port']}", "-t", str(info["ip"])],
            env=env,
            stdout=logf,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (d / "server.pid").write_text(str(proc.pid))
    deadline = time.time() + 20
    while time.time() < deadline:
        if _answers(base):
            return base
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    sys.exit(f"the wiki {name} did not answer on {base}; see {d / 'server.log'}")


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/api.php?action=query&meta=siteinfo&format=json", timeout=5) as r:
            return b'"general"' in r.read()
    except (urllib.error.URLError, OSError):
        return False


def stop(name: str, quiet: bool = False) -> None:
    d = site_dir(name)
    pidfile = d / "server.pid"
    if not pidfile.exists():
        return
    try:
        pgid = int(pidfile.read_text())
        os.killpg(pgid, signal.SIGTERM)
        for _ in range(50):
            os.killpg(pgid, 0)
            time.sleep(0.05)
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, ValueError):
        pass
    pidfile.unlink(missing_ok=True)
    if not quiet:
        log(f"stopped wiki {name}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["provision", "create", "start", "stop", "reset", "status", "url"])
    ap.add_argument("name", nargs="?", default="demo")
    ap.add_argument("--mw", default=os.environ.get("MW") or DEFAULT_MW, choices=sorted(VERSIONS))
    ap.add_argument("--lang", default="en")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--extensions", default="", help="bundled extensions to load, comma-separated")
    a = ap.parse_args(argv)
    if a.command == "provision":
        print(provision(a.mw))
    elif a.command == "create":
        create(a.name, a.mw, a.lang, a.force)
        if a.extensions:
            enable_extensions(a.name, [x.strip() for x in a.extensions.split(",") if x.strip()])
    elif a.command == "start":
        print(start(a.name))
    elif a.command == "stop":
        stop(a.name)
    elif a.command == "reset":
        reset(a.name)
    elif a.command == "url":
        print(url(a.name))
    elif a.command == "status":
        d = site_dir(a.name)
        up = _pid_alive(d) and _answers(url(a.name))
        print(f"{a.name}: MediaWiki {site_info(a.name)['mw']} {'up at ' + url(a.name) if up else 'stopped'}")


if __name__ == "__main__":
    try:
        main()
    except ProvisionError as e:
        sys.exit(f"localwiki: {e}")
