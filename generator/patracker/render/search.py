"""Thai search: segment the search index the theme built, so lunr can find Thai words.

Thai is written without spaces, so Material's search sees a whole sentence as one word
and a surname inside it is never found. After mkdocs writes ``search/search_index.json``
we cut every Thai run into words with pythainlp (newmm), keeping the office's own names
(people, schools) whole, and join the words with a zero-width space, which the search
``separator`` in mkdocs.yml splits on. The visible pages are left untouched.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..filecache import beside_records, read_marshal, write_marshal

ZWSP = "\u200b"
_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")
_WORDS = re.compile(r"[^\u0e00-\u0e7f]+")  # a cut text's words: Thai runs between anything else
WORDS_FILE = "thai-words.json"


def segmenter(keep_whole: Iterable[str]):
    """A function that splits Thai runs of a text into words, keeping ``keep_whole`` intact."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import Tokenizer

    words = {w for w in keep_whole if w and _THAI_RUN.fullmatch(w)}
    tokenizer = Tokenizer(custom_dict=set(thai_words()) | words, engine="newmm")
    cache: dict[str, str] = {}

    def cut(match: re.Match) -> str:
        run = match.group()
        if run not in cache:
            cache[run] = ZWSP.join(tokenizer.word_tokenize(run))
        return f"{ZWSP}{cache[run]}{ZWSP}"

    return lambda text: _THAI_RUN.sub(cut, text)


def segment_index(
    site_dir: Path, keep_whole: Iterable[str], known: dict[str, str] | None = None
) -> dict[str, str]:
    """Rewrite the search index in place; return each text as cut (raw → cut).

    ``known`` holds texts cut by an earlier build with the same names kept whole
    (``CutWords``), so the word cutter is started only for what is new.
    """
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    known, cut, done = dict(known or {}), None, {}
    for doc in index["docs"]:
        for field in ("text", "title"):
            raw = doc.get(field, "")
            if raw not in known:
                cut = cut or segmenter(keep_whole)
                known[raw] = cut(raw)
            doc[field] = done[raw] = known[raw]
    replace_text(path, json.dumps(index, ensure_ascii=False))
    write_vocabulary(path.with_name(WORDS_FILE), done.values())
    return done


def write_vocabulary(path: Path, texts: Iterable[str]) -> None:
    """Every Thai word of the cut index, for ``assets/search-thai.js`` to cut a typed query
    into the same words: readers type "นางอัญชลี" where the index holds "นาง" "อัญชลี"."""
    words = {w for text in texts for w in _WORDS.split(text) if _THAI_RUN.fullmatch(w)}
    replace_text(path, json.dumps(sorted(words), ensure_ascii=False, separators=(",", ":")))


class CutWords:
    """Texts cut into words by earlier builds of the same records, into any folder for any
    audience (raw → cut), kept in ``.patracker-cache/`` beside ``records/``. A build then
    starts the word cutter (half a second to load its dictionary) only for new text. Texts
    were cut keeping the office's names whole, so they count only while the names
    (``names``, a digest) are the same."""

    def __init__(self, records: Path, names: str):
        self.location = beside_records(records, "words")
        self.names = names
        stored = read_marshal(self.location) or {}
        self.known: dict[str, str] = stored.get("cut", {}) if stored.get("names") == names else {}

    def save(self, done: dict[str, str]) -> None:
        """Keep this build's texts, and the earlier ones while they are not the most."""
        if done.keys() <= self.known.keys():
            return
        kept = {**self.known, **done} if len(self.known) < 2 * len(done) else done
        write_marshal(self.location, {"names": self.names, "cut": kept})


def replace_text(path: Path, text: str) -> None:
    """Write a new file in place of ``path``: the old one may be linked from another build."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
