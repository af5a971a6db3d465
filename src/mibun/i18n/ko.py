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
    # --- nn/train ---
    "nn.params": "매개변수 {n}개",
    "nn.params_total": "전체 매개변수 {n}개",
    "train.epoch": "에포크 {epoch}/{epochs}",
    "train.loss": "손실",
    "train.val_loss": "검증 손실",
    "train.summary_line": "에포크 {epoch:>3}: {values}",
    "train.history_title": "학습 기록 (에포크 {n}개)",
    "train.early_stop": "조기 종료: {monitor}이(가) {patience} 에포크 동안 나아지지 않았습니다 (최고 {best:.4g}, 에포크 {best_epoch})",
    "train.checkpoint_saved": "체크포인트 저장: {path} ({monitor} = {value:.4g})",
    "train.no_matplotlib": "그래프를 그리려면 matplotlib이 필요합니다: pip install matplotlib",
    "nn.example.mlp_result": "8×8 숫자 MLP: 에포크 {epochs}번 후 테스트 정확도 {acc:.2%} ({seconds:.1f}초)",
    "nn.example.cnn_result": "8×8 숫자 CNN: 에포크 {epochs}번 후 테스트 정확도 {acc:.2%} ({seconds:.1f}초)",
    "nn.example.char_result": "문자 단위 LSTM: 손실 {loss:.3f} nats/문자, 유니그램 엔트로피 {unigram:.3f} ({seconds:.1f}초)",
    "nn.example.char_sample": "생성한 글:",
    "nn.example.rnn_identity": "역전파로 구한 ∂L/∂V와 Σₜ (ŷₜ − yₜ) hₜᵀ가 같습니다: 최대 |차이| = {err:.2e}",
    "nn.example.rnn_loss": "강의의 RNN: {steps}단계 후 손실 {first:.4f} → {last:.4f}",
    "nn.example.opt_rosenbrock": "{name:>10}: {steps}단계 후 로젠브록 함수값 = {value:.3e}",
    "nn.example.opt_digits": "{name:>10}: 에포크 {epochs}번 후 숫자 학습 손실 = {value:.4f}",
}
