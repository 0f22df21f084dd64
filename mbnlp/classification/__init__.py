"""The 政府收支分类科目 as package data: functional 类/款/项 and economic 类/款 subjects.

>>> from mbnlp.classification import lookup, name_matches, suggest_code
>>> lookup("2101501")
Subject(code='2101501', name='行政运行', level='项', kind='functional')
>>> name_matches("20921", "文物和陈列品购置"), suggest_code("文物和陈列品购置", near="20921")
(False, ['30921', '31021'])
"""

from .codes import kind_of, level_of, normalise_code, parent_code
from .data import Subject
from .lookup import children, lookup, name_matches, parent, suggest_code
from .names import comparable_name

__all__ = [
    "Subject",
    "children",
    "comparable_name",
    "kind_of",
    "level_of",
    "lookup",
    "name_matches",
    "normalise_code",
    "parent",
    "parent_code",
    "suggest_code",
]
