"""Outcomes of cases: decisions and their effects, expiry, appeals."""

__all__: list[str] = []
