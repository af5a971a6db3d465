"""English messages of the report layer (``report.*``; see docs/reports.md)."""

MESSAGES: dict[str, str] = {
    "report.err.no_pandas": "to_pandas() needs pandas: pip install pandas",
}
