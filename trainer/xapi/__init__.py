"""xAPI: the learner's events as statements for a Learning Record Store, and sending them there."""

import logging

# The commands print one clear line themselves; without a handler of its own, a warning of this
# logger would reach the terminal a second time through logging's last-resort handler (and, from
# the app's sync thread, over the app's screen).
logging.getLogger("trainer.xapi").addHandler(logging.NullHandler())
