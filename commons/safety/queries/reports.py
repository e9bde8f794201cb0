"""Reads for reports."""

__all__: list[str] = []
