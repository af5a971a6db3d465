"""Korean (한국어) messages of `mibun tour`: the guided HTML tour (``tour.*``)."""

MESSAGES: dict[str, str] = {
    # --- tour ---
    "tour.title": "mibun 둘러보기: 딥러닝을 위한 미분을 한 번에",
    "tour.limits": "1. 극한: 양쪽에서 한 점에 가까워지기",
    "tour.quotient": "2. 차분몫과 그 오차",
    "tour.quotient_text": "x²의 x = 3에서 h = 0.01일 때: (f(3.01) − f(3))/0.01 = {q}이고 6이 아닙니다 — 오차는 h = {err}입니다. 표에서 오차는 h와 함께 줄다가 반올림 오차가 커지면 다시 늘어납니다 (V자).",
    "tour.rules": "3. 미분법, 한 단계씩",
    "tour.partials": "4. 편미분, 전미분, 기울기 벡터",
    "tour.sigmoid": "5. 시그모이드와 소프트맥스의 도함수",
    "tour.cross_entropy": "6. 소프트맥스의 교차 엔트로피: ∂L/∂o = ŷ − y",
    "tour.yhat_check": "크기 2인 배치에서 역전파로 검산: |역전파 − (ŷ − y)|의 최댓값 = {err}",
    "tour.backprop": "7. 작은 신경망의 역전파: 네 가지 방법으로 검산하고 규칙별로 설명",
    "tour.training": "8. 손글씨 숫자로 신경망 학습",
    "tour.training_text": "MLP 64-128-10(ReLU, 드롭아웃)을 Adam으로 {epochs} 에포크 학습: 시험 정확도 {acc}",
    "tour.done": "{s}초 만에 끝났습니다: {path:을/를} 여십시오",
}
