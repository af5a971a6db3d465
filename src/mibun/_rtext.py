"""Messages of the reliability area (budgets, files, checkpoints, engine guards) and one helper that raises
them as catalogue errors. The texts live in the ko/en catalogues (``reliability.*`` keys) when the
catalogue package has them; until then this module's own copy is used, so the errors read the same."""

from __future__ import annotations

from typing import Any

EN: dict[str, str] = {
    "reliability.budget.time": (
        "too large or too slow: {what} did not finish within the budget of {seconds:g} s — try a smaller formula "
        "(fewer or lower powers, fewer terms), a narrower range or fewer points, or a larger budget "
        "(--budget SECONDS, MIBUN_BUDGET_S or mb.set_budget(seconds))"),
    "reliability.budget.killed": (
        "too large or too slow: {what} was stopped after {seconds:g} s — try a smaller formula (fewer or lower "
        "powers, fewer terms) or a larger budget (--budget SECONDS, MIBUN_BUDGET_S or mb.set_budget(seconds))"),
    "reliability.budget.size": (
        "too large: {what} would need {size} (the limit is {limit}) — use fewer points, steps or terms, or "
        "split the work"),
    "reliability.budget.bad": "the budget must be a positive number of seconds (or inf for none), got {value!r}",
    "reliability.worker.crashed": "internal error: the worker process ended without an answer (exit code {code})",
    "reliability.number.overflow": (
        "{what} {text} is beyond the largest floating-point number (about 1.8e308); write inf (or oo) if "
        "you mean infinity, or use a smaller number"),
    "reliability.number.nan": "{what} is NaN (not a number); give a real number",
    "reliability.number.infinite": "{what} must be finite here, got {value}",
    "reliability.number.not_number": "{what} must be a real number, got {value!r}",
    "reliability.number.count": "{what} must be a whole number ≥ {low}, got {value!r}",
    "reliability.file.directory": "{path}: this is a folder; give a file name, e.g. {example}",
    "reliability.file.parent_not_dir": "{path}: {parent} is a file, not a folder",
    "reliability.file.unwritable": "{path}: cannot write here ({reason}); choose another place, e.g. {example}",
    "reliability.file.bad_name": "{path}: {reason}",
    "reliability.file.nul": "the file name contains a NUL character",
    "reliability.file.too_long": "the file name is too long ({n} characters; the limit is {limit})",
    "reliability.file.empty": "the file name is empty",
    "reliability.latex.unsafe": (
        "{what} {text!r} cannot be put into LaTeX: it contains a command ({command}); use letters, digits "
        "and _"),
    "reliability.checkpoint.unreadable": (
        "{path}: not a readable mibun checkpoint ({reason}); the file is truncated or damaged — use an "
        "earlier checkpoint"),
    "reliability.checkpoint.checksum": (
        "{path}: the checkpoint's checksum does not match its contents (the file was changed or damaged "
        "after it was saved); use an earlier checkpoint"),
    "reliability.checkpoint.missing": "{path}: no such checkpoint file",
    "reliability.fit.nonfinite": (
        "fit: the loss became {value} at epoch {epoch}, batch {batch}; training stopped{kept} — lower the "
        "learning rate, clip gradients, or run under mb.detect_anomaly() to find the op"),
    "reliability.fit.kept": " (the last good checkpoint is {path})",
    "reliability.fit.resume_mismatch": "{path}: cannot resume: {reason}",
    "reliability.engine.inplace_grad": (
        "{op}: an in-place change of a tensor that requires grad, while gradients are recorded; use the "
        "out-of-place form (y = x + 1), or change it under mb.no_grad() (before it is used), or through .data"),
    "reliability.engine.version": (
        "one of the values needed to differentiate {op} (its input {index}, shape {shape}) was modified "
        "in place after it was used (version {saved} → {now}); compute the change out of place (y = x * 2), "
        "or clone the tensor first (x.copy())"),
    "reliability.engine.anomaly_forward": (
        "anomaly: the forward of {op} produced {kind} from finite inputs{where}"),
    "reliability.engine.anomaly_backward": (
        "anomaly: the backward of {op} produced {kind} in the gradient of its input {index}{where}"),
    "reliability.engine.anomaly_where": " (recorded at {where})",
    "reliability.engine.readonly": "the array of a tensor is read-only; write through t.data (untracked) instead",
    "reliability.term.hint": (
        "mibun: this terminal cannot show some characters ({encoding}); they are written escaped — use a "
        "UTF-8 terminal (e.g. LANG=C.UTF-8 or PYTHONIOENCODING=utf-8)"),
}

KO: dict[str, str] = {
    "reliability.budget.time": (
        "너무 크거나 너무 느립니다: {what}이(가) 예산 {seconds:g}초 안에 끝나지 않았습니다 — "
        "더 작은 식(더 적거나 낮은 거듭제곱, "
        "더 적은 항), 더 좁은 범위나 더 적은 점을 쓰거나 예산을 늘리십시오(--budget 초, MIBUN_BUDGET_S, "
        "mb.set_budget(초))"),
    "reliability.budget.killed": (
        "너무 크거나 너무 느립니다: {what}을(를) {seconds:g}초 뒤에 멈췄습니다 — "
        "더 작은 식(더 적거나 낮은 거듭제곱, 더 적은 항)을 "
        "쓰거나 예산을 늘리십시오(--budget 초, MIBUN_BUDGET_S, mb.set_budget(초))"),
    "reliability.budget.size": (
        "너무 큽니다: {what}에 {size}이(가) 필요합니다(한도 {limit}) — 점, 단계, 항을 줄이거나 작업을 나누십시오"),
    "reliability.budget.bad": "예산은 양의 초 수(없애려면 inf)여야 합니다. 받은 값: {value!r}",
    "reliability.worker.crashed": "내부 오류: 작업 프로세스가 답 없이 끝났습니다(종료 코드 {code})",
    "reliability.number.overflow": (
        "{what} {text}은(는) 가장 큰 부동소수점 수(약 1.8e308)보다 큽니다 — 무한대를 뜻한다면 inf(또는 oo)라고 쓰고, "
        "아니면 더 작은 수를 쓰십시오"),
    "reliability.number.nan": "{what}이(가) NaN(수가 아님)입니다. 실수를 주십시오",
    "reliability.number.infinite": "여기서 {what}은(는) 유한해야 합니다. 받은 값: {value}",
    "reliability.number.not_number": "{what}은(는) 실수여야 합니다. 받은 값: {value!r}",
    "reliability.number.count": "{what}은(는) {low} 이상의 정수여야 합니다. 받은 값: {value!r}",
    "reliability.file.directory": "{path}: 폴더입니다. 파일 이름을 주십시오(예: {example})",
    "reliability.file.parent_not_dir": "{path}: {parent}은(는) 폴더가 아니라 파일입니다",
    "reliability.file.unwritable": "{path}: 여기에 쓸 수 없습니다({reason}). 다른 곳을 고르십시오(예: {example})",
    "reliability.file.bad_name": "{path}: {reason}",
    "reliability.file.nul": "파일 이름에 NUL 문자가 있습니다",
    "reliability.file.too_long": "파일 이름이 너무 깁니다({n}자, 한도 {limit}자)",
    "reliability.file.empty": "파일 이름이 비어 있습니다",
    "reliability.latex.unsafe": (
        "{what} {text!r}을(를) LaTeX에 넣을 수 없습니다: 명령({command})이 들어 있습니다. 글자, 숫자, _만 쓰십시오"),
    "reliability.checkpoint.unreadable": (
        "{path}: 읽을 수 있는 mibun 체크포인트가 아닙니다({reason}). 파일이 잘렸거나 손상되었습니다 — "
        "이전 체크포인트를 "
        "쓰십시오"),
    "reliability.checkpoint.checksum": (
        "{path}: 체크포인트의 검사합이 내용과 맞지 않습니다(저장 뒤에 파일이 바뀌었거나 손상되었습니다). "
        "이전 체크포인트를 "
        "쓰십시오"),
    "reliability.checkpoint.missing": "{path}: 그런 체크포인트 파일이 없습니다",
    "reliability.fit.nonfinite": (
        "fit: 손실이 {epoch}번째 에포크, {batch}번째 배치에서 {value}이(가) 되어 학습을 멈췄습니다{kept} — 학습률을 "
        "낮추거나 기울기를 자르거나, mb.detect_anomaly() 안에서 실행해 연산을 찾으십시오"),
    "reliability.fit.kept": "(마지막 정상 체크포인트: {path})",
    "reliability.fit.resume_mismatch": "{path}: 이어서 학습할 수 없습니다: {reason}",
    "reliability.engine.inplace_grad": (
        "{op}: 기울기를 기록하는 중에 기울기가 필요한 텐서를 제자리에서 바꾸려 했습니다. 새 텐서를 만드는 형태"
        "(y = x + 1)를 쓰거나, 쓰기 전에 mb.no_grad() 안에서 바꾸거나, .data를 통해 바꾸십시오"),
    "reliability.engine.version": (
        "{op}을(를) 미분하는 데 필요한 값(입력 {index}, 모양 {shape})이 쓰인 뒤에 제자리에서 "
        "바뀌었습니다(버전 {saved} → "
        "{now}). 바꾸는 계산을 새 텐서로 하거나(y = x * 2), 먼저 복사하십시오(x.copy())"),
    "reliability.engine.anomaly_forward": "이상 감지: {op}의 순전파가 유한한 입력에서 {kind}을(를) 만들었습니다{where}",
    "reliability.engine.anomaly_backward": (
        "이상 감지: {op}의 역전파가 입력 {index}의 기울기에 {kind}을(를) 만들었습니다{where}"),
    "reliability.engine.anomaly_where": " (기록 위치: {where})",
    "reliability.engine.readonly": "텐서의 배열은 읽기 전용입니다. 대신 t.data를 통해 쓰십시오(기록되지 않음)",
    "reliability.term.hint": (
        "mibun: 이 터미널({encoding})은 일부 문자를 보여 줄 수 없어 이스케이프해서 씁니다 — UTF-8 터미널을 쓰십시오"
        "(예: LANG=C.UTF-8 또는 PYTHONIOENCODING=utf-8)"),
}


def say(key: str, lang: str | None = None, **fields: Any) -> str:
    """The message ``key`` in ``lang`` (the catalogue's copy when present), fields filled in."""
    from mibun.i18n import catalogue, resolve_lang

    try:
        code = resolve_lang(lang)
    except Exception:  # an unknown language must not hide the message
        code = "en"
    try:
        text = catalogue(code).get(key)
    except Exception:  # pragma: no cover - catalogue package being reorganised
        text = None
    if text is None:
        text = (KO if code == "ko" else EN).get(key) or EN[key]
    try:
        from mibun.i18n.particles import fill  # type: ignore[import-not-found]

        return fill(text, fields)
    except ImportError:
        return _fill_plain(text, fields)


def _fill_plain(text: str, fields: dict[str, Any]) -> str:
    for pair in ("이(가)", "은(는)", "을(를)", "과(와)"):
        text = text.replace("}" + pair, "}" + pair)  # written neutrally: both forms, always right
    return text.format(**fields)


def error(cls: type, key: str, lang: str | None = None, **fields: Any) -> Exception:
    """An instance of the MibunError subclass ``cls`` for ``key``: a catalogue error when the error
    classes take keys, else one carrying the message rendered now."""
    from mibun.errors import MibunError

    if hasattr(MibunError, "message"):
        try:
            from mibun.i18n import catalogue

            if key in catalogue("en"):
                return cls(key, lang=lang, **fields)
        except Exception:  # pragma: no cover
            pass
    exc = cls(say(key, lang, **fields))
    exc.key = key  # type: ignore[attr-defined]
    exc.fields = fields  # type: ignore[attr-defined]
    return exc


__all__ = ["say", "error", "EN", "KO"]
