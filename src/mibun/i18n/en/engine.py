"""English messages of the engine area (keys ``engine.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {}
