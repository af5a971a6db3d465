"""Korean (한국어) messages of the answers area (keys ``answers.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {}
