"""Vigile's gateway: everything that does I/O around the policy engine."""
