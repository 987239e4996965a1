"""Wikitext that MediaWiki shows literally or not at all, found once for every parser that reads pages.

Comments, ``<nowiki>``, ``<pre>``, ``<syntaxhighlight>`` and ``<source>``: a mentor-list entry
inside one is no entry, and a heading or signature inside one is none. Both hand-edited pages
the bot parses (the mentor list and talk pages) need the same answer, so the rule is here.

It follows MediaWiki's preprocessor, in one left-to-right scan: a comment opened inside
``<nowiki>`` is text, and a ``<nowiki>`` opened inside a comment is comment. An unclosed
comment runs to the end of the page; an unclosed ``<nowiki>`` or ``<pre>`` is plain text; a
self-closing ``<nowiki/>`` is an empty element, and hidden. A tag found unclosed once is not
searched for again, so a page full of unclosed tags still costs one pass. One departure:
MediaWiki lets a tag's attributes hold ``<``; here they may not, so that text like
``<pre <pre <pre …`` never makes the scan quadratic. No real page writes ``<pre a<b>``.

Callers differ only in what they put in the hidden text's place, and both keep every newline
so line numbers stay true:

* :func:`blank_hidden` writes spaces, so columns stay true too: a signature's column says where
  a question's text ends (``bot/parse/talk_threads.py``).
* :func:`drop_hidden` removes the text, so what is around a comment joins up as on the rendered
  page: ``user=Al<!-- x -->ice`` names Alice (``bot/parse/mentor_list.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

HIDING_TAGS = ("nowiki", "pre", "syntaxhighlight", "source")

_START = re.compile(rf"<!--|<({'|'.join(HIDING_TAGS)})(?:\s[^<>]*?)?(/?)>", re.IGNORECASE)
_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in HIDING_TAGS}
_NOT_NEWLINE = re.compile(r"[^\n]")


def hidden_spans(text: str) -> Iterator[tuple[int, int]]:
    """Start and end offsets of each hidden part of TEXT, in order and never overlapping."""
    unclosed: set[str] = set()
    pos = 0
    while (start := _START.search(text, pos)) is not None:
        pos = start.end()
        if start.group(1) is None:
            close = text.find("-->", pos)
            end = len(text) if close < 0 else close + 3
        elif start.group(2):
            end = pos  # <nowiki/>: the tag is all there is
        else:
            name = start.group(1).lower()
            found = None if name in unclosed else _END[name].search(text, pos)
            if found is None:
                unclosed.add(name)
                continue
            end = found.end()
        yield start.start(), end
        pos = end


def blank_hidden(text: str) -> str:
    """TEXT with every hidden character but newlines turned into a space: lines and columns kept."""
    return _replace_hidden(text, lambda hidden: _NOT_NEWLINE.sub(" ", hidden))


def drop_hidden(text: str) -> str:
    """TEXT without its hidden parts, keeping only their newlines: lines kept, columns not."""
    return _replace_hidden(text, lambda hidden: "\n" * hidden.count("\n"))


def _replace_hidden(text: str, fill: Callable[[str], str]) -> str:
    pieces: list[str] = []
    done = 0
    for start, end in hidden_spans(text):
        pieces += [text[done:start], fill(text[start:end])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
