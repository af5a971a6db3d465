"""한국어 메시지 카탈로그 (Korean message catalogue). en.py와 같은 키를 가진다."""

MESSAGES: dict[str, str] = {
    # --- engine / demo -------------------------------------------------------------------------
    "demo.title": "mibun 데모: 작은 신경망의 역전파를 유한차분으로 검산",
    "demo.network": "신경망: x (4×3) → Linear(3→5) → tanh → Linear(5→2) → 소프트맥스 교차 엔트로피",
    "demo.param": "매개변수",
    "demo.autodiff": "역전파",
    "demo.numeric": "유한차분",
    "demo.maxerr": "최대 |차이|",
    "demo.verdict_ok": "모든 기울기가 유한차분과 일치합니다 (매개변수 {n}개, 최대 상대오차 {err:.1e})",
    "demo.verdict_bad": "기울기가 유한차분과 일치하지 않습니다 (최대 상대오차 {err:.1e})",
    "cli.help_more": "mibun이 자라면서 명령이 늘어납니다. README.md를 보세요.",
    "cli.error": "mibun: 오류: {msg}",
    # --- check (mb.check) ---
    "check.function": "f = {f}",
    "check.point": "{point}에서 f = {value}",
    "check.formula": "도함수",
    "check.method.symbolic": "기호 미분",
    "check.method.reverse": "역방향 자동미분",
    "check.method.forward": "순방향 자동미분",
    "check.method.numeric": "수치 미분",
    "check.maxdiff": "방법 사이의 최대 상대 차이: {d}",
    "check.agree": "판정: 네 방법이 모두 일치합니다",
    "check.disagree": "판정: 불일치 — ∂f/∂{var}에서 {method} 값이 다릅니다 (상대 차이 {d})",
    "check.disagree_short": "불일치",
}
