"""Parse tokens into statements, pipelines and commands (PowerShell's two parsing modes).

PowerShell reads a statement in *command mode* when it starts with a name (``Get-VM web01``:
barewords are strings, ``-Name`` is a parameter) and in *expression mode* otherwise
(``$_.State -eq 'Running'``: ``-eq`` is an operator). hvlab follows that rule (about_Parsing)
for the subset it supports: assignments to variables, pipelines, script blocks for
``Where-Object``/``ForEach-Object``, comparison and logical operators, member access and
comma lists. The result is a small tree of frozen dataclasses; nothing is evaluated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .tokenizer import Token, TokenKind, TokenizeError, tokenize

__all__ = [
    "ArrayExpr",
    "Assignment",
    "BinaryExpr",
    "Command",
    "CommandArgument",
    "CommandParameter",
    "ExpandableString",
    "Literal",
    "MemberExpr",
    "NotExpr",
    "ParseError",
    "Pipeline",
    "Script",
    "ScriptBlockExpr",
    "SubExpression",
    "VariableExpr",
    "parse",
]

COMPARISON_OPERATORS = (
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains", "notcontains", "in", "notin",
)
_CASE_PREFIXES = ("", "i", "c")


class ParseError(Exception):
    """A syntax error, reported with PowerShell's parser message (catalog key) and position."""

    def __init__(self, message_key: str, position: int, length: int = 1, error_id: str = "", **values: object):
        self.message_key = message_key
        self.position = position
        self.length = max(1, length)
        self.error_id = error_id
        self.values = values
        super().__init__(message_key)


@dataclass(frozen=True)
class Literal:
    value: object
    start: int
    end: int


@dataclass(frozen=True)
class ExpandableString:
    template: str
    start: int
    end: int


@dataclass(frozen=True)
class VariableExpr:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class MemberExpr:
    target: "Expr"
    member: str
    start: int
    end: int


@dataclass(frozen=True)
class ArrayExpr:
    items: tuple["Expr", ...]
    start: int
    end: int


@dataclass(frozen=True)
class SubExpression:
    pipeline: "Pipeline"
    array: bool
    start: int
    end: int


@dataclass(frozen=True)
class ScriptBlockExpr:
    script: "Script"
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class BinaryExpr:
    operator: str  # lower-case, without the dash, case prefix removed
    case_sensitive: bool
    left: "Expr"
    right: "Expr"
    start: int
    end: int


@dataclass(frozen=True)
class NotExpr:
    operand: "Expr"
    start: int
    end: int


Expr = Union[Literal, ExpandableString, VariableExpr, MemberExpr, ArrayExpr, SubExpression, ScriptBlockExpr, BinaryExpr, NotExpr]


@dataclass(frozen=True)
class CommandParameter:
    name: str  # as typed, without the dash
    argument: Expr | None  # set when written -Name:value
    token: Token


@dataclass(frozen=True)
class CommandArgument:
    expr: Expr


@dataclass(frozen=True)
class Command:
    name: str
    elements: tuple[CommandParameter | CommandArgument, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Pipeline:
    elements: tuple[Command | Expr, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Assignment:
    variable: str
    pipeline: Pipeline
    start: int
    end: int


Statement = Union[Assignment, Pipeline]


@dataclass(frozen=True)
class Script:
    statements: tuple[Statement, ...]
    source: str


def parse(source: str) -> Script:
    """Parse a whole input (one or more lines). Raises :class:`ParseError`."""
    try:
        tokens = tokenize(source)
    except TokenizeError as error:
        ids = {
            "ps.parse.string_unterminated": "TerminatorExpectedAtEndOfString",
            "ps.parse.comment_unterminated": "MissingEndOfComment",
            "ps.parse.variable_unterminated": "IncompleteDollarVariableReference",
        }
        raise ParseError(error.message_key, error.position, len(source) - error.position, ids.get(error.message_key, ""), **error.values) from None
    parser = _Parser(tokens, source)
    script = parser.script(top=True)
    return script


class _Parser:
    def __init__(self, tokens: list[Token], source: str):
        self.tokens = tokens
        self.source = source
        self.i = 0

    # -- helpers -----------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        if token.kind is not TokenKind.EOF:
            self.i += 1
        return token

    def unexpected(self, token: Token) -> ParseError:
        if token.kind is TokenKind.EOF:
            return ParseError("ps.parse.unexpected_end", token.start, 1, "IncompleteParseException")
        return ParseError("ps.parse.unexpected_token", token.start, token.end - token.start, "UnexpectedToken", token=token.text)

    def skip_newlines(self) -> None:
        while self.tok.kind is TokenKind.NEWLINE:
            self.advance()

    # -- statements ----------------------------------------------------------------------------
    def script(self, top: bool, open_brace: Token | None = None) -> Script:
        statements: list[Statement] = []
        while True:
            while self.tok.kind in (TokenKind.NEWLINE, TokenKind.SEMICOLON):
                self.advance()
            if self.tok.kind is TokenKind.EOF:
                if not top:
                    assert open_brace is not None
                    raise ParseError("ps.parse.missing_close_brace", open_brace.start, 1, "MissingEndCurlyBrace")
                break
            if self.tok.kind is TokenKind.RBRACE:
                if top:
                    raise self.unexpected(self.tok)
                break
            statements.append(self.statement())
            if self.tok.kind not in (TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.EOF, TokenKind.RBRACE):
                raise self.unexpected(self.tok)
        return Script(tuple(statements), self.source)

    def statement(self) -> Statement:
        if self.tok.kind is TokenKind.VARIABLE and self.peek().kind is TokenKind.EQUALS:
            var = self.advance()
            self.advance()
            self.skip_newlines()
            if self.tok.kind in (TokenKind.EOF, TokenKind.SEMICOLON, TokenKind.RBRACE):
                raise ParseError("ps.parse.missing_assignment_value", self.tok.start, 1, "ExpectedValueExpression")
            pipeline = self.pipeline()
            return Assignment(str(var.value), pipeline, var.start, pipeline.end)
        return self.pipeline()

    def pipeline(self) -> Pipeline:
        start = self.tok.start
        elements: list[Command | Expr] = []
        while True:
            if self.tok.kind is TokenKind.PIPE or self.tok.kind in (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.RBRACE, TokenKind.RPAREN):
                raise ParseError("ps.parse.empty_pipe_element", self.tok.start, 1, "EmptyPipeElement")
            if self.tok.kind is TokenKind.GENERIC or (elements and self.tok.kind is not TokenKind.PIPE):
                if self.tok.kind is not TokenKind.GENERIC:
                    raise ParseError("ps.parse.expressions_first_only", self.tok.start, self.tok.end - self.tok.start, "ExpressionsMustBeFirstInPipeline")
                elements.append(self.command())
            else:
                elements.append(self.expression())
            if self.tok.kind is TokenKind.PIPE:
                self.advance()
                self.skip_newlines()
                continue
            break
        end = self.tokens[self.i - 1].end if self.i else start
        return Pipeline(tuple(elements), start, end)

    def command(self) -> Command:
        name_token = self.advance()
        elements: list[CommandParameter | CommandArgument] = []
        while self.tok.kind not in (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.PIPE, TokenKind.RBRACE, TokenKind.RPAREN):
            token = self.tok
            if token.kind is TokenKind.PARAMETER:
                self.advance()
                argument = None
                if token.colon and self.tok.kind not in (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.PIPE, TokenKind.RBRACE, TokenKind.RPAREN, TokenKind.PARAMETER):
                    argument = self.argument()
                elements.append(CommandParameter(str(token.value), argument, token))
                continue
            elements.append(CommandArgument(self.argument()))
        end = self.tokens[self.i - 1].end
        return Command(str(name_token.value), tuple(elements), name_token.start, end)

    # -- command-mode arguments -----------------------------------------------------------------
    def argument(self) -> Expr:
        first = self.argument_primary()
        if self.tok.kind is not TokenKind.COMMA:
            return first
        items = [first]
        while self.tok.kind is TokenKind.COMMA:
            comma = self.advance()
            if self.tok.kind in (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.PIPE, TokenKind.RPAREN, TokenKind.RBRACE, TokenKind.COMMA):
                raise ParseError("ps.parse.missing_after_comma", comma.start, 1, "MissingExpressionAfterToken")
            items.append(self.argument_primary())
        return ArrayExpr(tuple(items), items[0].start, items[-1].end)  # type: ignore[union-attr]

    def argument_primary(self) -> Expr:
        token = self.tok
        if token.kind is TokenKind.GENERIC:
            self.advance()
            return Literal(str(token.value), token.start, token.end)
        if token.kind is TokenKind.PARAMETER:
            raise self.unexpected(token)
        return self.postfix(self.primary())

    # -- expression mode ---------------------------------------------------------------------------
    def expression(self) -> Expr:
        return self.logical()

    def logical(self) -> Expr:
        left = self.comparison()
        while self.tok.kind is TokenKind.PARAMETER and str(self.tok.value).lower() in ("and", "or", "xor"):
            op = str(self.advance().value).lower()
            self.skip_newlines()
            right = self.comparison()
            left = BinaryExpr(op, False, left, right, left.start, right.end)  # type: ignore[union-attr]
        return left

    def comparison(self) -> Expr:
        left = self.unary()
        while self.tok.kind is TokenKind.PARAMETER:
            raw = str(self.tok.value).lower()
            op, case = _comparison_operator(raw)
            if op is None:
                if raw in ("and", "or", "xor"):
                    break
                raise ParseError("ps.parse.unexpected_token", self.tok.start, self.tok.end - self.tok.start, "UnexpectedToken", token=self.tok.text)
            operator_token = self.advance()
            if self.tok.kind in (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.PIPE, TokenKind.RBRACE, TokenKind.RPAREN):
                raise ParseError("ps.parse.missing_after_operator", operator_token.start, operator_token.end - operator_token.start, "ExpectedValueExpression", operator=operator_token.text)
            right = self.unary()
            left = BinaryExpr(op, case, left, right, left.start, right.end)  # type: ignore[union-attr]
        return left

    def unary(self) -> Expr:
        token = self.tok
        if token.kind is TokenKind.NOT or (token.kind is TokenKind.PARAMETER and str(token.value).lower() == "not"):
            self.advance()
            operand = self.unary()
            return NotExpr(operand, token.start, operand.end)  # type: ignore[union-attr]
        return self.array_literal()

    def array_literal(self) -> Expr:
        first = self.postfix(self.primary())
        if self.tok.kind is not TokenKind.COMMA:
            return first
        items = [first]
        while self.tok.kind is TokenKind.COMMA:
            comma = self.advance()
            if self.tok.kind in (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.PIPE, TokenKind.RPAREN, TokenKind.RBRACE):
                raise ParseError("ps.parse.missing_after_comma", comma.start, 1, "MissingExpressionAfterToken")
            items.append(self.postfix(self.primary()))
        return ArrayExpr(tuple(items), items[0].start, items[-1].end)  # type: ignore[union-attr]

    def primary(self) -> Expr:
        token = self.tok
        if token.kind is TokenKind.STRING:
            self.advance()
            if token.expandable and "$" in str(token.value):
                return ExpandableString(str(token.value), token.start, token.end)
            return Literal(str(token.value), token.start, token.end)
        if token.kind is TokenKind.NUMBER:
            self.advance()
            return Literal(token.value, token.start, token.end)
        if token.kind is TokenKind.VARIABLE:
            self.advance()
            return VariableExpr(str(token.value), token.start, token.end)
        if token.kind in (TokenKind.LPAREN, TokenKind.ARRAY_START):
            self.advance()
            self.skip_newlines()
            if token.kind is TokenKind.ARRAY_START and self.tok.kind is TokenKind.RPAREN:
                close = self.advance()
                return ArrayExpr((), token.start, close.end)
            if self.tok.kind is TokenKind.RPAREN:
                raise ParseError("ps.parse.missing_in_parens", self.tok.start, 1, "ExpectedExpression")
            inner = self.pipeline()
            self.skip_newlines()
            if self.tok.kind is not TokenKind.RPAREN:
                raise ParseError("ps.parse.missing_close_paren", self.tok.start, 1, "MissingEndParenthesisInExpression")
            close = self.advance()
            return SubExpression(inner, token.kind is TokenKind.ARRAY_START, token.start, close.end)
        if token.kind is TokenKind.LBRACE:
            self.advance()
            body = self.script(top=False, open_brace=token)
            close = self.advance()
            return ScriptBlockExpr(body, self.source[token.start + 1 : close.start], token.start, close.end)
        if token.kind is TokenKind.GENERIC:
            # a bareword in expression mode is a command call only as a pipeline element
            raise self.unexpected(token)
        raise self.unexpected(token)

    def postfix(self, expr: Expr) -> Expr:
        while self.tok.kind is TokenKind.DOT:
            dot = self.advance()
            member = self.tok
            if member.kind not in (TokenKind.GENERIC, TokenKind.STRING) or member.space_before:
                raise ParseError("ps.parse.missing_property_name", dot.start, 1, "MissingPropertyName")
            self.advance()
            name = str(member.value)
            if self.tok.kind is TokenKind.LPAREN and not self.tok.space_before:
                raise ParseError("ps.parse.method_calls_unsupported", member.start, member.end - member.start, "HvlabMethodCall", method=name)
            expr = MemberExpr(expr, name, expr.start, member.end)  # type: ignore[union-attr]
        return expr


def _comparison_operator(raw: str) -> tuple[str | None, bool]:
    for prefix in ("c", "i"):
        if raw.startswith(prefix) and raw[1:] in COMPARISON_OPERATORS:
            return raw[1:], prefix == "c"
    if raw in COMPARISON_OPERATORS:
        return raw, False
    return None, False


def is_incomplete(source: str) -> bool:
    """Whether ``source`` is an unfinished statement that a console would continue on the next
    line (an open brace, parenthesis or string, or a trailing pipe), like PowerShell's ``>>``."""
    try:
        parse(source)
    except ParseError as error:
        if error.message_key in ("ps.parse.missing_close_brace", "ps.parse.string_unterminated", "ps.parse.comment_unterminated"):
            return True
        if error.message_key in ("ps.parse.empty_pipe_element", "ps.parse.missing_close_paren", "ps.parse.unexpected_end") and error.position >= len(source.rstrip()):
            return True
    return False
