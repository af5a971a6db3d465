"""Korean (한국어) messages of the reliability area (keys ``reliability.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {
    # --- 예산 ---
    "reliability.budget.time": (
        "너무 크거나 너무 느립니다: {what:이/가} 예산 {seconds:g}초 안에 끝나지 않았습니다 — 더 작은 식(더 적거나 "
        "낮은 거듭제곱, 더 적은 항), 더 좁은 범위나 더 적은 점을 쓰거나 예산을 늘리십시오(--budget 초, "
        "MIBUN_BUDGET_S, mb.set_budget(초))"),
    "reliability.budget.killed": (
        "너무 크거나 너무 느립니다: {what:을/를} {elapsed:g}초 뒤에 멈췄습니다(예산 {seconds:g}초) — 더 작은 식(더 적거나 낮은 거듭제곱, "
        "더 적은 항)을 쓰거나 예산을 늘리십시오(--budget 초, MIBUN_BUDGET_S, mb.set_budget(초))"),
    "reliability.budget.size": (
        "너무 큽니다: {what:이/가} {size}입니다(한도 {limit}) — 점, 단계, 항을 줄이거나 작업을 나누십시오"),
    "reliability.budget.bad": "예산은 양의 초 수(없애려면 inf)여야 합니다. 받은 값: {value!r}",
    "reliability.worker.crashed": "내부 오류: 작업 프로세스가 답 없이 끝났습니다(종료 코드 {code})",
    "reliability.worker.busy": "바쁩니다: {seconds:g}초 안에 비는 작업 프로세스가 없었습니다. 다시 시도하십시오",
    "reliability.what.request": "요청",
    "reliability.what.computation": "계산",
    "reliability.what.derivation": "미분 과정",
    "reliability.what.simplify": "도함수 정리",
    "reliability.what.command": "명령 mibun {command}",
    "reliability.what.points": "점의 개수",
    "reliability.what.steps": "단계 수",
    "reliability.what.step_sizes": "간격 h의 개수",
    "reliability.what.nodes": "그릴 그래프의 노드 수",
    "reliability.what.layers": "층의 개수",
    "reliability.what.units": "층마다의 유닛 수",
    "reliability.what.limit": "극한 계산",
    "reliability.what.plot": "그림",
    # --- 경계의 수 ---
    "reliability.number.overflow": (
        "{what} {text:은/는} 가장 큰 부동소수점 수(약 1.8e308)보다 큽니다 — 무한대를 뜻한다면 inf(또는 oo)라고 "
        "쓰고, 아니면 더 작은 수를 쓰십시오"),
    "reliability.number.underflow": (
        "{what} {text:은/는} 가장 작은 부동소수점 수(약 5e-324)보다 작아 0으로 읽힙니다. 더 큰 수를 쓰거나, 0을 뜻한다면 "
        "0이라고 쓰십시오"),
    "reliability.number.nan": "{what:이/가} NaN(수가 아님)입니다. 실수를 주십시오",
    "reliability.number.infinite": "여기서 {what:은/는} 유한해야 합니다. 받은 값: {value}",
    "reliability.number.count": "{what:은/는} {low}부터 {high}까지의 정수여야 합니다. 받은 값: {value}",
    # --- 출력 파일 ---
    "reliability.file.directory": "{path}: 폴더입니다. 파일 이름을 주십시오(예: {example})",
    "reliability.file.parent_not_dir": "{path}: {parent:은/는} 폴더가 아니라 파일입니다",
    "reliability.file.unwritable": "{path}: 여기에 쓸 수 없습니다({reason}). 다른 곳을 고르십시오(예: {example})",
    "reliability.file.not_path": "{path}: 파일 경로가 아닙니다({kind})",
    "reliability.file.nul": "{path}: 파일 이름에 NUL 문자가 있습니다",
    "reliability.file.too_long": "{path}: 파일 이름이 너무 깁니다({n}자, 한도 {limit}자)",
    "reliability.file.empty": "파일 이름이 비어 있습니다",
    # --- 체크포인트와 학습 ---
    "reliability.checkpoint.unreadable": (
        "{path}: 읽을 수 있는 mibun 체크포인트가 아닙니다({reason}). 파일이 잘렸거나 손상되었습니다 — "
        "이전 체크포인트를 쓰십시오"),
    "reliability.checkpoint.checksum": (
        "{path}: 체크포인트의 검사합이 내용과 맞지 않습니다(저장 뒤에 파일이 바뀌었거나 손상되었습니다). "
        "이전 체크포인트를 쓰십시오"),
    "reliability.checkpoint.missing": "{path}: 그런 체크포인트 파일이 없습니다",
    "reliability.fit.nonfinite": (
        "fit: 손실이 {epoch}번째 에포크, {batch}번째 배치에서 {value:이/가} 되어 그 단계 전에 학습을 멈췄습니다 — "
        "학습률을 낮추거나 기울기를 자르거나, mb.detect_anomaly() 안에서 실행해 연산을 찾으십시오"),
    "reliability.fit.nonfinite_kept": (
        "fit: 손실이 {epoch}번째 에포크, {batch}번째 배치에서 {value:이/가} 되어 그 단계 전에 학습을 멈췄고, "
        "마지막 정상 체크포인트 {path:은/는} 그대로 남아 있습니다 — 학습률을 낮추거나 기울기를 자르거나, "
        "mb.detect_anomaly() 안에서 실행해 연산을 찾으십시오"),
    "reliability.fit.not_state": (
        "{path}: 이어서 학습할 수 없습니다. 모델 체크포인트이지 fit(resume=...)이 저장한 학습 상태가 아닙니다"),
    # --- 엔진 보호 ---
    "reliability.engine.inplace_grad": (
        "{op}: 기울기를 기록하는 중에 기울기가 필요한 텐서를 제자리에서 바꾸려 했습니다. 새 텐서를 만드는 형태"
        "(y = x + 1)를 쓰거나, 쓰기 전에 mb.no_grad() 안에서 바꾸거나, .data를 통해 바꾸십시오"),
    "reliability.engine.version": (
        "{op:을/를} 미분하는 데 필요한 값(입력 {index}, 모양 {shape})이 쓰인 뒤에 제자리에서 바뀌었습니다. "
        "바꾸는 계산을 새 텐서로 하거나(y = x * 2), 먼저 복사하십시오(x.copy())"),
    "reliability.engine.version_out": (
        "{op}의 출력(모양 {shape})은 미분에 필요한데, 계산된 뒤에 제자리에서 바뀌었습니다. 바꾸는 계산을 새 텐서로 "
        "하거나(y = y * 2), 먼저 복사하십시오(y.copy())"),
    "reliability.engine.anomaly_forward": "이상 감지: {op}의 순전파가 유한한 입력에서 {kind:을/를} 만들었습니다",
    "reliability.engine.anomaly_forward_at": (
        "이상 감지: {op}의 순전파가 유한한 입력에서 {kind:을/를} 만들었습니다. 위치: {where}"),
    "reliability.engine.anomaly_backward": (
        "이상 감지: {op}의 역전파가 입력 {index}의 기울기에 {kind:을/를} 만들었습니다"),
    "reliability.engine.anomaly_backward_at": (
        "이상 감지: {op}의 역전파가 입력 {index}의 기울기에 {kind:을/를} 만들었습니다. 이 연산을 기록한 곳: {where}"),
    # --- 터미널 ---
    "reliability.term.hint": (
        "mibun: 이 터미널({encoding})은 일부 문자를 보여 줄 수 없어 이스케이프해서 씁니다 — UTF-8 터미널을 "
        "쓰십시오(예: LANG=C.UTF-8 또는 PYTHONIOENCODING=utf-8)"),
    "reliability.latex.label": "{what}",
}
