"""English messages of the functions area (keys ``functions.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {
    # the rule name of a function that has no rule.<name> key of its own: {name} is the spec's name in words
    "functions.rule": "derivative of the {name}",
    "functions.not_scalar": "{name} is an array op, not a scalar function",
}
