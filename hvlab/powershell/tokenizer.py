"""A tokenizer for the subset of PowerShell that hvlab's console understands.

Why a real tokenizer: learners type quoted names with spaces (``'Before applying updates'``),
comma lists (``Shutdown,VSS``), switches with values (``-Confirm:$false``), pipelines and
comments, exactly as Microsoft's cmdlet reference writes them. Splitting on spaces would get
all of these wrong, and nothing a learner types is ever passed to ``eval``/``exec``.

The rules follow PowerShell's language specification (about_Quoting_Rules, about_Parsing,
about_Comments): single-quoted strings are verbatim with ``''`` for a quote; double-quoted
strings expand ``$variable`` and understand the backtick escapes; numbers may carry the
``KB``/``MB``/``GB``/``TB``/``PB`` multipliers; ``#`` starts a comment and ``<# ... #>`` is a
block comment; a backtick at the end of a line continues the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

__all__ = ["Token", "TokenKind", "TokenizeError", "tokenize"]


class TokenKind(Enum):
    GENERIC = "generic"  # bareword: command name or unquoted argument
    PARAMETER = "parameter"  # -Name  (``colon`` when written -Name:value)
    STRING = "string"
    NUMBER = "number"
    VARIABLE = "variable"
    COMMA = ","
    PIPE = "|"
    SEMICOLON = ";"
    NEWLINE = "newline"
    LPAREN = "("
    RPAREN = ")"
    ARRAY_START = "@("
    LBRACE = "{"
    RBRACE = "}"
    DOT = "."
    EQUALS = "="
    NOT = "!"
    EOF = "eof"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str  # the source text of the token
    value: object  # str for names/strings, int/float for numbers
    start: int  # offset in the source
    end: int
    expandable: bool = False  # a double-quoted string
    colon: bool = False  # a parameter written -Name:value
    space_before: bool = True  # whitespace precedes the token


class TokenizeError(Exception):
    """The text cannot be split into tokens (an unterminated string or block comment)."""

    def __init__(self, message_key: str, position: int, **values: object):
        self.message_key = message_key
        self.position = position
        self.values = values
        super().__init__(message_key)


_MULTIPLIERS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}
_NUMBER = re.compile(r"(?i)(0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)(kb|mb|gb|tb|pb)?(?=$|[\s,;|)}])")
_SPECIAL = set("|;,(){}\n")
_MEMBER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BACKTICK_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_DASHES = "-\u2013\u2014\u2015"  # PowerShell accepts en and em dashes as parameter dashes


def _number_value(match: re.Match[str]) -> int | float:
    digits, suffix = match.group(1), match.group(2)
    value: int | float = int(digits, 16) if digits.lower().startswith("0x") else (float(digits) if any(c in digits for c in ".eE") else int(digits))
    if suffix:
        value = value * _MULTIPLIERS[suffix.lower()]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    return value


def _indexable(tokens: list[Token], source: str) -> bool:
    """Whether a ``.member`` or ``[index]`` may follow the last token directly: a variable,
    ``)``, a string, an index, or a member name just read."""
    last = tokens[-1]
    if last.kind in (TokenKind.VARIABLE, TokenKind.RPAREN, TokenKind.STRING):
        return True
    if last.kind is not TokenKind.GENERIC:
        return False
    return (last.text.startswith("[") and last.text.endswith("]")) or (len(tokens) > 1 and tokens[-2].kind is TokenKind.DOT)


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens, ending with an EOF token.

    Raises :class:`TokenizeError` for an unterminated string or block comment.
    """
    tokens: list[Token] = []
    i = 0
    n = len(source)
    space = True

    def add(kind: TokenKind, start: int, end: int, value: object = None, **extra: object) -> None:
        nonlocal space
        text = source[start:end]
        tokens.append(Token(kind, text, text if value is None else value, start, end, space_before=space, **extra))  # type: ignore[arg-type]
        space = False

    while i < n:
        c = source[i]
        if c == "`" and i + 1 < n and source[i + 1] in "\r\n":  # line continuation
            i += 2 if source[i + 1 : i + 3] != "\r\n" else 3
            space = True
            continue
        if c in " \t\r\f\v\u00a0":
            i += 1
            space = True
            continue
        if c == "<" and source.startswith("<#", i):
            close = source.find("#>", i + 2)
            if close < 0:
                raise TokenizeError("ps.parse.comment_unterminated", i)
            i = close + 2
            space = True
            continue
        if c == "#":
            while i < n and source[i] != "\n":
                i += 1
            continue
        if c == "\n":
            add(TokenKind.NEWLINE, i, i + 1)
            i += 1
            space = True
            continue
        if c == "'" or c in "\u2018\u2019":
            start = i
            i += 1
            chars: list[str] = []
            while True:
                if i >= n:
                    raise TokenizeError("ps.parse.string_unterminated", start, quote="'")
                ch = source[i]
                if ch == "'" or ch in "\u2018\u2019":
                    if i + 1 < n and (source[i + 1] == "'" or source[i + 1] in "\u2018\u2019"):
                        chars.append("'")
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(ch)
                i += 1
            add(TokenKind.STRING, start, i, "".join(chars))
            continue
        if c == '"' or c in "\u201c\u201d":
            start = i
            i += 1
            chars = []
            while True:
                if i >= n:
                    raise TokenizeError("ps.parse.string_unterminated", start, quote='"')
                ch = source[i]
                if ch == "`" and i + 1 < n:
                    nxt = source[i + 1]
                    chars.append(_BACKTICK_ESCAPES.get(nxt, nxt))
                    i += 2
                    continue
                if ch == '"' or ch in "\u201c\u201d":
                    if i + 1 < n and (source[i + 1] == '"' or source[i + 1] in "\u201c\u201d"):
                        chars.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(ch)
                i += 1
            add(TokenKind.STRING, start, i, "".join(chars), expandable=True)
            continue
        if c == "$":
            start = i
            i += 1
            if i < n and source[i] == "{":
                close = source.find("}", i)
                if close < 0:
                    raise TokenizeError("ps.parse.variable_unterminated", start)
                add(TokenKind.VARIABLE, start, close + 1, source[i + 1 : close])
                i = close + 1
                continue
            m = re.compile(r"[A-Za-z0-9_?:]*").match(source, i)
            name = m.group(0) if m else ""
            if name.endswith(":"):
                name = name[:-1]
            i += len(name)
            add(TokenKind.VARIABLE, start, i, name)
            continue
        if c == "@" and i + 1 < n and source[i + 1] == "(":
            add(TokenKind.ARRAY_START, i, i + 2)
            i += 2
            continue
        if c in "|;,(){}":
            kind = {"|": TokenKind.PIPE, ";": TokenKind.SEMICOLON, ",": TokenKind.COMMA, "(": TokenKind.LPAREN, ")": TokenKind.RPAREN, "{": TokenKind.LBRACE, "}": TokenKind.RBRACE}[c]
            add(kind, i, i + 1)
            i += 1
            continue
        if c == "[" and tokens and not space and _indexable(tokens, source) and "]" in source[i:]:
            close = source.index("]", i)  # an index right after a value: ``$x[0]``, ``(Get-VM)[1]``
            add(TokenKind.GENERIC, i, close + 1)
            i = close + 1
            continue
        if c == "." and tokens and not space and _indexable(tokens, source):
            add(TokenKind.DOT, i, i + 1)
            i += 1
            member = _MEMBER.match(source, i)
            if member:  # the member's name alone, so ``$vm.Name.Length`` chains
                add(TokenKind.GENERIC, i, member.end())
                i = member.end()
            continue
        if c == "=" and (i + 1 >= n or source[i + 1] in " \t" or (tokens and tokens[-1].kind is TokenKind.VARIABLE)):
            add(TokenKind.EQUALS, i, i + 1)
            i += 1
            continue
        if c == "!" and (i + 1 >= n or source[i + 1] not in "="):
            add(TokenKind.NOT, i, i + 1)
            i += 1
            continue
        if c in _DASHES and i + 1 < n and (source[i + 1].isalpha() or source[i + 1] == "_"):
            start = i
            i += 1
            m = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*").match(source, i)
            assert m is not None
            name = m.group(0)
            i += len(name)
            colon = i < n and source[i] == ":"
            if colon:
                i += 1
            add(TokenKind.PARAMETER, start, i, name, colon=colon)
            continue
        m = _NUMBER.match(source, i + (1 if c in "-+" and i + 1 < n and source[i + 1].isdigit() else 0))
        if m and (c.isdigit() or (c in "-+" and i + 1 < n and source[i + 1].isdigit())):
            start = i
            value = _number_value(m)
            if c == "-":
                value = -value
            i = m.end()
            add(TokenKind.NUMBER, start, i, value)
            continue
        # a bareword: everything up to whitespace or a special character
        start = i
        while i < n and source[i] not in _SPECIAL and source[i] not in " \t\r\f\v\u00a0'\"":
            if source[i] == "`" and i + 1 < n:
                i += 2
                continue
            i += 1
        word = source[start:i].replace("`", "")
        add(TokenKind.GENERIC, start, i, word)
    add(TokenKind.EOF, n, n, "")
    return tokens
