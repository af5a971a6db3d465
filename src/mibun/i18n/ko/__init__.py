"""한국어 카탈로그 (the Korean catalogue): every ``<area>.py`` module here contributes its ``MESSAGES``."""

from mibun.i18n._assemble import assemble

MESSAGES, DUPLICATES = assemble(__name__, __path__)

__all__ = ["MESSAGES", "DUPLICATES"]
