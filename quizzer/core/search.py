"""Search by relevance: which questions a query names, best first.

Pure logic (no textual), so the browser and any command line rank the same way.
Every word of the query must be found somewhere; where it is found decides the
rank of the question, the worst-placed word deciding:

0. the query is the question's id or its title (case and punctuation aside);
1. every word is a whole word of the title or the id;
2. every word starts a word of the title or the id ("deriv" finds "Derivative");
3. a word is found only inside a title or id word, or in the tags, topic or kind;
4. a word is found only in the prompt.

Between questions of one rank, the one whose id has the fewest words the query
left out comes first (the id is the question's short name: "lstm cell" names
`numpy-lstm-cell` more closely than `numpy-lstm-cell-backward`), then the one
whose title has the fewest; ties keep the order given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

EXACT, WHOLE_WORD, WORD_START, ELSEWHERE, PROMPT = range(5)

_WORD = re.compile(r"[^\W_]+")  # letters and digits: "ReLU's" -> "relu", "s"; "numpy-lstm-cell" -> three words

T = TypeVar("T")


def words(text: str) -> list[str]:
    """The lower-case words of `text` (runs of letters and digits)."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Document:
    """What a question offers to search: its id, title, tags, other labels (topic, kind) and prompt."""

    id: str
    title: str
    tags: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    prompt: str = ""


def _place(word: str, name_words: list[str], other_words: list[str], prompt_words: set[str]) -> int | None:
    """Where one query word is found best (a rank above), or None when nowhere."""
    if word in name_words:
        return WHOLE_WORD
    if any(w.startswith(word) for w in name_words):
        return WORD_START
    if any(word in w for w in name_words) or any(word in w for w in other_words):
        return ELSEWHERE
    if word in prompt_words or any(w.startswith(word) for w in prompt_words):
        return PROMPT
    return None


def relevance(query: str, document: Document) -> tuple[int, int, int] | None:
    """A sort key for `document` (smaller is more relevant), or None when a word of `query` is nowhere in it."""
    asked = words(query)
    if not asked:
        return (EXACT, 0, 0)
    id_words, title_words = words(document.id), words(document.title)
    leftover_id = len(set(id_words) - set(asked))
    leftover_title = len(set(title_words) - set(asked))
    if asked == id_words or asked == title_words:
        return (EXACT, leftover_id, leftover_title)
    name_words = id_words + title_words
    other_words = [w for text in (*document.tags, *document.labels) for w in words(text)]
    prompt_words = set(words(document.prompt))
    places = [_place(word, name_words, other_words, prompt_words) for word in asked]
    if None in places:
        return None
    return (max(places), leftover_id, leftover_title)


def rank(query: str, items: Iterable[T], document: Callable[[T], Document]) -> list[T]:
    """The items that match every word of `query`, most relevant first (all of them, in order, for an empty query)."""
    items = list(items)
    if not words(query):
        return items
    scored = [(key, i, item) for i, item in enumerate(items) if (key := relevance(query, document(item))) is not None]
    return [item for _, _, item in sorted(scored, key=lambda entry: entry[:2])]
