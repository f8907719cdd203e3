"""xAPI: the learner's events as statements for a Learning Record Store, and sending them there."""
