"""The terminal app: Textual screens over the session, the engine and the store."""
