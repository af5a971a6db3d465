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
    "check.nondiff.kink": "미분가능하지 않습니다: {at}에서 f는 {var} 방향으로 꺾여 있어(좌미분계수 {left}, 우미분계수 {right}) 비교할 미분계수가 하나로 정해지지 않습니다",
    "check.nondiff.jump": "미분가능하지 않습니다: {at}에서 f가 {var} 방향으로 끊어집니다(불연속; 왼쪽 {left}, 오른쪽 {right})",
    "check.nondiff.infinite_slope": "미분가능하지 않습니다: {at}에서 {var} 방향의 기울기가 무한대입니다(좌미분계수 {left}, 우미분계수 {right}; —는 그쪽에서 f가 정의되지 않는다는 뜻입니다)",
    "check.nondiff.undetermined": "미분계수를 찾지 못했습니다: {at}에서 {var} 방향의 차분몫이 한 값으로 모이지 않습니다(f가 진동하거나 바로 그 점에 극이 있습니다)",
    "check.nondiff_short": "이 점에서 미분가능하지 않음",
    "check.disagree_short": "불일치",
    "check.err.no_variable": "`check`: {expr}에는 미분할 변수가 없습니다",
    "check.err.count": "`check`: 변수는 {n}개({names})인데 at=에 값이 {m}개 있습니다. at={{'x': …}}처럼 주십시오",
    "check.err.missing": "`check`: {names}의 값이 없습니다. at=에 넣으십시오. 예: at={example}",
    "check.err.kind": "`check`: 글, SymPy 식, 또는 함수가 필요한데 {kind:이/가} 들어왔습니다",
    "check.numeric_error": "± (수치 오차)",
    "check.err.domain": "`check`: 점 {point:은/는} f의 정의역 밖입니다 (그곳에서 f는 {value}입니다). f가 정의되는 점을 고르십시오",
}
