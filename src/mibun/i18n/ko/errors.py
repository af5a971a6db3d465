"""Korean (한국어) messages shared by every area's errors (``errors.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {
    "errors.at_position": " (위치 {position})",
    "errors.unknown_lang": "알 수 없는 언어 {name}입니다: lang='ko' 또는 lang='en'을 쓰십시오",
    "errors.internal": "내부 오류입니다 ({kind}: {detail}). mibun의 버그이니 알려 주십시오 (--debug를 붙이면 추적 정보가 보입니다)",
}
