"""Korean (한국어) messages of the functions area (keys ``functions.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {}
