"""Problems people on the wiki can fix, carried as values so that one bad entry never stops a run.

Every stage that reads something humans edit returns these next to its data; the status page (and,
for a mentor's own settings, their dashboard) lists them in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing a community admin or mentor should fix.

    ``where`` names the page and the line or key, so the reader can find it without the bot's help;
    ``message`` says what is wrong in plain words, quoting the offending text where that helps.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
