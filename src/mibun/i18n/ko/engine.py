"""엔진 영역의 한국어 메시지 (키 ``engine.*``; docs/errors.md 참고)."""

MESSAGES: dict[str, str] = {
    "engine.err.complex": (
        "{where}: 복소수는 지원하지 않습니다 (dtype {dtype}). mibun은 실함수를 미분합니다. 실수부와 허수부로 "
        "나누어 계산하거나, NumPy 함수에 mibun.numeric의 복소 스텝을 쓰십시오"),
    "engine.err.complex_constant": (
        "복소수 상수(dtype {dtype})가 텐서와 함께 쓰였습니다. mibun은 실함수를 미분하므로 복소수는 어디에 나오든 "
        "받지 않습니다. 실수부와 허수부로 나누어 계산하십시오"),
    "engine.err.numpy_no_derivative": (
        "{name:은/는} 아직 mibun에서 미분할 수 없고, 미분 중인 텐서에 쓰면 기울기가 소리 없이 사라집니다. "
        "mibun의 함수(import mibun.numpy as mnp; mb.linalg)를 쓰거나, 기울기를 끊으려는 것이면 "
        "t.detach().numpy()에 쓰십시오"),
    "engine.err.array_conversion": (
        "미분 중인 텐서가 NumPy 배열로 바뀌었습니다(np.asarray, np.array, 또는 텐서 목록을 받은 NumPy 함수). "
        "이대로면 기울기가 소리 없이 사라집니다. mibun의 함수(import mibun.numpy as mnp: mnp.array([x, y]), "
        "mnp.mean([x, x + 2]))를 쓰거나, 기울기를 끊으려는 것이면 t.detach().numpy()를 쓰십시오"),
    "engine.err.linalg_square": "linalg.{name}: 정사각 행렬(모양 (..., n, n))이 필요한데 모양 {shape:이/가} 들어왔습니다",
    "engine.err.linalg_matrix": "linalg.{name}: 행렬(모양 (..., m, n))이 필요한데 모양 {shape:이/가} 들어왔습니다",
    "engine.err.svd_full": ("linalg.svd: 정사각이 아닌 행렬의 전체(얇지 않은) U와 V는 미분이 하나로 정해지지 "
                            "않습니다. full_matrices=False를 주십시오"),
    "engine.err.qr_shape": "linalg.qr: 기울기에는 세로로 길거나 정사각인 행렬(m ≥ n)이 필요한데 모양 {shape:이/가} 들어왔습니다",
    "engine.err.not_differentiable_option": "{name}: {option}={value:은/는} mibun에서 미분할 수 없습니다. {allowed:을/를} 쓰십시오",
    "engine.err.norm_ord": "linalg.norm: ord={ord:은/는} 올바른 {kind} 노름이 아닙니다",
    "engine.err.graph_freed": (
        "같은 그래프를 두 번째로 역전파하려 했습니다. 첫 역전파가 끝나면서 저장한 값을 해제했습니다. 그래프를 다시 "
        "지나가야 하면 첫 backward()에 retain_graph=True를 주십시오"),
}
