"""Korean (한국어) messages of the reliability area (keys ``reliability.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {}
