"""Case handling: assignment, status, private threads with each party, notes, recusal."""

__all__: list[str] = []
