"""Korean (한국어) messages of ``mb.gradcheck``'s report (``gradcheck.*``)."""

MESSAGES: dict[str, str] = {
    "gradcheck.passed": "`gradcheck` 통과 (eps={eps}, atol={atol}, rtol={rtol})",
    "gradcheck.failed": "`gradcheck` 실패 (eps={eps}, atol={atol}, rtol={rtol})",
    "gradcheck.col.input": "입력",
    "gradcheck.col.shape": "모양",
    "gradcheck.col.abs": "최대 절대오차",
    "gradcheck.col.rel": "최대 상대오차",
    "gradcheck.col.worst": "가장 나쁜 위치",
    "gradcheck.col.analytic": "역전파",
    "gradcheck.col.numeric": "중심 차분",
    "gradcheck.col.verdict": "판정",
    "gradcheck.ok": "통과",
    "gradcheck.fail": "실패",
}
