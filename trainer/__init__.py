"""trainer: a terminal course on social networks for the agents of French local authorities."""

__version__ = "0.1.0"
