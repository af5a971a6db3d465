"""English messages of ``mb.gradcheck``'s report (``gradcheck.*``)."""

MESSAGES: dict[str, str] = {
    "gradcheck.passed": "gradcheck passed (eps={eps}, atol={atol}, rtol={rtol})",
    "gradcheck.failed": "gradcheck FAILED (eps={eps}, atol={atol}, rtol={rtol})",
    "gradcheck.col.input": "input",
    "gradcheck.col.shape": "shape",
    "gradcheck.col.abs": "max abs error",
    "gradcheck.col.rel": "max rel error",
    "gradcheck.col.worst": "worst at",
    "gradcheck.col.analytic": "backprop",
    "gradcheck.col.numeric": "central difference",
    "gradcheck.col.verdict": "verdict",
    "gradcheck.ok": "ok",
    "gradcheck.fail": "FAIL",
}
