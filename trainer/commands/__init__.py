"""The commands behind `trainer`, grouped by who uses them.

`learning` is for the learner (the app, plain mode, quiz, progress, certificate), `authoring` for
whoever writes a pack (validate, new, preview, schema, gift), `organisation` for the trainer and
the authority (sync, report, serve); `common` holds what they share. `trainer.cli` parses the
arguments and imports only the module of the command that runs, so start-up stays light.
"""
