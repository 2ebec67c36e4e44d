"""A delimited text file's encoding: UTF-8 with or without a BOM, else detected (UTF-16 by
its BOM, then Windows' cp1252, then Latin-1, which decodes anything), or given (`encoding=`).

polars reads only UTF-8, and lossily (a byte that is not UTF-8 becomes U+FFFD, silently), so
a file in another encoding reaches it re-encoded, and every guess becomes a note.
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from tui_nn.data import sniff
from tui_nn.data.text import show
from tui_nn.errors import TuiNNError


class Text:
    """A delimited text file as the readers see it: its path, or its contents re-encoded as UTF-8
    when the file is in another encoding (polars reads only UTF-8, and lossily: silently U+FFFD)."""

    def __init__(self, path: Path, label: str, encoding: str | None = None, text: str | None = None) -> None:
        self.path, self.label, self.encoding, self._text = path, label, encoding, text
        self.utf8 = text.encode("utf-8") if text is not None else None

    def source(self) -> "Path | io.BytesIO":
        """What polars reads: the file itself when it is UTF-8."""
        return self.path if self.utf8 is None else io.BytesIO(self.utf8)

    def text(self) -> str:
        """The whole file as text (decoded strictly); `NotUTF8` when a byte further on than
        the sample showed is not UTF-8, so the reader starts again with the detected encoding."""
        if self._text is None:
            try:
                self._text = self.path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise NotUTF8 from None
        return self._text


class NotUTF8(Exception):
    """A file taken for UTF-8 from its first bytes turned out not to be."""


def open_text(path: Path, label: str, head: bytes, encoding: str | None) -> tuple[Text, str | None]:
    """The file's text source and a note on its encoding when it is not UTF-8. The sample decides
    for UTF-8 (no full scan on the fast path); the delimited reader catches a bad byte further on."""
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise TuiNNError(
                f'unknown encoding "{show(encoding)}" — use a name such as utf-8, cp1252, latin-1 or utf-16'
            ) from None
        # Forced is exact: decoded strictly here (polars alone would replace a bad byte silently).
        return Text(path, label, name, _decode_as(path, label, "utf-8-sig" if name == "utf-8" else name)), None
    if head.startswith(sniff.UTF16_BOMS):
        return Text(path, label, "utf-16", _decode_as(path, label, "utf-16")), f"{label} is UTF-16 text; read as such"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3 or len(head) < sniff.SAMPLE_BYTES:  # not a character cut by the sample's end
            return detected(path, label)
    return Text(path, label), None


def detected(path: Path, label: str) -> tuple[Text, str | None]:
    """A file that is not UTF-8: Windows' cp1252 when it decodes so, else Latin-1 (which decodes
    anything); the note names which, so a wrong guess can be corrected with --encoding."""
    data = path.read_bytes()
    try:
        return Text(path, label, "utf-8", data.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    if len(_UTF8_CHARS.findall(data)) >= 2:
        # Accents written as UTF-8 beside a byte that is not: a damaged or mixed file, which
        # another encoding would read as mojibake ("Ã©") everywhere else.
        line = data[:bad].count(b"\n") + 1
        raise TuiNNError(
            f"{label}, row {line}: not valid UTF-8 text, though the rest of the file is — fix that line, "
            "or give the file's encoding with --encoding NAME"
        )
    try:
        text, name = data.decode("cp1252"), "cp1252"
        # Without bytes 0x80–0x9F the two agree; then the file is plain Latin-1.
        if not re.search(b"[\x80-\x9f]", data):
            name = "latin-1"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "latin-1"
    words = {"cp1252": "cp1252 (Windows Western European)", "latin-1": "Latin-1 (ISO-8859-1)"}[name]
    return Text(path, label, name, text), (
        f"{label} is not UTF-8 text: read as {words}; if its accents look wrong, give --encoding NAME"
    )


_UTF8_CHARS = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A character outside ASCII as UTF-8 writes it (rare by chance in Latin-1 or cp1252 text)."""


def _decode_as(path: Path, label: str, encoding: str) -> str:
    data = path.read_bytes()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TuiNNError(
            f"{label}, row {line}: not valid {encoding.removesuffix('-sig').upper()} text — "
            "give the file's real encoding with --encoding NAME"
        ) from None
    return text.removeprefix("\ufeff")

