"""Korean messages of the functions area (keys ``functions.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {
    "functions.rule": "{name}의 미분",
    "functions.not_scalar": "{name:은/는} 배열 연산이고 스칼라 함수가 아닙니다",
}
