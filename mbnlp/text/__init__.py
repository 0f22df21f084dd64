"""Texts derived from other texts, with offsets that map back to the source."""

from .mapped import Edit, MappedText, Replacement, apply_replacements

__all__ = ["Edit", "MappedText", "Replacement", "apply_replacements"]
