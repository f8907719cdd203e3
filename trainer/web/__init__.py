"""The trainer in a web browser: `trainer serve`, who is learning, and the page it serves."""
