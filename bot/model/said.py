"""A message not yet said in any language: its key and parameters.

Readers and deciders know nothing of the wiki's language; they say what they mean as a
``Said``, and the render stage words it from the message files (ARCHITECTURE §7.7).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Said:
    """A message key with its parameters, not yet in any language.

    A parameter may itself be a ``Said`` (a reason inside a sentence: "user "X" is not a user
    name: <why>"); it is rendered in the same language and not escaped a second time.
    """

    key: str
    params: tuple[object, ...] = ()

    @classmethod
    def of(cls, key: str, *params: object) -> Said:
        return cls(key, params)


@dataclass(frozen=True)
class Code:
    """A parameter that is code, not words: a JSON snippet or key the mentor types as shown.

    Translators never see it (it is a parameter, not message text), so ``"status"`` stays
    ``"status"`` in every language; the render stage escapes it like any text and shows it as
    left-to-right code, even on a right-to-left page.
    """

    text: str
