"""Checking: the meaning rules, their examples and documentation, and `validate`."""
