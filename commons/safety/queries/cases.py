"""Reads for cases."""

__all__: list[str] = []
