"""The learner's record: an append-only event log in one SQLite file."""
