"""Loaded by the Ralph server the integration tests start (on its PYTHONPATH), never by trainer.

Ralph's `fs` backend, the one that needs no database, writes each POST with operation `create`,
which refuses a file that exists: its LRS takes one batch and answers 500 to every later one
(ralph-malph 4.2 to 5.1). Its own `append` operation is what an LRS file needs; this makes it the
default, and changes nothing else of the server: the API, authentication, validation and the
handling of statement ids already held stay Ralph's own. `test_lrs.py` also runs Ralph without
this file, to show how trainer copes with the refusal.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND
