"""Tokenization of budget text: a spaCy ``zh`` tokenizer built on a private jieba.

>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}})
>>> [token.text for token in nlp("财政拨款收入174,399,542.21元，占55.5%")]
['财政拨款收入', '174,399,542.21', '元', '，', '占', '55.5', '%']
"""

from .tokenizer import (
    NUMBER,
    UNIT_SPELLINGS,
    Entry,
    JiebaTokenizer,
    create_jieba_tokenizer,
    domain_dictionary,
    domain_words,
    is_number_token,
    read_dictionary,
)

__all__ = [
    "NUMBER",
    "UNIT_SPELLINGS",
    "Entry",
    "JiebaTokenizer",
    "create_jieba_tokenizer",
    "domain_dictionary",
    "domain_words",
    "is_number_token",
    "read_dictionary",
]
