"""Exceptions raised by mbnlp."""


class MbnlpError(Exception):
    """Base class of every error mbnlp raises on purpose."""


class MbnlpInputError(MbnlpError, ValueError):
    """An input cannot be read as a document: empty, binary, undecodable, too large.

    The message always names the input (its path, or ``<bytes>``) and the reason.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NoInputsError(MbnlpError, ValueError):
    """A batch was given paths that contain no input documents at all."""


class OutputLockedError(MbnlpError):
    """An output folder is being written by another run."""


class EngineError(MbnlpError, RuntimeError):
    """An extraction engine cannot run: its extra is not installed or its cluster cannot be reached."""
