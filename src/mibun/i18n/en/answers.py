"""English messages of the answers area (keys ``answers.*``): check_answer, practice, check_backprop and the
misconception catalogue (``answers.mis.<key>.name`` / ``.explain``)."""

MESSAGES: dict[str, str] = {
    # --- verdicts and headings -------------------------------------------------------------------
    "answers.verdict.correct": "correct",
    "answers.verdict.incorrect": "not correct",
    "answers.verdict.undecided": "cannot decide",
    "answers.heading.derivative": "Task: d/d{var} {task}",
    "answers.heading.partial": "Task: ∂/∂{var} {task}",
    "answers.heading.gradient": "Task: the gradient of {task} with respect to ({var})",
    "answers.heading.limit": "Task: the limit of {task} as {var} → {to}",
    "answers.label.answer": "Your answer",
    "answers.label.verdict": "Verdict",
    "answers.label.expected": "Expected",
    "answers.label.misconception": "Likely misconception",
    "answers.label.why": "Why",
    "answers.label.notes": "Notes",
    "answers.label.steps": "Worked solution",
    "answers.label.hint": "Hint",
    "answers.dne": "does not exist",
    # --- notes ---------------------------------------------------------------------------------
    "answers.note.unsimplified": "Correct, though it can be simplified to {simple}.",
    "answers.note.numeric_only": "SymPy could not prove the two forms equal; they agree to 45 digits at {n} "
                                 "random points, which is accepted.",
    "answers.note.undecided": "Neither a symbolic proof nor a numerical comparison could decide (usable "
                              "points: {n}); check it by hand or write it in another form.",
    "answers.note.counterexample": "At {point} your answer gives {got}, the derivative is {want}.",
    "answers.note.sides": "Left limit {left}, right limit {right}.",
    "answers.note.task_reading": "Reading the task: {msg}",
    "answers.note.two_misconceptions": "Two slips together: {first}, and {second}.",
    "answers.note.parse_warning": "Reading your answer: {msg}",
    "answers.note.extra_symbols": "Your answer contains {names}, which the task does not have.",
    "answers.note.components": "The gradient has {want} components; your answer has {got}.",
    "answers.note.component_wrong": "Component {i} (∂/∂{var}) is not correct.",
    "answers.note.other_misconception": "Also possible: {names}.",
    "answers.diverges": "⚠ your path leaves the worked solution here: {rule} gives {right}, "
                        "the faulty rule gives {wrong}",
    "answers.diverges_at": "Your path leaves the worked solution at the step “{rule}” on {expr}: "
                           "it should give {right}; {name} gives {wrong}.",
    "answers.explain.correct": "Your answer equals the derivative.",
    "answers.explain.correct_limit": "Your answer is the limit.",
    "answers.explain.no_misconception": "It is not a known misconception in mibun's catalogue: compare your "
                                        "steps with the worked solution below.",
    # --- the misconception catalogue -----------------------------------------------------------------
    "answers.mis.chain_missing_inner.name": "chain rule without the inner derivative",
    "answers.mis.chain_missing_inner.explain":
        "The chain rule is d/dx f(u) = f′(u)·u′: after differentiating the outer function you must multiply by "
        "the derivative of the inner function u. The answer stops after f′(u).",
    "answers.mis.chain_wrong_inner.name": "chain rule applied to the wrong inner function",
    "answers.mis.chain_wrong_inner.explain":
        "In f(u) the inner function u is the whole argument of f. The answer either evaluates f′ at u′ "
        "instead of at u (cos(2x) for sin(x²)), or multiplies by the derivative of a deeper function "
        "instead of the whole argument.",
    "answers.mis.ln_missing_inner.name": "d(ln u) without u′",
    "answers.mis.ln_missing_inner.explain":
        "d/dx ln u = u′/u. Writing 1/u forgets to multiply by the derivative of the inside.",
    "answers.mis.product_rule_as_product.name": "product rule written as the product of the derivatives",
    "answers.mis.product_rule_as_product.explain":
        "(f·g)′ = f′·g + f·g′, not f′·g′. Each factor is differentiated in turn while the other is kept.",
    "answers.mis.quotient_rule_order.name": "quotient rule with the numerator in the wrong order",
    "answers.mis.quotient_rule_order.explain":
        "(f/g)′ = (f′·g − f·g′)/g². The order matters because of the minus sign: f·g′ − f′·g has the "
        "opposite sign.",
    "answers.mis.quotient_rule_sign.name": "quotient rule with + instead of −",
    "answers.mis.quotient_rule_sign.explain":
        "(f/g)′ = (f′·g − f·g′)/g²: the numerator is a difference, not a sum as in the product rule.",
    "answers.mis.quotient_rule_denominator.name": "quotient rule without squaring the denominator",
    "answers.mis.quotient_rule_denominator.explain":
        "(f/g)′ = (f′·g − f·g′)/g²: the denominator is g², not g.",
    "answers.mis.quotient_as_quotient.name": "quotient rule written as the quotient of the derivatives",
    "answers.mis.quotient_as_quotient.explain":
        "(f/g)′ is not f′/g′; it is (f′·g − f·g′)/g².",
    "answers.mis.reciprocal_of_derivative.name": "d(1/g) written as 1/g′",
    "answers.mis.reciprocal_of_derivative.explain":
        "The derivative of a reciprocal is not the reciprocal of the derivative: write 1/xⁿ as x⁻ⁿ, then "
        "d/dx x⁻ⁿ = −n·x⁻ⁿ⁻¹ (in general (1/g)′ = −g′/g²).",
    "answers.mis.power_rule_exponent_raised.name": "power rule with the exponent raised instead of lowered",
    "answers.mis.power_rule_exponent_raised.explain":
        "d/dx xⁿ = n·xⁿ⁻¹: the new exponent is n − 1, also for negative n (d/dx x⁻³ = −3x⁻⁴, not −3x⁻²).",
    "answers.mis.power_rule_exponent_kept.name": "power rule without lowering the exponent",
    "answers.mis.power_rule_exponent_kept.explain":
        "d/dx xⁿ = n·xⁿ⁻¹: the exponent comes down as a factor and the power drops by one.",
    "answers.mis.power_rule_on_exponential.name": "power rule applied to eˣ or aˣ",
    "answers.mis.power_rule_on_exponential.explain":
        "The power rule is for a variable base and a constant exponent (xⁿ). In eˣ and aˣ the variable is the "
        "exponent: d/dx eˣ = eˣ and d/dx aˣ = aˣ·ln a.",
    "answers.mis.exp_base_missing_ln.name": "d(aˣ) without ln a",
    "answers.mis.exp_base_missing_ln.explain":
        "d/dx aˣ = aˣ·ln a. Only for the base e is ln e = 1, so only eˣ is its own derivative.",
    "answers.mis.log_base_missing_ln.name": "d(logₐ x) without 1/ln a",
    "answers.mis.log_base_missing_ln.explain":
        "d/dx logₐ x = 1/(x·ln a), because logₐ x = ln x / ln a. Only ln x has derivative 1/x.",
    "answers.mis.constant_derivative_nonzero.name": "the derivative of a constant is not zero",
    "answers.mis.constant_derivative_nonzero.explain":
        "A constant does not change, so its derivative is 0: d/dx (x² + 5) = 2x, the 5 disappears.",
    "answers.mis.constant_factor_dropped.name": "a constant factor dropped",
    "answers.mis.constant_factor_dropped.explain":
        "(c·f)′ = c·f′: a constant factor stays in front of the derivative.",
    "answers.mis.trig_sign.name": "sign slip in the derivative of sin or cos",
    "answers.mis.trig_sign.explain":
        "d/dx sin x = cos x and d/dx cos x = −sin x: the minus sign belongs to the derivative of cosine.",
    "answers.mis.partial_constant_as_variable.name": "another variable differentiated as if it were the variable",
    "answers.mis.partial_constant_as_variable.explain":
        "In ∂/∂x every other variable is held constant: ∂/∂x (x·y) = y, and terms in y alone give 0.",
    "answers.mis.partial_variable_as_constant.name": "differentiated with respect to the wrong variable",
    "answers.mis.partial_variable_as_constant.explain":
        "The answer is the partial derivative with respect to another variable: in ∂/∂x the variable x changes "
        "and the others are held constant, not the other way round.",
    "answers.mis.xx_power_rule.name": "xˣ differentiated by the power rule",
    "answers.mis.xx_power_rule.explain":
        "In xˣ both the base and the exponent vary, so neither the power rule nor the exponential rule applies. "
        "Take logarithms: ln y = x·ln x, so y′ = xˣ·(ln x + 1).",
    "answers.mis.xx_exponential_rule.name": "xˣ differentiated by the exponential rule only",
    "answers.mis.xx_exponential_rule.explain":
        "xˣ·ln x treats the base as a constant. Both the base and the exponent vary: y′ = xˣ·(ln x + 1), "
        "by logarithmic differentiation.",
    "answers.mis.sigmoid_derivative_squared.name": "σ′ written as σ·σ",
    "answers.mis.sigmoid_derivative_squared.explain":
        "σ′(u) = σ(u)·(1 − σ(u)), not σ(u)². At u = 0: σ′ = 1/4, while σ² = 1/4 only by coincidence of "
        "σ(0) = 1/2; elsewhere they differ.",
    "answers.mis.softmax_missing_offdiagonal.name": "softmax derivative without the off-diagonal terms",
    "answers.mis.softmax_missing_offdiagonal.explain":
        "Every output of softmax depends on every input through the denominator: ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ), so for "
        "i ≠ j it is −sᵢsⱼ, not 0.",
    "answers.mis.yhat_minus_y_sign.name": "ŷ − y with its sign flipped",
    "answers.mis.yhat_minus_y_sign.explain":
        "For softmax (or sigmoid) followed by cross-entropy, ∂L/∂z = ŷ − y (prediction minus target). y − ŷ is "
        "the negative gradient: gradient descent would climb the loss.",
    "answers.mis.gradient_components_swapped.name": "gradient components in the wrong order",
    "answers.mis.gradient_components_swapped.explain":
        "The gradient lists the partial derivatives in the order of the variables: (∂f/∂x, ∂f/∂y, …).",
    "answers.mis.limit_one_sided.name": "one one-sided limit given for a two-sided limit",
    "answers.mis.limit_one_sided.explain":
        "A two-sided limit exists only when the left and right limits are equal. Here they differ, so the "
        "limit does not exist (DNE).",
    "answers.mis.limit_infinite_sign.name": "infinite limit with the wrong sign",
    "answers.mis.limit_infinite_sign.explain":
        "The function grows without bound in the other direction: check the sign of numerator and denominator "
        "near the point.",
    "answers.mis.limit_infinite_as_dne.name": "an infinite limit answered as DNE",
    "answers.mis.limit_infinite_as_dne.explain":
        "The function grows without bound with one sign on both sides, so the limit is ∞ (or −∞): say which; "
        "DNE is for limits that oscillate or whose sides disagree.",
    "answers.mis.limit_exists_as_dne.name": "answered DNE for a limit that exists",
    "answers.mis.limit_exists_as_dne.explain":
        "A 0/0 form at the point does not mean the limit fails to exist: simplify (factor, cancel, use a known "
        "limit) and the value appears.",
    "answers.mis.off_by_sign.name": "off by a sign",
    "answers.mis.off_by_sign.explain": "The answer is the derivative times −1: look for a lost minus sign.",
    "answers.mis.off_by_factor.name": "off by a constant factor",
    "answers.mis.off_by_factor.explain": "The answer is the derivative times {factor}: look for a lost or "
                                         "extra constant factor.",
    "answers.mis.off_by_constant.name": "off by an added constant",
    "answers.mis.off_by_constant.explain": "The answer is the derivative plus {shift}: a constant term should "
                                           "have vanished.",
    "answers.tour.title": "9. Checking a student's answer: the verdict, the misconception, the step",
    "answers.tour.practice": "A practice problem (`mibun practice chain-rule`):",
    # --- practice -------------------------------------------------------------------------------------
    "answers.practice.problem": "Problem {i}/{n}",
    "answers.practice.task.derivative": "Differentiate {task} with respect to {var}.",
    "answers.practice.task.partial": "Find ∂/∂{var} of {task}.",
    "answers.practice.task.gradient": "Find the gradient of {task} with respect to ({var}).",
    "answers.practice.task.limit": "Find the limit of {task} as {var} → {to} (a value, oo, -oo or DNE).",
    "answers.practice.prompt": "your answer (empty: a hint, q: quit)> ",
    "answers.practice.no_more_hints": "No more hints: the answer is {answer}.",
    "answers.practice.score": "Score: {right} of {n} correct.",
    "answers.practice.hint.rule": "Use the {rule}: {formula}",
    "answers.practice.hint.rule_plain": "Use the {rule}.",
    "answers.practice.hint.limit_sub": "Substitute {var} = {to} first: what form do you get?",
    "answers.practice.hint.limit_factor": "Factor or simplify before taking the limit.",
    "answers.practice.hint.limit_sides": "Compare the limit from the left and from the right.",
    "answers.practice.hint.limit_known": "A known limit: sin(u)/u → 1 as u → 0.",
    "answers.practice.hint.limit_leading": "As {var} → ∞ only the leading terms matter.",
    "answers.practice.hint.quotient_def": "Expand the numerator; the terms without h cancel, then divide by h.",
    "answers.practice.hint.gradient": "Take one partial derivative per variable, holding the others constant.",
    "answers.practice.hint.ce": "For sigmoid or softmax followed by cross-entropy, ∂L/∂z = ŷ − y.",
    "answers.practice.chapter.limits": "limits",
    "answers.practice.chapter.difference_quotient": "the difference quotient",
    "answers.practice.chapter.basic_rules": "basic rules",
    "answers.practice.chapter.product_quotient": "product and quotient rules",
    "answers.practice.chapter.chain_rule": "the chain rule",
    "answers.practice.chapter.log_differentiation": "logarithmic differentiation",
    "answers.practice.chapter.partial_gradient": "partial derivatives and gradients",
    "answers.practice.chapter.sigmoid_softmax_ce": "sigmoid, softmax and cross-entropy",
    "answers.practice.chapter.linear_layer": "a linear layer",
    # --- check_backprop ----------------------------------------------------------------------------------
    "answers.bp.title": "Checking your backward pass against mibun's automatic differentiation",
    "answers.bp.col.param": "parameter",
    "answers.bp.col.shape": "shape",
    "answers.bp.col.maxerr": "max |error|",
    "answers.bp.col.verdict": "verdict",
    "answers.bp.col.slip": "likely slip",
    "answers.bp.ok": "correct",
    "answers.bp.wrong": "wrong",
    "answers.bp.missing": "missing",
    "answers.bp.all_ok": "All {n} gradients are correct (largest error {err}).",
    "answers.bp.some_bad": "{bad} of {n} gradients are wrong.",
    "answers.bp.slip.transposed": "transposed: your gradient is the transpose of the right one",
    "answers.bp.slip.missing_batch_sum": "missing sum over the batch: you kept one row per example",
    "answers.bp.slip.batch_mean": "averaged over the batch instead of summing (a factor 1/{k})",
    "answers.bp.slip.first_example_only": "only the first example of the batch",
    "answers.bp.slip.wrong_sign": "wrong sign: your gradient is minus the right one",
    "answers.bp.slip.missing_activation": "missing activation derivative: the {act} derivative is left out",
    "answers.bp.slip.factor": "off by a factor {factor}",
    "answers.bp.slip.factor_batch": "off by a factor {factor} (such as 1/B for a batch of B = {k})",
    "answers.bp.slip.shape": "wrong shape: {got}, expected {want}",
    "answers.bp.slip.unknown": "no known slip matches: compare step by step",
    "answers.bp.slip.none": "",
    # --- errors ---------------------------------------------------------------------------------------
    "answers.err.kind": "unknown kind {kind!r}: use derivative, partial, limit or gradient",
    "answers.err.chapter": "unknown chapter {chapter!r}: choose one of {chapters}",
    "answers.err.level": "level must be 1, 2 or 3, not {level!r}",
    "answers.err.n": "n must be a whole number from 1 to 1000, not {n!r}",
    "answers.err.limit_to": "a limit task needs the point: to=0, to='oo', …",
    "answers.err.wrt": "{task} has several variables ({names}): say which one with wrt=",
    "answers.err.vector": "the answer {answer!r} is not a vector: write (2x, 2y), [2x, 2y] or <2x, 2y>",
    "answers.err.empty": "the answer is empty",
    "answers.err.params": "params and student_grads must be dicts of arrays keyed by the same names; "
                          "missing: {names}",
    "answers.err.forward": "forward(**params) must return a scalar loss, got shape {shape}",
}
