"""배열 모듈 이음매의 한국어 메시지 (``device.*``: ``mb.tensor(..., device=)``, ``t.to(device)``)."""

MESSAGES: dict[str, str] = {
    "device.err.no_cupy": "장치 '{device}'에는 CuPy와 NVIDIA GPU가 필요합니다. CuPy가 설치되어 있지 않습니다 (쓰는 CUDA 버전에 맞게 pip install cupy-cuda12x). 둘이 없으면 device=\"cpu\"(NumPy, 기본값)를 쓰십시오",
    "device.err.no_gpu": "장치 '{device}'에는 CuPy와 NVIDIA GPU가 필요합니다. CuPy는 설치되어 있지만 GPU를 찾지 못했습니다 (nvidia-smi로 드라이버를 확인하십시오). GPU가 없으면 device=\"cpu\"(NumPy, 기본값)를 쓰십시오",
    "device.err.unknown": "{device:은/는} 장치가 아닙니다. \"cpu\"(NumPy) 또는 \"cuda\"(GPU의 CuPy)를 쓰십시오. 여기서 알려진 장치: {known}",
    "device.err.mixed": "{op}에 서로 다른 장치의 배열이 들어왔습니다 ({devices}). 먼저 한 장치로 옮기십시오 (t.to(device), model.to(device))",
    "device.err.move_non_leaf": "이 텐서는 기록된 연산으로 계산되었으므로 그래프를 끊지 않고는 {device:으로/로} 옮길 수 없습니다. 계산하기 전에 입력(또는 model.to('{device}')로 모델)을 옮기거나, 먼저 .detach()를 호출하십시오",
}
