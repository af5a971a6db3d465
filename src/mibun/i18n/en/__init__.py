"""The English catalogue: every ``<area>.py`` module here contributes its ``MESSAGES`` (see docs/errors.md)."""

from mibun.i18n._assemble import assemble

MESSAGES, DUPLICATES = assemble(__name__, __path__)

__all__ = ["MESSAGES", "DUPLICATES"]
