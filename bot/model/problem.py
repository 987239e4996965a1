"""Problems people on the wiki can fix, carried as values so that one bad entry never stops a run.

Every stage that reads something humans edit returns these next to its data; the status page (and,
for a mentor's own settings, their dashboard) lists them in plain words, in the wiki's language:
a problem holds a message key and its parameters, and only the render stage turns it into text
(ARCHITECTURE §7.7), so the readers never need to know which language the wiki speaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model.said import Code, Said


@dataclass(frozen=True)
class Problem:
    """One thing a community admin or mentor should fix.

    ``where`` names the page (or a name the status page links, such as "mentor list") and ``at``
    the place on it, a line, a key or a revision, so the reader can find it without the bot's
    help; ``at`` is a message, so the place is said in the wiki's language too. ``said`` says what
    is wrong, quoting the offending text where that helps.
    """

    where: str
    said: Said
    at: Said | None = None

    @classmethod
    def of(cls, where: str, key: str, *params: object, at: Said | None = None) -> Problem:
        return cls(where, Said(key, params), at)

    @property
    def place(self) -> str:
        """The page and the place on it, in English: for logs and the command line."""
        return self.where if self.at is None else english(Said.of(WHERE_AT, self.where, self.at))

    @property
    def message(self) -> str:
        """What is wrong, in English: for logs and the command line."""
        return english(self.said)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


# The message that puts a place after its page: "User:X/Mentors, line 3".
WHERE_AT = "mentordashboard-where-at"


def english(said: Said) -> str:
    """SAID in English; pages never use it. Imported when asked, as the model reads no files."""
    from bot.render.i18n import english as in_english

    return in_english(said)


class SaidError(ValueError):
    """An error whose text is a message, so whoever reports it can say it in the wiki's language."""

    def __init__(self, key: str, *params: object) -> None:
        self.said = Said(key, params)
        super().__init__(key)

    def __str__(self) -> str:
        return english(self.said)


__all__ = ["WHERE_AT", "Code", "Problem", "Said", "SaidError", "english"]
