"""Section references in the code point at sections that exist in ``docs/ARCHITECTURE.md``.

Code, templates, scripts and tests cite the architecture document as "ARCHITECTURE §N" or
"ARCHITECTURE §N.M". A citation is only useful while the section is there, so every one is
checked against the document's headings. The original design document is not in the
repository, so no reference to it may remain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
SEARCHED = ("bot", "scripts", "tests", "templates")
THIS_FILE = Path(__file__).resolve()  # its examples are not citations

# Written in two parts, so that the markers never appear whole in this file.
CITATION = "ARCHITECTURE" + " §"
OLD_CITATION = "DESIGN" + " §"

HEADING = re.compile(r"^#{2,4} §(\d+(?:\.\d+)*) \S", re.MULTILINE)
SECTION = re.compile(r"§(\d+(?:\.\d+)*)")


def doc_sections() -> list[str]:
    return HEADING.findall(DOC.read_text(encoding="utf-8"))


def searched_files() -> Iterator[Path]:
    for top in SEARCHED:
        for path in sorted((ROOT / top).rglob("*")):
            rel = path.relative_to(ROOT)
            if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
                continue
            if path.resolve() == THIS_FILE:
                continue
            yield path


def lines_with(marker: str) -> Iterator[tuple[str, int, str]]:
    """(file, line number, line) for every line of the searched files holding MARKER."""
    for path in searched_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files cite nothing
        if marker not in text:
            continue
        rel = str(path.relative_to(ROOT))
        for number, line in enumerate(text.splitlines(), start=1):
            if marker in line:
                yield rel, number, line


def cited_sections() -> list[tuple[str, str]]:
    """(where, section) for every section a citation names: "ARCHITECTURE §6.1, §9.4" names two."""
    out: list[tuple[str, str]] = []
    for rel, number, line in lines_with(CITATION):
        tail = line[line.index(CITATION) :]
        out.extend((f"{rel}:{number}", section) for section in SECTION.findall(tail))
    return out


def test_the_document_numbers_each_section_once() -> None:
    sections = doc_sections()
    assert sections, f"{DOC} has no '## §N …' headings"
    assert len(sections) == len(set(sections)), sorted(s for s in sections if sections.count(s) > 1)


def test_every_subsection_sits_under_its_section() -> None:
    sections = set(doc_sections())
    orphans = [s for s in sections if "." in s and s.rsplit(".", 1)[0] not in sections]
    assert orphans == []


def test_the_code_cites_the_architecture_document() -> None:
    # Guards the next test from passing because the search found nothing to check.
    assert cited_sections()


@pytest.mark.parametrize(("where", "section"), cited_sections())
def test_every_cited_section_exists(where: str, section: str) -> None:
    assert section in set(doc_sections()), f"{where} cites §{section}, which {DOC.name} does not have"


def test_no_reference_to_the_old_design_document_remains() -> None:
    found = [f"{rel}:{number}: {line.strip()}" for rel, number, line in lines_with(OLD_CITATION)]
    assert found == []


def test_every_section_sign_in_the_code_belongs_to_a_citation() -> None:
    """A bare "(§4.4)" leaves the reader guessing which document it means."""
    bare = [
        f"{rel}:{number}: {line.strip()}" for rel, number, line in lines_with("§") if CITATION not in line
    ]
    assert bare == []
