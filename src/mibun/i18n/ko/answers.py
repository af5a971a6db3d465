"""한국어 메시지: 답안 확인(check_answer), 연습 문제(practice), 역전파 검사(check_backprop)와 오개념 목록
(``answers.mis.<key>.name`` / ``.explain``). answers_en.py와 같은 키를 가진다."""

MESSAGES: dict[str, str] = {
    # --- 판정과 제목 -------------------------------------------------------------------------------
    "answers.verdict.correct": "정답입니다",
    "answers.verdict.incorrect": "틀렸습니다",
    "answers.verdict.undecided": "판정할 수 없습니다",
    "answers.heading.derivative": "문제: d/d{var} {task}",
    "answers.heading.partial": "문제: ∂/∂{var} {task}",
    "answers.heading.gradient": "문제: ({var})에 대한 {task}의 기울기 벡터",
    "answers.heading.limit": "문제: {var} → {to}일 때 {task}의 극한",
    "answers.label.answer": "학생의 답",
    "answers.label.verdict": "판정",
    "answers.label.expected": "정답",
    "answers.label.misconception": "예상되는 오개념",
    "answers.label.why": "이유",
    "answers.label.notes": "참고",
    "answers.label.steps": "풀이",
    "answers.label.hint": "힌트",
    "answers.dne": "존재하지 않음",
    # --- 참고 ---------------------------------------------------------------------------------------
    "answers.note.unsimplified": "맞습니다. 다만 {simple} 꼴로 더 간단히 정리할 수 있습니다.",
    "answers.note.numeric_only": "SymPy로는 두 식이 같음을 증명하지 못했지만, 무작위 점 {n}곳에서 45자리까지 "
                                 "일치하므로 정답으로 인정합니다.",
    "answers.note.undecided": "기호 계산으로도 수치 비교로도 판정하지 못했습니다 (쓸 수 있는 점 {n}곳). "
                              "손으로 확인하거나 다른 꼴로 써 보십시오.",
    "answers.note.counterexample": "{point}에서 학생의 답은 {got}이고 도함수의 값은 {want}입니다.",
    "answers.note.sides": "좌극한은 {left}, 우극한은 {right}입니다.",
    "answers.note.task_reading": "문제를 읽으면서: {msg}",
    "answers.note.two_misconceptions": "실수 두 가지가 겹쳤습니다: {first}, 그리고 {second}.",
    "answers.note.parse_warning": "답을 읽으면서: {msg}",
    "answers.note.extra_symbols": "답에 문제에 없는 기호가 있습니다: {names}",
    "answers.note.components": "기울기 벡터의 성분 수는 {want}개인데 답의 성분 수는 {got}개입니다.",
    "answers.note.component_wrong": "{i}번째 성분(∂/∂{var})이 틀렸습니다.",
    "answers.note.other_misconception": "다음 오개념일 수도 있습니다: {names}",
    "answers.diverges": "⚠ 여기서 풀이가 갈라집니다: {rule}의 결과는 {right}, 잘못된 규칙의 결과는 "
                        "{wrong}입니다",
    "answers.diverges_at": "풀이가 갈라지는 곳은 {expr}에 {rule:을/를} 적용하는 단계입니다: 올바른 결과는 "
                           "{right}이지만, 오개념({name})대로 하면 결과는 {wrong}입니다.",
    "answers.explain.correct": "답이 도함수와 같습니다.",
    "answers.explain.correct_limit": "답이 극한값과 같습니다.",
    "answers.explain.no_misconception": "mibun의 오개념 목록에 있는 실수와는 맞지 않습니다. 아래 풀이와 "
                                        "단계별로 비교해 보십시오.",
    # --- 오개념 목록 ----------------------------------------------------------------------------------
    "answers.mis.chain_missing_inner.name": "연쇄법칙에서 속함수의 도함수를 빠뜨림",
    "answers.mis.chain_missing_inner.explain":
        "연쇄법칙은 d/dx f(u) = f′(u)·u′입니다. 겉함수를 미분한 뒤 속함수 u의 도함수를 곱해야 하는데, "
        "답은 f′(u)에서 멈췄습니다.",
    "answers.mis.chain_wrong_inner.name": "연쇄법칙에서 속함수를 잘못 잡음",
    "answers.mis.chain_wrong_inner.explain":
        "f(u)에서 속함수 u는 f의 인수 전체입니다. 답은 f′을 u가 아니라 u′에서 계산했거나(sin(x²)에 대해 "
        "cos(2x)), 인수 전체가 아니라 더 안쪽 함수의 도함수를 곱했습니다.",
    "answers.mis.ln_missing_inner.name": "ln u의 미분에서 u′을 빠뜨림",
    "answers.mis.ln_missing_inner.explain":
        "d/dx ln u = u′/u입니다. 1/u라고만 쓰면 속함수의 도함수를 곱하는 것을 잊은 것입니다.",
    "answers.mis.product_rule_as_product.name": "곱의 미분법을 도함수끼리의 곱으로 씀",
    "answers.mis.product_rule_as_product.explain":
        "(f·g)′ = f′·g + f·g′이며 f′·g′이 아닙니다. 한 인수를 미분하는 동안 다른 인수는 그대로 둡니다.",
    "answers.mis.quotient_rule_order.name": "몫의 미분법에서 분자의 순서가 바뀜",
    "answers.mis.quotient_rule_order.explain":
        "(f/g)′ = (f′·g − f·g′)/g²입니다. 빼기가 있어서 순서가 중요합니다: f·g′ − f′·g는 부호가 "
        "반대입니다.",
    "answers.mis.quotient_rule_sign.name": "몫의 미분법에서 − 대신 +를 씀",
    "answers.mis.quotient_rule_sign.explain":
        "(f/g)′ = (f′·g − f·g′)/g²입니다. 분자는 곱의 미분법처럼 합이 아니라 차입니다.",
    "answers.mis.quotient_rule_denominator.name": "몫의 미분법에서 분모를 제곱하지 않음",
    "answers.mis.quotient_rule_denominator.explain":
        "(f/g)′ = (f′·g − f·g′)/g²입니다. 분모는 g가 아니라 g²입니다.",
    "answers.mis.quotient_as_quotient.name": "몫의 미분법을 도함수끼리의 몫으로 씀",
    "answers.mis.quotient_as_quotient.explain":
        "(f/g)′은 f′/g′이 아니라 (f′·g − f·g′)/g²입니다.",
    "answers.mis.reciprocal_of_derivative.name": "1/g의 미분을 1/g′으로 씀",
    "answers.mis.reciprocal_of_derivative.explain":
        "역수의 도함수는 도함수의 역수가 아닙니다. 1/xⁿ을 x⁻ⁿ으로 바꿔 쓰면 "
        "d/dx x⁻ⁿ = −n·x⁻ⁿ⁻¹입니다 (일반적으로 (1/g)′ = −g′/g²).",
    "answers.mis.power_rule_exponent_raised.name": "거듭제곱 법칙에서 지수를 낮추지 않고 올림",
    "answers.mis.power_rule_exponent_raised.explain":
        "d/dx xⁿ = n·xⁿ⁻¹이므로 새 지수는 n − 1입니다. "
        "n이 음수일 때도 같습니다 (d/dx x⁻³ = −3x⁻⁴이며 −3x⁻²이 아닙니다).",
    "answers.mis.power_rule_exponent_kept.name": "거듭제곱 법칙에서 지수를 낮추지 않음",
    "answers.mis.power_rule_exponent_kept.explain":
        "d/dx xⁿ = n·xⁿ⁻¹입니다. 지수는 계수로 내려오고 거듭제곱의 차수는 하나 줄어듭니다.",
    "answers.mis.power_rule_on_exponential.name": "eˣ 또는 aˣ에 거듭제곱 법칙을 적용함",
    "answers.mis.power_rule_on_exponential.explain":
        "거듭제곱 법칙은 밑이 변수이고 지수가 상수인 xⁿ에 쓰는 규칙입니다. eˣ, aˣ에서는 지수가 변수이므로 "
        "d/dx eˣ = eˣ, d/dx aˣ = aˣ·ln a입니다.",
    "answers.mis.exp_base_missing_ln.name": "aˣ의 미분에서 ln a를 빠뜨림",
    "answers.mis.exp_base_missing_ln.explain":
        "d/dx aˣ = aˣ·ln a입니다. 밑이 e일 때만 ln e = 1이므로 eˣ만 자기 자신이 도함수입니다.",
    "answers.mis.log_base_missing_ln.name": "logₐ x의 미분에서 1/ln a를 빠뜨림",
    "answers.mis.log_base_missing_ln.explain":
        "logₐ x = ln x / ln a이므로 d/dx logₐ x = 1/(x·ln a)입니다. 도함수가 1/x인 것은 ln x뿐입니다.",
    "answers.mis.constant_derivative_nonzero.name": "상수의 도함수를 0으로 하지 않음",
    "answers.mis.constant_derivative_nonzero.explain":
        "상수는 변하지 않으므로 도함수가 0입니다: d/dx (x² + 5) = 2x이고 5는 사라집니다.",
    "answers.mis.constant_factor_dropped.name": "상수배를 빠뜨림",
    "answers.mis.constant_factor_dropped.explain":
        "(c·f)′ = c·f′입니다. 상수 인수는 도함수 앞에 그대로 남습니다.",
    "answers.mis.trig_sign.name": "sin이나 cos의 미분에서 부호를 틀림",
    "answers.mis.trig_sign.explain":
        "d/dx sin x = cos x이고 d/dx cos x = −sin x입니다. 빼기 부호는 코사인의 도함수에 붙습니다.",
    "answers.mis.partial_constant_as_variable.name": "편미분에서 다른 변수까지 미분함",
    "answers.mis.partial_constant_as_variable.explain":
        "∂/∂x에서는 다른 변수를 모두 상수로 봅니다: ∂/∂x (x·y) = y이고, y만 있는 항의 편미분은 0입니다.",
    "answers.mis.partial_variable_as_constant.name": "다른 변수에 대해 편미분함",
    "answers.mis.partial_variable_as_constant.explain":
        "답은 다른 변수에 대한 편도함수입니다. ∂/∂x에서는 x가 변하고 나머지 변수를 상수로 봅니다. "
        "그 반대가 아닙니다.",
    "answers.mis.xx_power_rule.name": "xˣ에 거듭제곱 법칙을 적용함",
    "answers.mis.xx_power_rule.explain":
        "xˣ에서는 밑과 지수가 모두 변하므로 거듭제곱 법칙도 지수함수의 미분도 그대로 쓸 수 없습니다. "
        "로그를 취하면 ln y = x·ln x이므로 y′ = xˣ·(ln x + 1)입니다.",
    "answers.mis.xx_exponential_rule.name": "xˣ에 지수함수의 미분만 적용함",
    "answers.mis.xx_exponential_rule.explain":
        "xˣ·ln x는 밑을 상수로 본 결과입니다. 밑과 지수가 모두 변하므로 로그 미분법으로 "
        "y′ = xˣ·(ln x + 1)을 얻습니다.",
    "answers.mis.sigmoid_derivative_squared.name": "σ′을 σ·σ로 씀",
    "answers.mis.sigmoid_derivative_squared.explain":
        "σ′(u) = σ(u)·(1 − σ(u))이며 σ(u)²이 아닙니다. u = 0에서는 σ(0) = 1/2이라 우연히 둘 다 1/4이지만 "
        "다른 곳에서는 다릅니다.",
    "answers.mis.softmax_missing_offdiagonal.name": "소프트맥스의 도함수에서 비대각 항을 빠뜨림",
    "answers.mis.softmax_missing_offdiagonal.explain":
        "소프트맥스의 출력은 분모를 통해 모든 입력에 의존합니다: ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)이므로 i ≠ j이면 "
        "0이 아니라 −sᵢsⱼ입니다.",
    "answers.mis.yhat_minus_y_sign.name": "ŷ − y의 부호를 뒤집음",
    "answers.mis.yhat_minus_y_sign.explain":
        "소프트맥스(또는 시그모이드) 다음에 교차 엔트로피를 쓰면 ∂L/∂z = ŷ − y(예측 빼기 정답)입니다. "
        "y − ŷ는 기울기의 반대 방향이라 경사 하강법이 손실을 오히려 키웁니다.",
    "answers.mis.gradient_components_swapped.name": "기울기 벡터의 성분 순서가 바뀜",
    "answers.mis.gradient_components_swapped.explain":
        "기울기 벡터는 변수의 순서대로 편도함수를 나열합니다: (∂f/∂x, ∂f/∂y, …).",
    "answers.mis.limit_one_sided.name": "양쪽 극한을 한쪽 극한으로 답함",
    "answers.mis.limit_one_sided.explain":
        "양쪽 극한은 좌극한과 우극한이 같을 때만 존재합니다. 여기서는 두 값이 달라서 극한이 존재하지 "
        "않습니다(DNE).",
    "answers.mis.limit_infinite_sign.name": "무한대 극한의 부호를 틀림",
    "answers.mis.limit_infinite_sign.explain":
        "함수는 반대 방향으로 한없이 커집니다. 그 점 근처에서 분자와 분모의 부호를 확인하십시오.",
    "answers.mis.limit_infinite_as_dne.name": "무한대로 발산하는 극한을 DNE로 답함",
    "answers.mis.limit_infinite_as_dne.explain":
        "양쪽에서 같은 부호로 한없이 커지므로 극한은 ∞(또는 −∞)입니다. 어느 쪽인지 쓰십시오. DNE는 진동하거나 "
        "좌극한과 우극한이 다를 때 씁니다.",
    "answers.mis.limit_exists_as_dne.name": "존재하는 극한을 DNE로 답함",
    "answers.mis.limit_exists_as_dne.explain":
        "그 점에서 0/0 꼴이라고 극한이 없는 것은 아닙니다. 인수분해, 약분, 알려진 극한으로 정리하면 값이 "
        "나옵니다.",
    "answers.mis.off_by_sign.name": "부호가 반대임",
    "answers.mis.off_by_sign.explain": "답은 도함수에 −1을 곱한 것입니다. 빠뜨린 빼기 부호를 찾아보십시오.",
    "answers.mis.off_by_factor.name": "상수배만큼 차이남",
    "answers.mis.off_by_factor.explain": "답은 도함수의 {factor}배입니다. 빠뜨리거나 더 붙인 상수 "
                                         "인수를 찾아보십시오.",
    "answers.mis.off_by_constant.name": "상수만큼 차이남",
    "answers.mis.off_by_constant.explain": "답과 도함수의 차이는 상수 {shift}입니다. 상수항은 미분하면 "
                                           "사라져야 합니다.",
    "answers.tour.title": "9. 학생의 답 확인: 판정, 오개념, 갈라지는 단계",
    "answers.tour.practice": "연습 문제 (`mibun practice chain-rule`):",
    # --- 연습 문제 -------------------------------------------------------------------------------------
    "answers.practice.problem": "문제 {i}/{n}",
    "answers.practice.task.derivative": "다음 식을 {var}에 대하여 미분하십시오: {task}",
    "answers.practice.task.partial": "다음 식을 {var}에 대하여 편미분하십시오: {task}",
    "answers.practice.task.gradient": "({var})에 대한 다음 식의 기울기 벡터를 구하십시오: {task}",
    "answers.practice.task.limit": "{var} → {to}일 때 다음 식의 극한을 구하십시오 (값, oo, -oo 또는 DNE): {task}",
    "answers.practice.prompt": "답 (빈 줄: 힌트, q: 끝내기)> ",
    "answers.practice.no_more_hints": "힌트가 더 없습니다. 정답은 {answer}입니다.",
    "answers.practice.score": "점수: {n}문제 중 {right}문제를 맞혔습니다.",
    "answers.practice.hint.rule": "{rule:을/를} 쓰십시오: {formula}",
    "answers.practice.hint.rule_plain": "{rule:을/를} 쓰십시오.",
    "answers.practice.hint.limit_sub": "먼저 {var} = {to:을/를} 대입해 보십시오. 어떤 꼴이 나옵니까?",
    "answers.practice.hint.limit_factor": "극한을 구하기 전에 인수분해하거나 식을 정리하십시오.",
    "answers.practice.hint.limit_sides": "좌극한과 우극한을 비교하십시오.",
    "answers.practice.hint.limit_known": "알려진 극한: u → 0일 때 sin(u)/u → 1입니다.",
    "answers.practice.hint.limit_leading": "{var} → ∞일 때는 최고차항만 중요합니다.",
    "answers.practice.hint.quotient_def": "분자를 전개하면 h가 없는 항이 지워집니다. 그다음 h로 나누십시오.",
    "answers.practice.hint.gradient": "변수마다 편미분을 하나씩 구하고, 나머지 변수는 상수로 보십시오.",
    "answers.practice.hint.ce": "시그모이드나 소프트맥스 다음에 교차 엔트로피를 쓰면 ∂L/∂z = ŷ − y입니다.",
    "answers.practice.chapter.limits": "극한",
    "answers.practice.chapter.difference_quotient": "차분몫",
    "answers.practice.chapter.basic_rules": "기본 미분법",
    "answers.practice.chapter.product_quotient": "곱과 몫의 미분법",
    "answers.practice.chapter.chain_rule": "연쇄법칙",
    "answers.practice.chapter.log_differentiation": "로그 미분법",
    "answers.practice.chapter.partial_gradient": "편미분과 기울기 벡터",
    "answers.practice.chapter.sigmoid_softmax_ce": "시그모이드, 소프트맥스, 교차 엔트로피",
    "answers.practice.chapter.linear_layer": "선형층",
    # --- 역전파 검사 ------------------------------------------------------------------------------------
    "answers.bp.title": "손으로 쓴 역전파를 mibun의 자동 미분과 비교합니다",
    "answers.bp.col.param": "매개변수",
    "answers.bp.col.shape": "모양",
    "answers.bp.col.maxerr": "최대 |오차|",
    "answers.bp.col.verdict": "판정",
    "answers.bp.col.slip": "예상되는 실수",
    "answers.bp.ok": "맞음",
    "answers.bp.wrong": "틀림",
    "answers.bp.missing": "없음",
    "answers.bp.all_ok": "기울기 {n}개가 모두 맞습니다 (가장 큰 오차 {err}).",
    "answers.bp.some_bad": "기울기 {n}개 중 {bad}개가 틀렸습니다.",
    "answers.bp.slip.transposed": "전치됨: 올바른 기울기의 전치 행렬입니다",
    "answers.bp.slip.missing_batch_sum": "배치에 대한 합을 빠뜨림: 예제마다 한 행씩 남았습니다",
    "answers.bp.slip.batch_mean": "배치에 대해 더하지 않고 평균을 냄 (1/{k}배)",
    "answers.bp.slip.first_example_only": "배치의 첫 번째 예제만 계산함",
    "answers.bp.slip.wrong_sign": "부호가 반대임: 올바른 기울기에 −1을 곱한 것입니다",
    "answers.bp.slip.missing_activation": "활성화 함수의 도함수를 빠뜨림: {act}의 도함수가 빠졌습니다",
    "answers.bp.slip.factor": "{factor}배만큼 차이남",
    "answers.bp.slip.factor_batch": "{factor}배만큼 차이남 (크기 B = {k}인 배치의 1/B 같은 인수)",
    "answers.bp.slip.shape": "모양이 틀림: 받은 모양 {got}, 올바른 모양 {want}",
    "answers.bp.slip.unknown": "알려진 실수와 맞지 않습니다. 단계별로 비교해 보십시오",
    "answers.bp.slip.none": "",
    # --- 오류 --------------------------------------------------------------------------------------------
    "answers.err.kind": "알 수 없는 종류 {kind!r}: derivative, partial, limit, gradient 중 하나를 쓰십시오",
    "answers.err.chapter": "알 수 없는 단원 {chapter!r}: 다음 중 하나를 고르십시오: {chapters}",
    "answers.err.level": "level은 1, 2, 3 중 하나여야 합니다 (받은 값: {level!r})",
    "answers.err.n": "n은 1에서 1000 사이의 정수여야 합니다 (받은 값: {n!r})",
    "answers.err.limit_to": "극한 문제에는 점이 필요합니다: to=0, to='oo' 처럼 쓰십시오",
    "answers.err.wrt": "{task}에는 변수가 여러 개 있습니다({names}). wrt=로 변수를 정하십시오",
    "answers.err.vector": "다음 답은 벡터가 아닙니다: {answer!r}. (2x, 2y), [2x, 2y], <2x, 2y>처럼 쓰십시오",
    "answers.err.empty": "답이 비어 있습니다",
    "answers.err.params": "params와 student_grads는 같은 이름을 키로 하는 배열의 dict여야 합니다. "
                          "빠진 이름: {names}",
    "answers.err.forward": "forward(**params)는 스칼라 손실을 돌려줘야 하는데 모양이 {shape}입니다",
}
