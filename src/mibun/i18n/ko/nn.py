"""Korean (한국어) messages of `mibun.nn`, `mibun.optim`, `mibun.train`, `mibun.data` (``nn.*``, ``optim.*``, ``train.*``, ``data.*``)."""

MESSAGES: dict[str, str] = {
    # --- nn/train ---
    "nn.params": "매개변수 {n}개",
    "nn.params_total": "전체 매개변수 {n}개",
    "train.epoch": "에포크 {epoch}/{epochs}",
    "train.loss": "손실",
    "train.val_loss": "검증 손실",
    "train.summary_line": "에포크 {epoch:>3}: {values}",
    "train.history_title": "학습 기록 (에포크 {n}개)",
    "train.early_stop": "조기 종료: {monitor:이/가} {patience} 에포크 동안 나아지지 않았습니다 (최고 {best:.4g}, 에포크 {best_epoch})",
    "train.checkpoint_saved": "체크포인트 저장: {path} ({monitor} = {value:.4g})",
    "train.no_matplotlib": "그래프를 그리려면 matplotlib이 필요합니다: pip install matplotlib",
    "nn.example.mlp_result": "8×8 숫자 MLP: 에포크 {epochs}번 후 테스트 정확도 {acc:.2%} ({seconds:.1f}초)",
    "nn.example.cnn_result": "8×8 숫자 CNN: 에포크 {epochs}번 후 테스트 정확도 {acc:.2%} ({seconds:.1f}초)",
    "nn.example.char_result": "문자 단위 LSTM: 손실 {loss:.3f} 나트/문자, 유니그램 엔트로피 {unigram:.3f} ({seconds:.1f}초)",
    "nn.example.char_sample": "생성한 글:",
    "nn.example.rnn_identity": "역전파로 구한 ∂L/∂V와 Σₜ (ŷₜ − yₜ) hₜᵀ가 같습니다: 최대 |차이| = {err:.2e}",
    "nn.example.rnn_loss": "강의의 RNN: {steps}단계 후 손실 {first:.4f} → {last:.4f}",
    "nn.example.opt_rosenbrock": "{name:>10}: {steps}단계 후 로젠브록 함수값 = {value:.3e}",
    "nn.example.opt_digits": "{name:>10}: 에포크 {epochs}번 후 숫자 학습 손실 = {value:.4f}",
}
