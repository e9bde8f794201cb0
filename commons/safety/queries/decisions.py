"""Reads for decisions."""

__all__: list[str] = []
