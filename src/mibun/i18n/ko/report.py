"""Korean (한국어) messages of the report layer (``report.*``; see docs/reports.md)."""

MESSAGES: dict[str, str] = {
    "report.err.no_pandas": "`to_pandas()`에는 `pandas`가 필요합니다: `pip install pandas`",
}
