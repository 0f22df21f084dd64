"""The Hugging Face backend (extra ``[transformers]``): the gold as a ``datasets`` dataset, a
token-classification model fine-tuned on it, and the ``mbnlp_hf_ner`` spaCy component that runs
it inside an mbnlp pipeline. torch, transformers and datasets are imported only when used."""

from .tags import FLAT_TAGS, REASON_TAGS, bio_tags, decode, joint_labels

__all__ = ["FLAT_TAGS", "REASON_TAGS", "bio_tags", "decode", "joint_labels"]
