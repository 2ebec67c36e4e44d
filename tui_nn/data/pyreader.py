"""The exact, slow reader for delimited text: the standard library's csv module, record by record.

polars reads well-formed files fast but cannot say on which line a file goes wrong. This
reader is used when polars refuses a file, when a file has empty cells (which might be short
rows) and to map a record to the line a person sees in an editor, so every error names one.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from tui_nn.errors import TuiNNError

# A cell longer than this is nearly always an unclosed quote swallowing the file; the csv
# module's own limit (128 KiB) would say so with a less helpful message.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def decode(path: Path, label: str) -> str:
    """The whole file as text, UTF-8 with or without a byte-order mark; an error names the line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TuiNNError(
            f"{label}, row {line}: not valid UTF-8 text — save the file as UTF-8 "
            "(most editors: Save As → Encoding: UTF-8)"
        ) from None


def read_records(
    path: Path, label: str, delimiter: str, text: str | None = None
) -> tuple[list[list[str]], list[int]]:
    """Every non-blank record with the line it starts on (1-based, as an editor shows it);
    `text` is the file already decoded (from another encoding than UTF-8)."""
    text = decode(path, label) if text is None else text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    end = 0
    while True:
        start = end + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TuiNNError(f"{label}, row {start}: {_explain(str(exc))}") from None
        end = reader.line_num
        if any(cell.strip() for cell in record):
            records.append(record)
            lines.append(start)
    return records, lines



def _explain(message: str) -> str:
    """The csv module's complaint, said in terms of what to fix."""
    if "unexpected end of data" in message:
        return 'a quoted cell is never closed — add the closing " or remove the opening one'
    if "expected after" in message:
        return 'text follows a closing quote — put the whole cell in quotes, and write a quote inside it as ""'
    return f"the row cannot be read ({message}) — check its quotes and delimiters"
