"""The course: the model, reading a pack from disk, and checking it. Pure: no Textual, no store."""
