"""English messages shared by every area's errors (``errors.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {
    "errors.at_position": " (at position {position})",
    "errors.unknown_lang": "unknown language {name}: use lang='ko' or lang='en'",
    "errors.internal": "internal error ({kind}: {detail}); this is a bug in mibun, please report it (--debug shows the traceback)",
}
