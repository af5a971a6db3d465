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
    "check.err.no_variable": "check: {expr}에는 미분할 변수가 없습니다",
    "check.err.count": "check: 변수는 {n}개({names})인데 at=에 값이 {m}개 있습니다. at={{'x': …}}처럼 주십시오",
    "check.err.missing": "check: {names}의 값이 없습니다. at=에 넣으십시오. 예: at={example}",
    "check.err.kind": "check: 글, SymPy 식, 또는 함수가 필요한데 {kind:이/가} 들어왔습니다",
    "check.numeric_error": "± (수치 오차)",
}
