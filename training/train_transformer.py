"""Fine-tune a local Hugging Face token-classification checkpoint on the exported NER dataset.

    mbnlp annotations export --format hf --out data/ner-hf
    python training/train_transformer.py --dataset data/ner-hf \
        --base /models/bert-base-chinese --out models/mbnlp-zh-bert
    mbnlp extract examples --out out --model models/mbnlp-zh-bert

The result is a spaCy pipeline folder (``mbnlp_hf_ner`` then ``mbnlp_rules``); see
``docs/transformers.md``. The logic lives in :mod:`mbnlp.hf.training`; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mbnlp.hf.training import TrainingSettings, train_transformer


def main(argv: list[str] | None = None) -> None:
    defaults = TrainingSettings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, required=True, help="folder written by 'mbnlp annotations export'")
    parser.add_argument("--base", type=Path, required=True, help="local checkpoint folder (config, weights, tokenizer)")
    parser.add_argument("--out", type=Path, required=True, help="pipeline folder to write (spacy.load / --model)")
    parser.add_argument("--epochs", type=float, default=defaults.epochs)
    parser.add_argument("--lr", type=float, default=defaults.learning_rate, help="learning rate")
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (overrides --epochs)")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--max-length", type=int, default=defaults.max_length, help="model tokens per window")
    parser.add_argument("--stride", type=int, default=defaults.stride, help="tokens shared by consecutive windows")
    args = parser.parse_args(argv)
    settings = TrainingSettings(
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        max_steps=args.max_steps,
        seed=args.seed,
        max_length=args.max_length,
        stride=args.stride,
    )
    scores = train_transformer(args.dataset, args.base, args.out, settings)
    print(json.dumps({"out": str(args.out), "dev": scores}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
