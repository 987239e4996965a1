"""Interface messages in MediaWiki's i18n JSON format, so translatewiki-style files work as they are.

Message files live in ``templates/i18n/<lang>.json`` (installed as ``bot.templates``):
``@metadata`` plus ``key: text`` pairs with ``$1``, ``$2``… parameters. ``qqq.json`` documents
every key for translators. Message text is reviewed like code and is therefore trusted markup
(it may use ``{{PLURAL:$1|…}}``, which MediaWiki renders itself); parameters are not, and are
escaped on the way in.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from bot.model.said import Code, Said
from bot.render.escape import ISO_DATE_FORMAT, Wikitext, collapse_line_breaks, escape, isolate
from bot.render.installed import I18N_DIR

logger = logging.getLogger(__name__)

FALLBACK_LANGUAGE = "en"

# Language codes become file names, so only MediaWiki-shaped codes are accepted.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,8}(?:-[a-z0-9]{1,8})*")
_PARAMETER = re.compile(r"\$([1-9][0-9]*)")

# The message naming the default order of dates, and the values MediaWiki's DateFormatter takes.
DATE_FORMAT_KEY = "mentordashboard-date-format"
DATE_FORMATS = frozenset({"dmy", "mdy", "ymd", ISO_DATE_FORMAT})

# Right-to-left content languages among MediaWiki's (Language::isRTL), for the page's dir=.
RTL_LANGUAGES = frozenset(
    {
        "aeb", "ar", "arc", "arq", "ary", "arz", "azb", "bcc", "bgn", "bqi", "ckb", "dv", "fa",
        "glk", "he", "khw", "kk-arab", "ks", "ku-arab", "lki", "lrc", "luz", "mzn", "nqo", "pnb",
        "ps", "sd", "sdh", "skr", "ug", "ur", "yi",
    }
)  # fmt: skip


class MessageFileError(ValueError):
    """A message file exists but is not a flat JSON object of strings."""


@dataclass(frozen=True)
class Messages:
    """The messages of one language, with English filling any gaps."""

    lang: str
    texts: Mapping[str, str]

    @classmethod
    def load(cls, lang: str = FALLBACK_LANGUAGE, directory: Path = I18N_DIR) -> Messages:
        """Merge ``en`` ← base language (``pt`` for ``pt-br``) ← ``lang``, most specific last.

        A missing translation is normal (new keys reach translators later), so it falls back
        silently; a missing ``en.json`` is a broken install and raises.
        """
        if not _LANGUAGE_CODE.fullmatch(lang):
            raise ValueError(f"{lang!r} is not a language code like 'en', 'de' or 'pt-br'")
        chain = [FALLBACK_LANGUAGE]
        if "-" in lang and lang.split("-")[0] != FALLBACK_LANGUAGE:
            chain.append(lang.split("-")[0])
        if lang not in chain:
            chain.append(lang)
        texts: dict[str, str] = {}
        for code in chain:
            path = directory / f"{code}.json"
            if code != FALLBACK_LANGUAGE and not path.exists():
                logger.debug("no messages for %s at %s; falling back", code, path)
                continue
            texts.update(read_message_file(path))
        return cls(lang=lang, texts=MappingProxyType(texts))

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, for the page's ``dir`` attribute."""
        return "rtl" if self.lang in RTL_LANGUAGES else "ltr"

    @property
    def date_format(self) -> str:
        """The default order of ``{{#dateformat:}}``; an unknown value falls back to ISO dates.

        The message is a parser-function argument, not text, so only MediaWiki's own preference
        names are let through: anything else would end up inside the ``{{…}}``.
        """
        chosen = self.texts.get(DATE_FORMAT_KEY, "")
        return chosen if chosen in DATE_FORMATS else ISO_DATE_FORMAT

    def text(self, key: str, *params: object) -> Wikitext:
        """The message ``key`` with ``$1``…``$n`` replaced by the escaped ``params``.

        Parameters are escaped here (``Wikitext`` ones pass through), so a caller cannot forget
        to, and a text parameter shown as text is isolated in ``<bdi>`` (``isolate``): text comes
        from users, so its direction is unknown. Substitution is a single pass: a ``$2`` inside a
        parameter stays literal text. A ``$n`` with no parameter is left as it is, as MediaWiki
        does.
        """
        # Trusted: the message text comes from the reviewed message files, the params are escaped.
        return Wikitext(_isolating(self._template(key), params))

    def said(self, said: Said) -> Wikitext:
        """A ``Said`` as wikitext; nested ones are rendered first, in the same language, and a
        tuple of them is joined as the parts of one sentence."""
        return self.text(said.key, *(self._inner(p) for p in said.params))

    def said_plain(self, said: Said) -> str:
        """A ``Said`` as plain text (see ``plain``)."""
        return self.plain(said.key, *(self._inner_plain(p) for p in said.params))

    def _inner(self, param: object) -> object:
        if isinstance(param, tuple):
            separator = escape(self.plain("mentordashboard-summary-separator"))
            return Wikitext(separator.join(isolate(self._inner(p)) for p in param))
        if isinstance(param, Code):
            return code(param.text)
        return self.said(param) if isinstance(param, Said) else param

    def _inner_plain(self, param: object) -> object:
        if isinstance(param, tuple):
            separator = self.plain("mentordashboard-summary-separator")
            return separator.join(str(self._inner_plain(p)) for p in param)
        if isinstance(param, Code):
            return param.text
        return self.said_plain(param) if isinstance(param, Said) else param

    def plain(self, key: str, *params: object) -> str:
        """The message ``key`` as plain text, for edit summaries, protect reasons and logs.

        MediaWiki shows a revision comment with its own escaping (only ``[[links]]`` and
        ``/* sections */`` are read), so a character reference would show as typed: the
        parameters go in as they are, each on one line. Plain messages use no ``{{PLURAL:}}``
        either, since nothing expands it in a comment.
        """
        return _substitute(self._template(key), [collapse_line_breaks(str(param)) for param in params])

    def _template(self, key: str) -> str:
        try:
            return self.texts[key]
        except KeyError:
            raise KeyError(
                f"unknown message key {key!r}: add it to templates/i18n/en.json and qqq.json"
            ) from None


def code(text: str) -> Wikitext:
    """TEXT escaped inside ``<code dir="ltr">``: JSON reads left to right on any page, and an
    element with ``dir`` is isolated from the text around it, as ``<bdi>`` is."""
    return Wikitext(f'<code dir="ltr">{escape(text)}</code>')


# A link with no label whose target holds a parameter (``[[:$1]]``): MediaWiki shows the target.
_LABELLESS_LINK = re.compile(r"\[\[(:?)([^|\[\]{}]*\$[1-9][^|\[\]{}]*)\]\]")


def _isolating(template: str, params: tuple[object, ...]) -> str:
    """``_substitute`` with every parameter escaped, and each text one shown as text isolated.
    A link that shows its own target gets that target as its label first, so that the title,
    too, is shown isolated."""
    template = _LABELLESS_LINK.sub(r"[[\1\2|\2]]", template)

    def substitute(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        if index >= len(params):
            return match[0]
        value = params[index]
        if isinstance(value, str) and not _in_target(template, match.start()):
            return isolate(value)
        return escape(value)

    return _PARAMETER.sub(substitute, template)


def _in_target(template: str, position: int) -> bool:
    """Whether POSITION is inside a link target or a parser function's first argument
    (``[[User:$1|…]]``, ``{{PLURAL:$1|…}}``), where a tag would change the title or the value."""
    before = template[:position]
    for opening, ends in (("[[", ("|", "]]")), ("{{", ("|", "}}"))):
        start = before.rfind(opening)
        if start != -1 and not any(end in before[start:] for end in ends):
            return True
    return False


def _substitute(template: str, params: list[str]) -> str:
    """One pass over ``$n``: a ``$2`` inside a parameter stays literal text, and a ``$n`` with no
    parameter is left as it is, as MediaWiki does."""

    def substitute(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return params[index] if index < len(params) else match[0]

    return _PARAMETER.sub(substitute, template)


def read_message_file(path: Path) -> dict[str, str]:
    """The messages in one file, without ``@metadata``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise MessageFileError(f"{path}: expected a JSON object of messages")
    messages: dict[str, str] = {}
    for key, value in data.items():
        if key == "@metadata":
            continue
        if not isinstance(value, str):
            raise MessageFileError(f"{path}: message {key!r} must be a string")
        messages[key] = value
    return messages


@functools.cache
def _english() -> Messages:
    return Messages.load(FALLBACK_LANGUAGE)


_ENGLISH_PLURAL = re.compile(r"\{\{PLURAL:([0-9]+)\|([^|{}]*)\|([^|{}]*)\}\}")


def english(said: Said) -> str:
    """SAID in English as plain text: what logs and the command line show. English has two
    plural forms, so ``{{PLURAL:}}`` is easily done here, with no wiki to expand it."""
    text = _english().said_plain(said)
    return _ENGLISH_PLURAL.sub(lambda m: m[2] if m[1] == "1" else m[3], text)
