"""The custom attributes of AMOUNT spans: ``Span._.value``, ``Span._.unit``, ``Span._.yuan``."""

from __future__ import annotations

from spacy.tokens import Span

ATTRIBUTES = ("value", "unit", "yuan")
"""SPEC §3 normalisation: ``value`` the amount without separators (``"-2.3"`` for
``（2.3）``), ``unit`` the canonical unit of the UNIT span that follows (``%`` for
``％``), ``yuan`` the amount in 元 for money units; None where it does not apply."""


def register_attributes() -> None:
    """Declare the attributes on ``Span`` (default None); calling again changes nothing."""
    for name in ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
