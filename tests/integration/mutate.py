"""Random edits of the kind people make to a page, for the mutation suite (test_mutations.py).

Each edit is one small change a hurried editor makes: a character or a line lost or doubled, or
a piece of markup, an invisible character or a stray delimiter typed in. The edits are drawn
from a ``random.Random`` the caller seeds, so a failing case is replayed from its seed alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# What an editor types by accident, or pastes from elsewhere: apostrophes that pair up across
# lines, template and table delimiters, an unclosed comment, a stray nowiki end, and invisible
# characters (a no-break space, left-to-right, right-to-left and right-to-left override marks,
# a byte order mark).
INSERTIONS = (
    "''",
    "'''",
    "{{",
    "}}",
    "|",
    "<!--",
    "</nowiki>",
    "\u00a0",
    "\u200e",
    "\u200f",
    "\u202e",
    "\ufeff",
)
KINDS = ("delete-char", "duplicate-char", "delete-line", "duplicate-line", "insert")
# An insertion has a dozen variants to the other kinds' one, so it is drawn as often as all of
# them together.
KIND_WEIGHTS = (1, 1, 1, 1, 4)


@dataclass(frozen=True)
class Mutation:
    """One edit: KIND at character offset AT (or line number, for the line kinds)."""

    kind: str
    at: int
    inserted: str = ""

    def apply(self, text: str) -> str:
        if self.kind == "insert":
            return text[: self.at] + self.inserted + text[self.at :]
        if self.kind in ("delete-char", "duplicate-char"):
            keep = self.kind == "duplicate-char"
            return text[: self.at] + (text[self.at] * 2 if keep else "") + text[self.at + 1 :]
        lines = text.split("\n")
        line = lines[self.at]
        lines[self.at : self.at + 1] = [line, line] if self.kind == "duplicate-line" else []
        return "\n".join(lines)

    def describe(self, text: str) -> str:
        """The edit, and the text around it before and after, for a failure report."""
        if self.kind.endswith("-line"):
            return f"{self.kind} {self.at + 1}: {text.split(chr(10))[self.at]!r}"
        before = text[max(0, self.at - 30) : self.at + 30]
        after = self.apply(text)[max(0, self.at - 30) : self.at + 30 + len(self.inserted)]
        what = f" {self.inserted!r}" if self.inserted else ""
        return f"{self.kind}{what} at {self.at}: {before!r} -> {after!r}"


def random_mutation(rng: random.Random, text: str) -> Mutation:
    """One edit of TEXT, drawn by KIND_WEIGHTS (a text of one line has no line to lose)."""
    if not text:
        return Mutation("insert", 0, rng.choice(INSERTIONS))
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    if kind.endswith("-line"):
        lines = text.split("\n")
        if len(lines) < 2 and kind == "delete-line":
            kind = "delete-char"
        else:
            return Mutation(kind, rng.randrange(len(lines)))
    if kind == "insert":
        return Mutation(kind, rng.randrange(len(text) + 1), rng.choice(INSERTIONS))
    return Mutation(kind, rng.randrange(len(text)))
