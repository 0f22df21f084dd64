"""Turn the PATH arguments of a batch into an ordered list of input files."""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: File suffixes collected from folders (a file named explicitly is always taken).
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputFile:
    """One input of a batch: the path as the user will see it, and whether it exists."""

    source: str
    exists: bool = True


def iter_folder_documents(folder: Path) -> list[Path]:
    """The document files under ``folder``, recursively, in sorted order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)


def find_inputs(paths: Iterable[str]) -> list[InputFile]:
    """Expand files, folders (recursive) and glob patterns into inputs, keeping the given order.

    A path or pattern that names nothing is kept as a missing input, so it ends as an
    error record rather than vanishing.
    """
    inputs: list[InputFile] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inputs += [InputFile(str(p)) for p in iter_folder_documents(path)]
        elif path.is_file():
            inputs.append(InputFile(given))
        elif _GLOB_CHARS & set(given) and (matches := sorted(glob.glob(given, recursive=True))):
            for match in matches:
                matched = Path(match)
                files = iter_folder_documents(matched) if matched.is_dir() else [matched]
                inputs += [InputFile(str(p)) for p in files]
        else:
            inputs.append(InputFile(given, exists=False))
    return inputs


def sha256_of_file(path: str | Path, chunk_size: int = 1 << 20) -> str:
    """The sha256 hex digest of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()
