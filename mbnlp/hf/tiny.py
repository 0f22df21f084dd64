"""A tiny randomly initialised BERT checkpoint built from our own characters, for tests and smoke runs.

Nothing is downloaded: the vocabulary is BERT's special tokens plus every non-space character
of ``texts``, the weights are random (``seed``), and the folder it writes is a Hugging Face
checkpoint that ``AutoModelForTokenClassification.from_pretrained(out)`` and
``AutoTokenizer.from_pretrained(out)`` load like any pretrained one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def build_tiny_checkpoint(
    out: str | Path,
    texts: Iterable[str],
    *,
    hidden_size: int = 64,
    layers: int = 2,
    heads: int = 2,
    max_length: int = 128,
    seed: int = 0,
) -> Path:
    """Write a tiny BERT (config, random weights, character tokenizer) for ``texts`` to ``out``."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    characters = sorted({character for text in texts for character in text if not character.isspace()})
    vocab = {token: index for index, token in enumerate([*SPECIAL_TOKENS, *characters])}
    path = Path(out)
    path.mkdir(parents=True, exist_ok=True)
    tokenizer = BertTokenizer(vocab=vocab, do_lower_case=False, tokenize_chinese_chars=True)
    tokenizer.model_max_length = max_length
    tokenizer.save_pretrained(str(path))
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=4 * hidden_size,
        max_position_embeddings=max_length,
        pad_token_id=vocab["[PAD]"],
    )
    torch.manual_seed(seed)
    BertModel(config).save_pretrained(str(path))
    return path
