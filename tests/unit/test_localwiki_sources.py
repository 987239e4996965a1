"""Finding Debian's own mirror in the machine's apt sources (scripts/localwiki.py).

The samples are the shapes apt really reads: deb822 stanzas with several URIs, suites and an
embedded key, one-line entries with options in brackets, and third-party vendors' entries that
also say "bookworm main" and must never be taken for Debian.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import localwiki
from localwiki import (
    ProvisionError,
    debian_mirrors,
    find_mirrors,
    parse_deb822,
    parse_one_line,
    read_apt_sources,
    sources_list,
)

DEBIAN_SOURCES = """\
Types: deb
# http://snapshot.example/archive/debian/20250520T000000Z
URIs: http://mirror-a.example/debian http://mirror-b.example/debian/
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror-a.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""

VENDOR_SOURCES = """\
Types: deb
URIs: https://vendor.example/repos/azure-cli/
Suites: bookworm
Components: main
Architectures: amd64
Signed-By: /usr/share/keyrings/microsoft.gpg
"""

EMBEDDED_KEY = """\
Types: deb
URIs: https://other.example/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBF...
 -----END PGP PUBLIC KEY BLOCK-----
"""


def test_deb822_gives_every_uri_of_the_debian_stanza_and_not_its_security_one() -> None:
    assert debian_mirrors(parse_deb822(DEBIAN_SOURCES)) == [
        "http://mirror-a.example/debian",
        "http://mirror-b.example/debian",
    ]


def test_a_vendor_repository_with_the_same_suite_is_not_debian() -> None:
    sources = parse_deb822(VENDOR_SOURCES) + parse_deb822(DEBIAN_SOURCES)
    assert debian_mirrors(sources)[0] == "http://mirror-a.example/debian"
    assert debian_mirrors(parse_deb822(VENDOR_SOURCES)) == []


def test_an_embedded_key_is_joined_to_its_field_and_not_taken_for_debians_keyring() -> None:
    (src,) = parse_deb822(EMBEDDED_KEY)
    assert src.signed_by is not None and "BEGIN PGP" in src.signed_by
    assert src.suites == ("bookworm",)
    assert debian_mirrors([src]) == []


def test_a_disabled_stanza_is_skipped() -> None:
    assert debian_mirrors(parse_deb822("Enabled: no\n" + DEBIAN_SOURCES.split("\n\n")[0])) == []


def test_one_line_options_in_brackets_are_not_taken_for_the_url() -> None:
    text = (
        "# the machine's list\n"
        "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://mirror-c.example/debian bookworm main contrib\n"
        "deb-src http://mirror-c.example/debian bookworm main\n"
        "deb [ signed-by=/usr/share/keyrings/vendor.gpg ] https://vendor.example/debian bookworm main\n"
        "deb http://mirror-c.example/debian-security bookworm-security main\n"
    )
    sources = parse_one_line(text)
    assert sources[0].uris == ("http://mirror-c.example/debian",)
    assert sources[0].signed_by == "/usr/share/keyrings/debian-archive-keyring.gpg"
    assert sources[2].signed_by == "/usr/share/keyrings/vendor.gpg"
    assert debian_mirrors(sources) == ["http://mirror-c.example/debian"]


def test_an_entry_without_signed_by_counts_when_it_is_debians_path() -> None:
    assert debian_mirrors(parse_one_line("deb http://mirror-d.example/debian/ bookworm main\n")) == [
        "http://mirror-d.example/debian"
    ]
    assert debian_mirrors(parse_one_line("deb http://vendor.example/apt bookworm main\n")) == []


def test_the_machines_folders_are_read_in_apts_order(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list").write_text("deb http://mirror-e.example/debian bookworm main\n")
    (tmp_path / "sources.list.d" / "azure-cli.sources").write_text(VENDOR_SOURCES)
    (tmp_path / "sources.list.d" / "debian.sources").write_text(DEBIAN_SOURCES)
    (tmp_path / "sources.list.d" / "old.list.disabled").write_text("deb http://x.example/debian sid main\n")
    assert len(read_apt_sources(tmp_path)) == 4
    assert find_mirrors(tmp_path, env={}) == [
        "http://mirror-e.example/debian",
        "http://mirror-a.example/debian",
        "http://mirror-b.example/debian",
    ]


def test_no_debian_entry_is_one_clear_error_naming_the_override(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "azure-cli.sources").write_text(VENDOR_SOURCES)
    with pytest.raises(ProvisionError, match=localwiki.MIRROR_ENV):
        find_mirrors(tmp_path, env={})
    assert find_mirrors(tmp_path, env={localwiki.MIRROR_ENV: "http://mine.example/debian"}) == [
        "http://mine.example/debian"
    ]


def test_the_private_list_names_debians_keyring_on_every_line() -> None:
    text = sources_list(["http://a.example/debian", "http://b.example/debian"], "trixie")
    keyring = localwiki.DEBIAN_KEYRING
    assert text.splitlines() == [
        f"deb [signed-by={keyring}] http://a.example/debian trixie main",
        f"deb [signed-by={keyring}] http://b.example/debian trixie main",
    ]


def test_a_failing_apt_command_is_one_line_with_its_last_words() -> None:
    with pytest.raises(ProvisionError) as err:
        localwiki._apt(
            ["sh", "-c", "echo 'E: The repository is not signed.' >&2; exit 100"], "apt-get update"
        )
    assert str(err.value).startswith("apt-get update failed: E: The repository is not signed.")
    assert "\n" not in str(err.value)
