"""Moodle GIFT: a quiz out as GIFT text, GIFT text in as questions, and those as quiz YAML.

Pure: strings in, strings and model objects out. The syntax is that of Moodle's own reader
(question/format/gift/format.php): questions are separated by blank lines, every line is trimmed,
`//` lines are comments, and `~ = # { } :` are escaped with a backslash in every text.

GIFT and trainer do not hold the same things. Whatever one side cannot keep is a warning that names
the question, never a silent loss; whatever cannot be read at all is an error at the line where
its question starts.
"""

from trainer.course.gift.export import GiftExport, export_quiz
from trainer.course.gift.parse import (
    GiftError,
    GiftImport,
    GiftSection,
    category_name,
    category_path,
    import_gift,
)
from trainer.course.gift.quiz_file import question_data, quiz_yaml
from trainer.course.gift.text import escape, format_weight, slugify

__all__ = [
    "GiftError",
    "GiftExport",
    "GiftImport",
    "GiftSection",
    "category_name",
    "category_path",
    "escape",
    "export_quiz",
    "format_weight",
    "import_gift",
    "question_data",
    "quiz_yaml",
    "slugify",
]
