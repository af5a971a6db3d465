"""English messages of the errors raised by interop (issue 13: every MibunError from the catalogue)."""

MESSAGES: dict[str, str] = {
    "interop.err.conv_d_groups_padding": "from_torch_module: Conv2d with groups, padding_mode or string padding has no mibun counterpart",
    "interop.err.dtype_has_no_torch": "to_torch: dtype {dtype} has no torch counterpart here; use a number dtype",
    "interop.err.embedding_padding_idx_max": "from_torch_module: Embedding with padding_idx, max_norm or sparse has no mibun counterpart",
    "interop.err.expected_mibun_module": "from_torch_state_dict: expected a mibun Module, got {type}",
    "interop.err.expected_module_dict": "to_torch_state_dict: expected a Module or a dict, got {type}",
    "interop.err.expected_torch_tensor": "from_torch: expected a torch.Tensor, got {type}",
    "interop.err.lstm_proj_size_has": "from_torch_module: LSTM with proj_size has no mibun counterpart",
    "interop.err.mibun_interop_needs_pytorch": "mibun.interop needs PyTorch: pip install 'mibun[torch]' (or pip install torch)",
    "interop.err.multiheadattention_kdim_vdim_add": "from_torch_module: MultiheadAttention with kdim/vdim, add_bias_kv or add_zero_attn has no mibun counterpart yet",
    "interop.err.no_mibun_counterpart_known": "from_torch_module: no mibun counterpart is known for torch.nn.{type}; build its twin in mibun and pass it as into=, or use mb.interop.register_module",
    "interop.err.no_torch_counterpart_known": "to_torch_module: no torch counterpart is known for {type}; build its twin in torch and pass it as into=, or use mb.interop.register_module",
    "interop.err.softplus_beta_threshold_has": "from_torch_module: Softplus with beta != 1 or threshold != 20 has no mibun counterpart",
    "interop.err.torch_module_parameter_names": "to_torch_module: parameter names differ (missing in mibun: {missing}, unknown to torch: {unexpected}); give both models the same sub-module names",
    "interop.err.transformerencoderlayer_custom_activation_cannot": "to_torch_module: TransformerEncoderLayer with a custom activation cannot be converted",
    "interop.err.transformerencoderlayer_custom_activation_cannot_2": "from_torch_module: TransformerEncoderLayer with a custom activation cannot be converted",
}
