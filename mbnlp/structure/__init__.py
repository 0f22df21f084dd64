"""Document structure: headings, paragraphs and table regions; what the document is."""

from .blocks import Block, heading_level, split_blocks
from .meta import detect_meta

__all__ = ["Block", "detect_meta", "heading_level", "split_blocks"]
