"""Derived features: `--derive "x1*x2, x1^2, sin(x1)"`, TensorFlow Playground's feature crosses
for any numeric columns.

An expression is parsed here by a small recursive-descent parser, never by Python's `eval`:
numbers, column names, + − × ÷ ^ (also * / and the Unicode signs), parentheses and the
functions in `FUNCTIONS`. A column whose name is not an identifier is written in backticks
(`` `bill length` * 2 ``). The parsed tree evaluates over NumPy arrays (whole columns at once)
and shows itself as it is computed, for the Math tab (`x1·x2 = 0.3·−1.2 = −0.36`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping, Sequence

import numpy as np

from tui_nn.errors import TuiNNError

FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sin": np.sin,
    "cos": np.cos,
    "exp": np.exp,
    "log": np.log,
    "abs": np.abs,
    "sqrt": np.sqrt,
}
"""The functions an expression may call, each of one argument."""

OPERATORS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "^": np.power,
}
"""Binary operators by their canonical sign."""

_SIGNS = {"×": "*", "·": "*", "÷": "/", "−": "-", "**": "^"}
"""Other ways people write the operators, and the sign each means."""
_SHOWN = {"*": "·", "/": "/", "+": "+", "-": "−", "^": "^"}
"""How the Math tab shows each operator."""
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}
_UNARY_PRECEDENCE = 3
"""−x^2 is −(x^2), as in mathematics (and Python); 2*−x is allowed."""

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9.]*)"
    r"|`(?P<quoted>[^`]+)`"
    r"|(?P<op>\*\*|[-+*/^()×·÷−,]))"
)

HELP = ("derived features use numeric columns, numbers, + - * / ^, parentheses and "
        + " ".join(FUNCTIONS) + ', e.g. --derive "x1*x2, x1^2, sin(x1)"')


@dataclass(frozen=True)
class Node:
    """One node of an expression: a number, a column, an operator or a function call."""

    kind: str
    """"number", "column", "unary" (minus), "binary" or "call"."""
    value: str | float
    """The number, the column's name, the operator's sign or the function's name."""
    args: tuple["Node", ...] = ()

    def columns(self) -> tuple[str, ...]:
        """The column names this expression reads, in order of first use."""
        if self.kind == "column":
            return (str(self.value),)
        seen: dict[str, None] = {}
        for arg in self.args:
            seen.update(dict.fromkeys(arg.columns()))
        return tuple(seen)

    def evaluate(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """The expression over whole columns (float64 arrays of equal length)."""
        with np.errstate(all="ignore"):  # a log of 0 is reported by the caller, by row
            return self._evaluate(columns)

    def _evaluate(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        if self.kind == "number":
            return np.asarray(float(self.value))
        if self.kind == "column":
            return np.asarray(columns[str(self.value)], dtype=np.float64)
        if self.kind == "unary":
            return np.negative(self.args[0]._evaluate(columns))
        if self.kind == "call":
            return FUNCTIONS[str(self.value)](self.args[0]._evaluate(columns))
        left, right = (arg._evaluate(columns) for arg in self.args)
        return OPERATORS[str(self.value)](left, right)

    def to_dict(self) -> dict:
        """The tree as plain JSON, for engines that compute it elsewhere (an export's
        preprocess.json, an ONNX graph): {"number": 2.0}, {"column": "x1"}, {"op": "*", "args": [...]},
        {"op": "neg", "args": [x]}, {"call": "sin", "args": [x]}."""
        if self.kind == "number":
            return {"number": float(self.value)}
        if self.kind == "column":
            return {"column": str(self.value)}
        args = [arg.to_dict() for arg in self.args]
        if self.kind == "call":
            return {"call": str(self.value), "args": args}
        return {"op": "neg" if self.kind == "unary" else str(self.value), "args": args}

    def text(self, values: Mapping[str, float] | None = None, parent: float = 0,
             show: Callable[[float], str] | None = None) -> str:
        """The expression written out: with column names, or with `values` in their place,
        each number written by `show` (default: 4 significant digits, a real minus sign)."""
        show = show or _number
        if self.kind == "number":
            return show(float(self.value))
        if self.kind == "column":
            name = str(self.value)
            if values is not None:
                shown = show(values[name])
                # (−1.2)^2 is not −1.2^2; beside · and + a sign reads plainly (0.3·−1.2).
                negative = shown.startswith(("−", "-"))
                return f"({shown})" if negative and parent > _UNARY_PRECEDENCE else shown
            return name if re.fullmatch(r"[A-Za-z_][A-Za-z_0-9.]*", name) else f"`{name}`"
        if self.kind == "call":
            return f"{self.value}({self.args[0].text(values, 0, show)})"
        if self.kind == "unary":
            inner = self.args[0].text(values, _UNARY_PRECEDENCE + 0.5, show)  # −(−1.2), not −−1.2
            shown = f"−{inner}"
            return f"({shown})" if parent > _UNARY_PRECEDENCE or parent == _PRECEDENCE["*"] else shown
        sign = str(self.value)
        mine = _PRECEDENCE[sign]
        # ^ binds right: a^(b^c) needs no brackets, (a^b)^c does; − and / bind left.
        left = self.args[0].text(values, mine + 1 if sign == "^" else mine, show)
        right = self.args[1].text(values, mine if sign == "^" else mine + 1, show)
        shown = f"{left}{_SHOWN[sign]}{right}" if sign in "*^" else f"{left} {_SHOWN[sign]} {right}"
        return f"({shown})" if mine < parent else shown


@dataclass(frozen=True)
class Derived:
    """A derived feature: its name (the expression as written, tidied) and its parsed tree."""

    name: str
    tree: Node
    source: str = ""
    """The expression as the user typed it (messages quote it)."""

    def worked(self, values: Mapping[str, float], show: Callable[[float], str] | None = None) -> str:
        """`x1·x2 = 0.3·−1.2 = −0.36`: the expression, with the row's values, and the result
        (numbers written by `show`, as the rest of a page writes them)."""
        result = float(self.tree.evaluate({k: np.asarray([v]) for k, v in values.items()})[0])
        return f"{self.tree.text()} = {self.tree.text(values, 0, show)} = {(show or _number)(result)}"


def parse_derived(text: str | Sequence[str]) -> tuple[Derived, ...]:
    """`"x1*x2, x1^2"` (or a list of expressions) → derived features, each named by its tidy text.

    Commas between expressions separate them (a function takes one argument, so a comma is never
    inside one); empty items are skipped. Every mistake is one TuiNNError naming the expression."""
    items = _split(text) if isinstance(text, str) else [item for part in text for item in _split(part)]
    found: dict[str, Derived] = {}
    for item in items:
        derived = _parse_one(item)
        found.setdefault(derived.name, derived)
    return tuple(found.values())


def check_columns(derived: Sequence[Derived], numeric: Sequence[str], others: Sequence[str] = ()) -> None:
    """Each expression may read only numeric input columns; the message names the column and
    says why (text, the target, not a column at all)."""
    known = set(numeric)
    for feature in derived:
        for name in feature.tree.columns():
            if name in known:
                continue
            if name in others:
                why = f'"{name}" is not a numeric input column (text, true/false or the target)'
            else:
                close = ", ".join(numeric[:12]) or "none"
                why = f'"{name}" is not a column (numeric inputs: {close})'
            raise TuiNNError(f'--derive "{feature.source or feature.name}": {why} — {HELP}')


def names_of(derived: Sequence[Derived]) -> tuple[str, ...]:
    return tuple(feature.name for feature in derived)


@lru_cache(maxsize=256)
def parse_names(names: tuple[str, ...]) -> tuple[Derived, ...]:
    """The derived features a schema stores by name (cached: predict parses them per call)."""
    return tuple(_parse_one(name) for name in names)


# -- the parser -------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    """Expressions separated by the commas outside brackets ("sin(x1, x2)" stays one, to be refused)."""
    items, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(text[start:at])
            start = at + 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


def _parse_one(expression: str) -> Derived:
    tokens = _tokens(expression)
    parser = _Parser(expression, tokens)
    tree = parser.expression(0)
    if parser.at < len(tokens):
        raise parser.error(f'"{tokens[parser.at][1]}" is not expected here')
    if not tree.columns():
        raise TuiNNError(f'--derive "{expression}": it reads no column — {HELP}')
    return Derived(tree.text(), tree, expression)


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    at = 0
    text = expression.rstrip()
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            bad = text[at:].lstrip()[:1]
            raise TuiNNError(f'--derive "{expression}": "{bad}" cannot be part of an expression — {HELP}')
        kind = match.lastgroup or "op"
        value = match.group(kind)
        if kind == "quoted":
            kind = "name"
        if kind == "op":
            value = _SIGNS.get(value, value)
            if value == ",":
                raise TuiNNError(f'--derive "{expression}": functions take one argument — {HELP}')
        tokens.append((kind, value))
        at = match.end()
    if not tokens:
        raise TuiNNError(f'--derive "{expression}": the expression is empty — {HELP}')
    return tokens


class _Parser:
    """Precedence climbing over the tokens: + − < × ÷ < unary − < ^ (right-associative)."""

    def __init__(self, expression: str, tokens: list[tuple[str, str]]) -> None:
        self.source = expression
        self.tokens = tokens
        self.at = 0

    def error(self, why: str) -> TuiNNError:
        return TuiNNError(f'--derive "{self.source}": {why} — {HELP}')

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise self.error("it ends too soon")
        self.at += 1
        return token

    def expression(self, floor: int) -> Node:
        left = self.operand()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in _PRECEDENCE:
            sign = token[1]
            mine = _PRECEDENCE[sign]
            if mine < floor:
                break
            self.at += 1
            right = self.expression(mine if sign == "^" else mine + 1)
            left = Node("binary", sign, (left, right))
        return left

    def operand(self) -> Node:
        kind, value = self.take()
        if kind == "number":
            return Node("number", float(value))
        if kind == "op" and value == "-":
            return Node("unary", "-", (self.expression(_UNARY_PRECEDENCE),))
        if kind == "op" and value == "+":
            return self.expression(_UNARY_PRECEDENCE)
        if kind == "op" and value == "(":
            inner = self.expression(0)
            self.close()
            return inner
        if kind == "name":
            following = self.peek()
            if following == ("op", "("):
                if value not in FUNCTIONS:
                    raise self.error(f'"{value}" is not a function ({", ".join(FUNCTIONS)})')
                self.at += 1
                argument = self.expression(0)
                self.close()
                return Node("call", value, (argument,))
            return Node("column", value)
        raise self.error(f'"{value}" is not expected here')

    def close(self) -> None:
        if self.take() != ("op", ")"):
            raise self.error("a bracket is not closed")


def _number(value: float) -> str:
    text = f"{value:.4g}"
    return "−" + text[1:] if text.startswith("-") else text
