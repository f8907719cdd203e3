"""The quiz engine: grading, scoring and attempts, pure and headless."""
