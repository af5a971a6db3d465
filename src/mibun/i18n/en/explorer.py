"""English messages of the explorer area (keys ``explorer.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {}
