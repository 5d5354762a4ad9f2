"""Held-out messages: unseen mail that measures how the engine generalizes (issue 11)."""
