"""Parse tokens into statements, pipelines and commands (PowerShell's two parsing modes).

(Slightly over 400 lines on purpose: one recursive-descent parser, one method per precedence
level, that only reads well in one place; its tree is in :mod:`.syntax`.)

PowerShell reads a statement in *command mode* when it starts with a name (``Get-VM web01``:
barewords are strings, ``-Name`` is a parameter) and in *expression mode* otherwise
(``$_.State -eq 'Running'``: ``-eq`` is an operator). hvlab follows that rule (about_Parsing)
for the subset it supports: assignments to variables, pipelines, script blocks for
``Where-Object``/``ForEach-Object``, comparison, logical, arithmetic and string operators with
PowerShell's precedence (about_Operator_Precedence), member access and comma lists. The result
is a tree of :mod:`.syntax` nodes; nothing is evaluated here.

Valid PowerShell that hvlab does not read (keywords such as ``if``, casts, indexing, method
calls, ranges, redirection) raises :class:`~hvlab.powershell.errors.UnsupportedConstruct`,
which the console shows as hvlab's own sentence — never as a PowerShell parse error. A
:class:`ParseError` is kept for input PowerShell itself rejects; its text is PowerShell's
parser resource string (ParserStrings.resx in github.com/PowerShell/PowerShell) unless the
catalog marks it ``[hvlab]``.
"""

from __future__ import annotations

import re

from .errors import UnsupportedConstruct
from .syntax import (
    ArrayExpr,
    Assignment,
    BinaryExpr,
    Command,
    CommandArgument,
    CommandParameter,
    ExpandableString,
    Expr,
    IndexExpr,
    Literal,
    MemberExpr,
    NotExpr,
    Pipeline,
    Script,
    ScriptBlockExpr,
    Statement,
    SubExpression,
    UnaryExpr,
    VariableExpr,
)
from .tokenizer import Token, TokenKind, TokenizeError, tokenize

__all__ = ["COMPARISON_OPERATORS", "ParseError", "is_incomplete", "parse"]

COMPARISON_OPERATORS = (
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains", "notcontains", "in", "notin",
)
STRING_OPERATORS = ("replace", "split", "join")
"""Binary string operators hvlab evaluates (about_Replace, about_Split, about_Join); ``replace``
and ``split`` take the ``i``/``c`` case prefixes."""
UNSUPPORTED_OPERATORS = ("is", "isnot", "as", "band", "bor", "bxor", "bnot", "shl", "shr")
"""PowerShell operators (about_Operators) hvlab does not evaluate: named as unsupported."""
KEYWORDS = frozenset({
    "begin", "break", "catch", "class", "continue", "data", "define", "do", "dynamicparam", "else", "elseif", "end",
    "enum", "exit", "filter", "finally", "for", "foreach", "from", "function", "hidden", "if", "in", "param",
    "process", "return", "static", "switch", "throw", "trap", "try", "until", "using", "var", "while", "workflow",
    "parallel", "sequence", "inlinescript", "configuration",
})
"""PowerShell's language keywords (about_Language_Keywords): statements hvlab does not run."""
_COMMAND_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*|[?%]")
_REDIRECTION = re.compile(r"[0-9*]?>>?(&[12])?|<")
_INDEX = re.compile(r"\[\s*(-?\d+)\s*\]")
_ADDITIVE = ("+", "-")
_MULTIPLICATIVE = ("*", "/", "%")
_END = (TokenKind.EOF, TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.PIPE, TokenKind.RBRACE, TokenKind.RPAREN)


class ParseError(Exception):
    """A syntax error, reported with PowerShell's parser message (catalog key) and position.

    ``hvlab_wording``: PowerShell rejects the input too, but hvlab does not have PowerShell's
    text for it; the console then shows hvlab's sentence without PowerShell's record fields."""

    def __init__(self, message_key: str, position: int, length: int = 1, error_id: str = "", *, hvlab_wording: bool = False, **values: object):
        self.message_key = message_key
        self.hvlab_wording = hvlab_wording
        self.position = position
        self.length = max(1, length)
        self.error_id = error_id
        self.values = values
        super().__init__(message_key)


def parse(source: str) -> Script:
    """Parse a whole input (one or more lines). Raises :class:`ParseError`."""
    try:
        tokens = tokenize(source)
    except TokenizeError as error:
        length = len(source) - error.position
        if error.message_key == "ps.parse.string_unterminated":
            raise ParseError(error.message_key, error.position, length, "TerminatorExpectedAtEndOfString", **error.values) from None
        raise ParseError(error.message_key, error.position, length, hvlab_wording=True, **error.values) from None
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
            return ParseError("ps.parse.unexpected_end", token.start, 1, hvlab_wording=True)
        return ParseError("ps.parse.unexpected_token", token.start, token.end - token.start, "UnexpectedToken", token=token.text)

    def skip_newlines(self) -> None:
        while self.tok.kind is TokenKind.NEWLINE:
            self.advance()

    def unsupported(self, token: Token, key: str = "ps.construct.token", **values: object) -> UnsupportedConstruct:
        """Valid PowerShell, maybe, but not a construct hvlab reads: say so in hvlab's words."""
        if token.kind is TokenKind.EOF:
            return UnsupportedConstruct("ps.construct.end", token.start, token.start + 1)
        return UnsupportedConstruct(key, token.start, token.end, token=token.text, **values)

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
            if self.tok.kind is TokenKind.RPAREN:
                raise self.unexpected(self.tok)
            if self.tok.kind not in (TokenKind.NEWLINE, TokenKind.SEMICOLON, TokenKind.EOF, TokenKind.RBRACE):
                raise self.unsupported(self.tok)
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
        name_token = self.tok
        name = str(name_token.value)
        if name.casefold() in KEYWORDS:
            raise self.unsupported(name_token, "ps.construct.keyword")
        if name.startswith("["):
            raise self.unsupported(name_token, "ps.construct.type")
        if ".." in name:
            raise self.unsupported(name_token, "ps.construct.range")
        if not _COMMAND_NAME.fullmatch(name):
            raise self.unsupported(name_token, "ps.construct.command_form")
        self.advance()
        elements: list[CommandParameter | CommandArgument] = []
        while self.tok.kind not in _END:
            token = self.tok
            if token.kind is TokenKind.PARAMETER:
                self.advance()
                argument = None
                if token.colon and self.tok.kind not in (*_END, TokenKind.PARAMETER):
                    argument = self.argument()
                elements.append(CommandParameter(str(token.value), argument, token))
                continue
            if token.kind is TokenKind.GENERIC and _REDIRECTION.fullmatch(str(token.value)):
                raise self.unsupported(token, "ps.construct.redirection")
            elements.append(CommandArgument(self.argument()))
        end = self.tokens[self.i - 1].end
        return Command(name, tuple(elements), name_token.start, end)

    # -- command-mode arguments -----------------------------------------------------------------
    def argument(self) -> Expr:
        first = self.argument_primary()
        if self.tok.kind is not TokenKind.COMMA:
            return first
        items = [first]
        while self.tok.kind is TokenKind.COMMA:
            comma = self.advance()
            if self.tok.kind in (*_END, TokenKind.COMMA):
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

    # -- expression mode (about_Operator_Precedence, loosest first) --------------------------------
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
        left = self.additive()
        while self.tok.kind is TokenKind.PARAMETER:
            raw = str(self.tok.value).lower()
            op, case = _comparison_operator(raw)
            if op is None:
                op, case = _string_operator(raw)
            if op is None:
                if raw in ("and", "or", "xor"):
                    break
                if raw in UNSUPPORTED_OPERATORS:
                    raise self.unsupported(self.tok, "ps.construct.operator")
                raise ParseError("ps.parse.unexpected_token", self.tok.start, self.tok.end - self.tok.start, "UnexpectedToken", token=self.tok.text)
            operator_token = self.advance()
            self.require_operand(operator_token)
            right = self.additive()
            left = BinaryExpr(op, case, left, right, left.start, right.end)  # type: ignore[union-attr]
        return left

    def require_operand(self, operator_token: Token) -> None:
        if self.tok.kind in _END:
            raise ParseError("ps.parse.missing_after_operator", operator_token.start, operator_token.end - operator_token.start, "ExpectedValueExpression", operator=operator_token.text)

    def additive(self) -> Expr:
        left = self.multiplicative()
        while True:
            token = self.tok
            if token.kind is TokenKind.GENERIC and token.value in _ADDITIVE:
                self.advance()
                self.require_operand(token)
                right = self.multiplicative()
                op = str(token.value)
            elif token.kind is TokenKind.NUMBER and token.text[:1] in _ADDITIVE:
                # ``5 -3``: the sign is the binary operator (the tokenizer read a signed number)
                self.advance()
                magnitude = Literal(abs(token.value) if token.text[0] == "-" else token.value, token.start + 1, token.end)  # type: ignore[arg-type]
                right = self.multiplicative(magnitude)
                op = token.text[0]
            else:
                return left
            left = BinaryExpr(op, False, left, right, left.start, right.end)  # type: ignore[union-attr]

    def multiplicative(self, first: Expr | None = None) -> Expr:
        left = first if first is not None else self.format()
        while self.tok.kind is TokenKind.GENERIC and self.tok.value in _MULTIPLICATIVE:
            token = self.advance()
            self.require_operand(token)
            right = self.format()
            left = BinaryExpr(str(token.value), False, left, right, left.start, right.end)  # type: ignore[union-attr]
        return left

    def format(self) -> Expr:
        left = self.unary()
        while self.tok.kind is TokenKind.PARAMETER and str(self.tok.value).lower() == "f":
            token = self.advance()
            self.require_operand(token)
            right = self.unary()
            left = BinaryExpr("f", False, left, right, left.start, right.end)  # type: ignore[union-attr]
        return left

    def unary(self) -> Expr:
        token = self.tok
        if token.kind is TokenKind.NOT or (token.kind is TokenKind.PARAMETER and str(token.value).lower() == "not"):
            self.advance()
            operand = self.unary()
            return NotExpr(operand, token.start, operand.end)  # type: ignore[union-attr]
        if token.kind is TokenKind.PARAMETER and str(token.value).lower() in ("join", "split"):
            self.advance()
            self.require_operand(token)
            operand = self.unary()
            return UnaryExpr(str(token.value).lower(), operand, token.start, operand.end)  # type: ignore[union-attr]
        if token.kind is TokenKind.GENERIC and token.value in _ADDITIVE and self.peek().kind is not TokenKind.EOF:
            self.advance()
            operand = self.unary()
            return UnaryExpr(str(token.value), operand, token.start, operand.end)  # type: ignore[union-attr]
        return self.array_literal()

    def array_literal(self) -> Expr:
        first = self.postfix(self.primary())
        if self.tok.kind is not TokenKind.COMMA:
            return first
        items = [first]
        while self.tok.kind is TokenKind.COMMA:
            comma = self.advance()
            if self.tok.kind in _END:
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
            if self.tok.kind is TokenKind.EOF:
                raise ParseError("ps.parse.missing_close_paren", self.tok.start, 1, "MissingEndParenthesisInExpression")
            if self.tok.kind is not TokenKind.RPAREN:
                raise self.unsupported(self.tok)
            close = self.advance()
            return SubExpression(inner, token.kind is TokenKind.ARRAY_START, token.start, close.end)
        if token.kind is TokenKind.LBRACE:
            self.advance()
            body = self.script(top=False, open_brace=token)
            close = self.advance()
            return ScriptBlockExpr(body, self.source[token.start + 1 : close.start], token.start, close.end)
        if token.kind is TokenKind.GENERIC and str(token.value).startswith("["):
            raise self.unsupported(token, "ps.construct.type")
        if token.kind in (TokenKind.EOF, TokenKind.RBRACE, TokenKind.RPAREN):
            raise self.unexpected(token)
        raise self.unsupported(token)

    def postfix(self, expr: Expr) -> Expr:
        while True:
            if self.tok.kind is TokenKind.GENERIC and str(self.tok.value).startswith("[") and not self.tok.space_before:
                token = self.tok
                match = _INDEX.fullmatch(str(token.value))
                if match is None:
                    raise self.unsupported(token, "ps.construct.index")
                self.advance()
                expr = IndexExpr(expr, int(match.group(1)), expr.start, token.end)  # type: ignore[union-attr]
                continue
            if self.tok.kind is not TokenKind.DOT:
                return expr
            dot = self.advance()
            member = self.tok
            if member.kind not in (TokenKind.GENERIC, TokenKind.STRING) or member.space_before:
                raise ParseError("ps.parse.missing_property_name", dot.start, 1, "MissingPropertyName")
            self.advance()
            name = str(member.value)
            if self.tok.kind is TokenKind.LPAREN and not self.tok.space_before:
                raise UnsupportedConstruct("ps.construct.method", member.start, member.end, method=name)
            expr = MemberExpr(expr, name, expr.start, member.end)  # type: ignore[union-attr]


def _string_operator(raw: str) -> tuple[str | None, bool]:
    for prefix in ("c", "i"):
        if raw.startswith(prefix) and raw[1:] in ("replace", "split"):
            return raw[1:], prefix == "c"
    if raw in STRING_OPERATORS:
        return raw, False
    return None, False


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
    except UnsupportedConstruct:
        return False
    except ParseError as error:
        if error.message_key in ("ps.parse.missing_close_brace", "ps.parse.string_unterminated", "ps.parse.comment_unterminated"):
            return True
        if error.message_key in ("ps.parse.empty_pipe_element", "ps.parse.missing_close_paren", "ps.parse.unexpected_end") and error.position >= len(source.rstrip()):
            return True
    return False
