"""No line break at a no-break space.

French typography puts a no-break space before « : ; ? ! % € » and inside « guillemets » so that
« 3 750 € » or « Attention : » never splits across lines. Rich and Textual wrap at any Unicode
white space, no-break spaces included; importing this module makes both wrap only at breakable
spaces. Both read a module-level pattern when they wrap, so replacing it is enough.
"""

from __future__ import annotations

import re

from trainer.tui.compat import set_word_patterns

NO_BREAK = "\u00a0\u2007\u202f\u2060"
_SPACE = f"(?:(?![{NO_BREAK}])\\s)"
_SOLID = f"(?:[{NO_BREAK}]|\\S)"

set_word_patterns(
    rich_word=re.compile(f"{_SPACE}*{_SOLID}+{_SPACE}*"),
    textual_chunk=re.compile(f"{_SOLID}+{_SPACE}*|{_SPACE}+"),
)
