"""Korean (한국어) messages of the errors raised by interop (issue 13: every MibunError from the catalogue)."""

MESSAGES: dict[str, str] = {
    "interop.err.conv_d_groups_padding": "from_torch_module: groups, padding_mode나 문자열 padding을 쓰는 Conv2d에 해당하는 mibun 모듈이 없습니다",
    "interop.err.dtype_has_no_torch": "to_torch: dtype {dtype}에 해당하는 torch 자료형이 없습니다. 수 자료형을 쓰십시오",
    "interop.err.embedding_padding_idx_max": "from_torch_module: padding_idx, max_norm이나 sparse를 쓰는 Embedding에 해당하는 mibun 모듈이 없습니다",
    "interop.err.expected_mibun_module": "from_torch_state_dict: mibun 모듈(Module)이 와야 하는데 {type:이/가} 들어왔습니다",
    "interop.err.expected_module_dict": "to_torch_state_dict: 모듈(Module)이나 dict가 와야 하는데 {type:이/가} 들어왔습니다",
    "interop.err.expected_torch_tensor": "from_torch: torch.Tensor가 와야 하는데 {type:이/가} 들어왔습니다",
    "interop.err.lstm_proj_size_has": "from_torch_module: proj_size를 쓰는 LSTM에 해당하는 mibun 모듈이 없습니다",
    "interop.err.mibun_interop_needs_pytorch": "mibun.interop에는 PyTorch가 필요합니다: pip install 'mibun[torch]' (또는 pip install torch)",
    "interop.err.multiheadattention_kdim_vdim_add": "from_torch_module: kdim/vdim, add_bias_kv나 add_zero_attn을 쓰는 MultiheadAttention에 해당하는 mibun 모듈은 아직 없습니다",
    "interop.err.no_mibun_counterpart_known": "from_torch_module: torch.nn.{type}에 해당하는 mibun 모듈을 모릅니다. mibun에서 짝을 만들어 into=로 넘기거나 mb.interop.register_module을 쓰십시오",
    "interop.err.no_torch_counterpart_known": "to_torch_module: {type}에 해당하는 torch 모듈을 모릅니다. torch에서 짝을 만들어 into=로 넘기거나 mb.interop.register_module을 쓰십시오",
    "interop.err.softplus_beta_threshold_has": "from_torch_module: beta != 1이거나 threshold != 20인 Softplus에 해당하는 mibun 모듈이 없습니다",
    "interop.err.torch_module_parameter_names": "to_torch_module: 매개변수 이름이 다릅니다(mibun에 없는 것: {missing}, torch가 모르는 것: {unexpected}). 두 모델의 하위 모듈 이름을 같게 하십시오",
    "interop.err.transformerencoderlayer_custom_activation_cannot": "to_torch_module: 사용자 정의 활성화 함수를 쓰는 TransformerEncoderLayer는 변환할 수 없습니다",
    "interop.err.transformerencoderlayer_custom_activation_cannot_2": "from_torch_module: 사용자 정의 활성화 함수를 쓰는 TransformerEncoderLayer는 변환할 수 없습니다",
}
