"""The exit codes of `trainer`, defined once: the commands return them, `trainer.cli.main` turns
a `CommandError` into one, and plain mode and the web server end with them.

0 done; 1 something the user gave cannot be used (a pack with errors, an unreadable file, a
failed check); 2 a usage error (a bad flag, an unknown id); 3 done in part (`trainer report` left
out progress files it cannot read, each named in a warning); 70 the app crashed (EX_SOFTWARE, its
traceback is in the data folder's logs/); 130 interrupted by Ctrl+C.
"""

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_CRASH = 70
EXIT_INTERRUPTED = 130
