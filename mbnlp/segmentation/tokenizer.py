"""A spaCy tokenizer for budget text: numbers and units by one regex, Chinese words by jieba.

One scan of :data:`SEGMENT` splits a text into whitespace runs, number runs and the
text between them. A number run (sign, digits, ``,`` thousand separators, ``.``
decimals, full-width forms) is one token; a unit that follows it, after spaces at
most, is its own token; only the text between numbers reaches jieba. So a jieba
dictionary word can never swallow a number boundary, and every span boundary of
SPEC §3 (``4,593,144.30``, ``55.5`` + ``%``, ``（`` + ``2.3`` + ``）``) falls
between tokens.

Each tokenizer owns a private ``jieba.Tokenizer`` loaded with the packaged domain
dictionary and an optional user dictionary; the global ``jieba.dt`` is never used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jieba
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, ensure_path
from spacy.vocab import Vocab

from ..normalize import UNITS

DIGIT = "[0-9０-９]"
SIGN = "[+\\-−－＋]"
NUMBER = (
    f"(?:(?<![0-9０-９A-Za-z]){SIGN})?(?:{DIGIT}{{1,3}}(?:[,，]{DIGIT}{{3}}(?!{DIGIT}))+|{DIGIT}+)(?:[.．]{DIGIT}+)*"
)
"""A number run: optional sign (not after a digit or letter, so ``100-80`` is a range),
digits grouped by ``,`` or ``，`` in threes or not grouped, ``.`` decimals (a run with
several dots, ``2023.4.20``, stays one token). Full-width digits count."""

SEGMENT = re.compile(rf"(?P<space>\s+)|(?P<number>{NUMBER})|(?P<text>[^\s0-9０-９+\-−－＋]+|.)", re.DOTALL)
HORIZONTAL_SPACE = frozenset(" \u3000\xa0")
_VARIANTS = str.maketrans({"%": "％", "（": "(", "）": ")", "/": "／"})
UNIT_SPELLINGS: frozenset[str] = frozenset(UNITS) | {unit.translate(_VARIANTS) for unit in UNITS}
"""The units of :data:`mbnlp.normalize.UNITS` as printed: also ``％``, ``台(套)``, ``元／人``."""
UNIT = re.compile("|".join(re.escape(unit) for unit in sorted(UNIT_SPELLINGS, key=len, reverse=True)))
UNIT_AFTER_NUMBER = re.compile(f"(?P<about>余)?(?P<unit>{UNIT.pattern}|万)")
"""What a number's unit token may be: a unit, or the multiplier ``万`` alone (``8万余册``),
after at most one ``余`` that is a token of its own (``10余项`` → ``10`` ``余`` ``项``)."""
DATE_WORD = re.compile("年[度初末底中内]|月[份初底末中]")
"""Date words that start with a unit character but stay one token after a number:
``2022年度``, ``5月份``."""


def is_number_token(text: str) -> bool:
    """Whether ``text`` is one number run, all of it: what the tokenizer makes one token."""
    match = SEGMENT.match(text)
    return match is not None and match.lastgroup == "number" and match.end() == len(text)


CUT_MEMORY = 4096
"""How many distinct texts between numbers a tokenizer remembers jieba's words of (they recur:
``万元，占``, ``，比上年``); forgotten all at once when full."""
DOMAIN_DICTIONARY = "domain_dict.txt"
_ENTRY = re.compile(r"(?P<word>\S+)(?:[ \t]+(?P<freq>[0-9]+))?(?:[ \t]+(?P<tag>\S+))?")
_JIEBA_LOGGER = logging.getLogger("jieba")


@dataclass(frozen=True)
class Entry:
    """One line of a jieba dictionary: ``word [freq] [tag]``."""

    word: str
    freq: int | None
    tag: str | None


def read_dictionary(text: str, source: str = "<dictionary>") -> tuple[Entry, ...]:
    """The entries of a dictionary in jieba's format (one ``word [freq] [tag]`` a line).

    Blank lines are skipped; any other line that does not fit raises ``ValueError``
    naming ``source`` and the line number.
    """
    entries = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not line.strip():
            continue
        match = _ENTRY.fullmatch(line.strip())
        if match is None:
            raise ValueError(f"{source}:{number}: not a dictionary line (word [freq] [tag]): {line!r}")
        freq = match["freq"]
        entries.append(Entry(match["word"], int(freq) if freq is not None else None, match["tag"]))
    return tuple(entries)


@lru_cache(maxsize=1)
def domain_dictionary() -> tuple[Entry, ...]:
    """The packaged domain dictionary (``data/domain_dict.txt``), read once."""
    text = resources.files(__package__).joinpath("data", DOMAIN_DICTIONARY).read_text(encoding="utf-8")
    return read_dictionary(text, DOMAIN_DICTIONARY)


def domain_words(tag: str) -> frozenset[str]:
    """The words of the domain dictionary that carry ``tag`` (``acc`` for account names)."""
    return frozenset(entry.word for entry in domain_dictionary() if entry.tag == tag)


class JiebaTokenizer(DummyTokenizer):
    """Tokenize budget text: numbers, units and whitespace by regex, the rest by jieba.

    Contract: the tokens' texts and trailing spaces reassemble the input exactly; a
    number run is one token; a unit right after a number (spaces allowed between) is
    one token (so is a ``余`` before it, and a bare ``万``: ``10余项``, ``8万余册``), except
    the 年/月 of a date word (``2022年度`` → ``2022`` + ``年度``); a
    whitespace run is one token (a line break is never glued to a word), except that
    a single leading space becomes the previous token's trailing whitespace. jieba
    runs without its HMM guesser of new words, which glues single characters across
    the ends of names (``因公出国（境）费指`` → ``费指``).

    ``user_dict`` names a jieba-format file read when the tokenizer is first used,
    unless a saved pipeline (``from_disk``/``from_bytes``) supplied its content.
    """

    def __init__(self, vocab: Vocab, user_dict: str | None = None) -> None:
        self.vocab = vocab
        self.user_dict = user_dict
        self._user_text: str | None = None
        self._jieba: jieba.Tokenizer | None = None
        self._cuts: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for word in self.segment(text):
            if word[0] == " " and words and not spaces[-1]:
                spaces[-1] = True
                word = word[1:]
                if not word:
                    continue
            words.append(word)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def segment(self, text: str) -> Iterator[str]:
        """The token texts of ``text`` before trailing spaces are attached; they add up to ``text``."""
        after_number = False
        for match in SEGMENT.finditer(text):
            kind, piece = match.lastgroup, match.group()
            if kind == "number":
                yield piece
                after_number = True
            elif kind == "space":
                yield piece
                after_number = after_number and HORIZONTAL_SPACE.issuperset(piece)
            else:
                yield from self._words(piece, unit_first=after_number)
                after_number = False

    def _words(self, text: str, *, unit_first: bool) -> Iterable[str]:
        """jieba's words of ``text``; a unit at its start (see :data:`UNIT_AFTER_NUMBER`) is one
        token when it follows a number."""
        unit = UNIT_AFTER_NUMBER.match(text) if unit_first and not DATE_WORD.match(text) else None
        if unit is None:
            return self._cut(text)
        first = [piece for piece in unit.group("about", "unit") if piece]
        return [*first, *self._cut(text[unit.end() :])]

    def _cut(self, text: str) -> tuple[str, ...]:
        """jieba's words of ``text`` without its HMM, remembered (:data:`CUT_MEMORY`)."""
        words = self._cuts.get(text)
        if words is None:
            if len(self._cuts) >= CUT_MEMORY:
                self._cuts.clear()
            words = self._cuts[text] = tuple(self._segmenter().cut(text, HMM=False))
        return words

    @property
    def jieba(self) -> jieba.Tokenizer:
        """The private jieba tokenizer with the domain and user dictionaries, built on first use. The
        words remembered for texts are forgotten: the caller may change its dictionary (``add_word``)."""
        self._cuts.clear()
        return self._segmenter()

    def _segmenter(self) -> jieba.Tokenizer:
        if self._jieba is None:
            self._jieba = self._build_jieba()
        return self._jieba

    def _build_jieba(self) -> jieba.Tokenizer:
        segmenter = jieba.Tokenizer()
        with _quiet(_JIEBA_LOGGER):
            segmenter.initialize()
        user_text = self.user_dictionary_text()
        user = read_dictionary(user_text, self.user_dict or "user dictionary") if user_text else ()
        for entry in (*domain_dictionary(), *user):
            if entry.freq == 0:  # jieba's meaning of 0: not a word (without jieba.del_word's global HMM hint)
                segmenter.FREQ[entry.word] = 0
            else:
                segmenter.add_word(entry.word, entry.freq, entry.tag)
        return segmenter

    def user_dictionary_text(self) -> str | None:
        """The user dictionary's content: as saved with the pipeline, else read from ``user_dict``."""
        if self._user_text is None and self.user_dict is not None:
            self._user_text = Path(self.user_dict).read_text(encoding="utf-8-sig")
        return self._user_text

    def _set_user_text(self, text: str | None) -> None:
        self._user_text = text
        self.user_dict = None  # the saved content replaces whatever file the config named
        self._jieba = None
        self._cuts = {}

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The user dictionary's content (the domain dictionary ships with the package)."""
        return srsly.msgpack_dumps({"user_dict": self.user_dictionary_text()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> JiebaTokenizer:
        """Restore the user dictionary saved by :meth:`to_bytes`."""
        self._set_user_text(srsly.msgpack_loads(data)["user_dict"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the folder ``path``, with ``user_dict.txt`` when there is a user dictionary."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        text = self.user_dictionary_text()
        if text is not None:
            (path / "user_dict.txt").write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> JiebaTokenizer:
        """Restore the user dictionary written by :meth:`to_disk` (none if the file is absent)."""
        user_file = ensure_path(path) / "user_dict.txt"
        self._set_user_text(user_file.read_text(encoding="utf-8") if user_file.exists() else None)
        return self

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_jieba": None, "_cuts": {}}  # jieba's lock cannot be pickled; rebuilt on use


@spacy.registry.tokenizers("mbnlp.JiebaTokenizer.v1")
def create_jieba_tokenizer(user_dict: str | None = None) -> Callable[[Language], JiebaTokenizer]:
    """``[nlp.tokenizer] @tokenizers = "mbnlp.JiebaTokenizer.v1"``, ``user_dict`` a file or null."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, user_dict=user_dict)

    return make


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Silence ``logger`` below warnings for the duration, then restore its level."""
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
