"""Passwords, keys and the encrypted ward kit."""
