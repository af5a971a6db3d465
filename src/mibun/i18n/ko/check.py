"""Korean (한국어) messages of `mb.check`: symbolic vs automatic vs numerical (``check.*``)."""

MESSAGES: dict[str, str] = {
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
