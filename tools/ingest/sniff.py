"""Look at the first bytes of a source to decide format, encoding, delimiter and header; never guess silently."""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pandian.errors import SourceError

HEAD_BYTES = 1 << 20
SAMPLE_ROWS = 500
TEXT_EXTS = {".csv", ".tsv", ".txt", ".dat", ".psv", ".tab", ""}
JSON_EXTS = {".json", ".jsonl", ".ndjson"}
BINARY_MAGIC = {
    b"\x89PNG": "PNG image", b"%PDF": "PDF document", b"\x7fELF": "executable (ELF)", b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image", b"SQLite format 3": "SQLite database", b"BZh": "bzip2 archive", b"\xfd7zXZ": "xz archive",
    b"7z\xbc\xaf": "7-Zip archive", b"Rar!": "RAR archive", b"\xd0\xcf\x11\xe0": "legacy Office file (.xls/.doc)",
}
DELIMS = [",", "\t", ";", "|"]
WHITESPACE = "whitespace"


@dataclass
class FileFormat:
    kind: str  # csv | json | parquet | excel | zip
    compression: str | None = None  # gzip
    warnings: list[str] = field(default_factory=list)


@dataclass
class CsvDialect:
    encoding: str
    delimiter: str  # one character, or WHITESPACE for runs of blanks
    header: bool
    names: list[str]
    unnamed: list[bool]
    has_nul: bool = False
    quote: str = '"'
    warnings: list[str] = field(default_factory=list)

    @property
    def needs_transcode(self) -> bool:
        return self.encoding not in ("utf-8", "utf-8-sig", "ascii") or self.delimiter == WHITESPACE or self.has_nul


def strip_compression_suffix(path: Path) -> tuple[str, str]:
    """('UserBehavior', '.csv') for UserBehavior.csv.gz."""
    name = path.name
    for suf in (".gz", ".gzip"):
        if name.lower().endswith(suf):
            name = name[: -len(suf)]
    p = Path(name)
    return p.stem, p.suffix.lower()


def read_head(path: Path, compression: str | None, n: int = HEAD_BYTES) -> bytes:
    try:
        if compression == "gzip":
            with gzip.open(path, "rb") as fh:
                return fh.read(n)
        with open(path, "rb") as fh:
            return fh.read(n)
    except (OSError, EOFError) as exc:
        raise SourceError(f"cannot read file: {exc}", source=str(path)) from exc


def detect_format(path: Path) -> FileFormat:
    """Trust the bytes over the extension; a mislabeled file is read as what it is, with a warning."""
    if not path.exists():
        raise SourceError("path does not exist", source=str(path))
    if path.stat().st_size == 0:
        raise SourceError("empty file (0 bytes)", source=str(path), hint="nothing to ingest")
    with open(path, "rb") as fh:
        magic = fh.read(16)
    _, ext = strip_compression_suffix(path)
    fmt = FileFormat(kind="csv")
    if magic.startswith(b"\x1f\x8b"):
        fmt.compression = "gzip"
        magic = read_head(path, "gzip", 16)
        if not magic:
            raise SourceError("empty file (gzip holds no data)", source=str(path))
    if magic.startswith(b"PK\x03\x04") or magic.startswith(b"PK\x05\x06"):
        if fmt.compression:
            raise SourceError("a zip archive inside gzip is not supported", source=str(path))
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile as exc:
            raise SourceError(f"corrupt zip file: {exc}", source=str(path)) from exc
        fmt.kind = "excel" if any(n.startswith("xl/") for n in names) else "zip"
    elif magic.startswith(b"PAR1"):
        fmt.kind = "parquet"
    else:
        for sig, what in BINARY_MAGIC.items():
            if magic.startswith(sig):
                raise SourceError(f"binary file ({what}), not a tabular source", source=str(path),
                                  hint="pandian reads CSV/TSV/TXT, JSON/JSONL, Parquet, Excel .xlsx and gzip/zip of these")
        head = read_head(path, fmt.compression, 64 * 1024)
        if _looks_binary(head):
            raise SourceError("binary or unreadable file: too many control bytes for text", source=str(path),
                              hint="is the extension wrong? pandian reads CSV/TSV/TXT, JSON, Parquet, .xlsx")
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped[:1] in (b"{", b"[") and ext not in (".csv", ".tsv", ".psv"):
            fmt.kind = "json"
        elif ext in JSON_EXTS:
            fmt.kind = "json"
    expected = {"csv": TEXT_EXTS, "json": JSON_EXTS | TEXT_EXTS, "parquet": {".parquet", ".pq"},
                "excel": {".xlsx", ".xlsm"}, "zip": {".zip"}}[fmt.kind]
    if ext and ext not in expected:
        fmt.warnings.append(f"extension {ext!r} does not match its content; read as {fmt.kind}")
    return fmt


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    sample = head[:65536]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > 0.10


def detect_encoding(head: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or GB18030 (a superset of GBK/GB2312); anything else is refused."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    body = head
    bad_at: int | None = None
    for cut in range(0, 4):  # a multi-byte character may be split at the end of the sample
        try:
            (body[: len(body) - cut] if cut else body).decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError as exc:
            if exc.start < len(body) - 4:
                bad_at = exc.start
                break
    try:
        if _plausible_text(_decode_tolerant_tail(head, "gb18030")):
            return "gb18030"
    except UnicodeDecodeError:
        pass
    if bad_at is not None and bad_at >= 64 and any(b >= 0x80 for b in head[:bad_at]) \
            and _plausible_text(head[:bad_at].decode("utf-8", errors="ignore")):
        # multi-byte UTF-8 text up to one point: say where it breaks (GBK rows pasted into a UTF-8 file)
        line = head[:bad_at].count(b"\n") + 1
        raise SourceError(f"not valid UTF-8 from line {line} on (byte {bad_at:,}), though the lines before are: "
                          "the file mixes text encodings", source=source, line=line,
                          hint="re-export the whole file in one encoding (UTF-8)")
    raise SourceError("unknown text encoding (not UTF-8, GBK/GB18030 or UTF-16)", source=source,
                      hint="re-export the file as UTF-8")


def _plausible_text(text: str) -> bool:
    """GB18030 decodes almost any bytes; real text is ASCII, common CJK and CJK punctuation."""
    if not text:
        return False
    ok = sum(1 for ch in text if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
             or "\uff00" <= ch <= "\uffef" or ch in "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026")
    return ok / len(text) >= 0.97


def _decode_tolerant_tail(data: bytes, encoding: str) -> str:
    for cut in range(0, 4):
        try:
            return (data[: len(data) - cut] if cut else data).decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 4:
                raise
    return data.decode(encoding)


def decode_head(head: bytes, encoding: str) -> str:
    text = _decode_tolerant_tail(head, "utf-8" if encoding == "utf-8-sig" else encoding)
    return text.lstrip("\ufeff")


def _complete_lines(text: str, truncated: bool) -> list[str]:
    lines = text.splitlines()
    if truncated and lines and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    return [ln for ln in lines[: SAMPLE_ROWS * 2]]


def sniff_delimiter(lines: list[str]) -> str:
    """Pick the delimiter whose field count is most consistent; runs of blanks count as one (fixed-width-ish).

    A delimiter that splits the rows but not the first line (the header) is believed only when no other
    reading fits: a one-column file whose values contain `;` is one column, not a file of rejected rows.
    """
    nonempty = [ln for ln in lines if ln.strip()][:SAMPLE_ROWS]
    if not nonempty:
        return ","
    best: tuple[float, int, int, str] | None = None
    best_any: tuple[float, int, int, str] | None = None
    single_column = False
    for prio, d in enumerate(DELIMS):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(nonempty)), delimiter=d)]
        except csv.Error:  # e.g. a field over csv's size limit: this delimiter does not split the file
            continue
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if d == "," and len(counts) == len(nonempty) and set(counts) == {1}:
            single_column = True
        if mode < 2:
            continue
        key = (freq / len(counts), mode, -prio, d)
        if best_any is None or key[:3] > best_any[:3]:
            best_any = key
        if counts[0] == mode and (best is None or key[:3] > best[:3]):
            best = key
    ws_counts = [len(ln.split()) for ln in nonempty]
    ws_mode, ws_freq = Counter(ws_counts).most_common(1)[0]
    ws_consistency = ws_freq / len(ws_counts)
    if best is not None and best[0] >= 0.9:
        return best[3]
    if ws_mode >= 2 and ws_consistency >= 0.9 and ws_counts[0] == ws_mode:
        return WHITESPACE
    if single_column:
        return ","
    if best_any is not None and best_any[0] >= 0.9:
        return best_any[3]
    if ws_mode >= 2 and ws_consistency >= 0.9:
        return WHITESPACE
    if best is not None:
        return best[3]
    if best_any is not None:
        return best_any[3]
    return ","


def split_below_first(lines: list[str]) -> tuple[str, int] | None:
    """A delimiter that splits every line but the first into the same number (>= 2) of fields, with that
    number: line 1 is then either a one-column header over values holding the delimiter, or a title above a
    delimited table. Both read as one column; the user is told which other reading there was."""
    rest = [ln for ln in lines if ln.strip()][1:SAMPLE_ROWS]
    if not rest:
        return None
    for d in DELIMS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(rest)), delimiter=d)]
        except csv.Error:
            continue
        mode, freq = Counter(counts).most_common(1)[0] if counts else (0, 0)
        if mode >= 2 and freq / len(counts) >= 0.9:
            return d, mode
    return None


def split_rows(lines: list[str], delimiter: str) -> list[list[str]]:
    nonempty = [ln for ln in lines if ln.strip()][:SAMPLE_ROWS]
    if delimiter == WHITESPACE:
        return [ln.split() for ln in nonempty]
    try:
        return list(csv.reader(io.StringIO("\n".join(nonempty)), delimiter=delimiter))
    except csv.Error as exc:
        raise SourceError(f"cannot split the first lines into fields: {exc}",
                          hint="check the delimiter and quoting; a field over 128 KiB is refused") from exc


_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}")
_IDENT = re.compile(r"^[A-Za-z_\u3400-\u9fff][\w\u3400-\u9fff .()/%#&+-]{0,63}$")


def value_kind(v: str) -> str:
    v = v.strip()
    if not v:
        return "empty"
    if _INT.match(v):
        return "int"
    if _FLOAT.match(v):
        return "float"
    if _DATE.match(v):
        return "date"
    return "text"


def detect_header(rows: list[list[str]]) -> bool:
    """Does the first row name the columns? Compare its cells with the kinds of value below them."""
    if not rows:
        return False
    first, body = rows[0], rows[1:]
    if not body:
        return all(value_kind(v) == "text" for v in first if v.strip())
    if len(set(v.strip() for v in first if v.strip())) < len([v for v in first if v.strip()]):
        # repeated values in the first row are rare in a header
        dup_penalty = 1.0
    else:
        dup_penalty = 0.0
    score = -dup_penalty
    for j, v in enumerate(first):
        col = [r[j] for r in body if j < len(r) and r[j].strip()]
        if not col:
            continue
        kinds = Counter(value_kind(x) for x in col)
        dominant = kinds.most_common(1)[0][0]
        k0 = value_kind(v)
        if k0 == "empty":
            score -= 0.25
        elif dominant in ("int", "float", "date") and k0 == "text":
            score += 2
        elif k0 == dominant:
            if k0 != "text":
                score -= 2
            elif v.strip() in {x.strip() for x in col}:
                score -= 1
            elif _IDENT.match(v.strip()):
                lens = sorted(len(x) for x in col)
                median = lens[len(lens) // 2]
                score += 0.5 if len(v) <= max(median, 12) else 0.1
        elif k0 in ("int", "float") and dominant in ("int", "float"):
            score -= 2
    return score >= 0


def normalize_columns(raw: list[str], header: bool, width: int) -> tuple[list[str], list[bool], list[str]]:
    """Keep header text (Chinese included) but make names non-empty and unique; say what was changed."""
    warnings: list[str] = []
    names: list[str] = []
    unnamed: list[bool] = []
    seen: dict[str, int] = {}
    for i in range(width):
        name = raw[i].strip().replace("\x00", "") if header and i < len(raw) else ""
        is_unnamed = not name
        if is_unnamed:
            name = f"col_{i + 1}"
            if header:
                warnings.append(f"column {i + 1} has an empty name; named {name}")
        if name == "_row_id":
            name = "_row_id_src"
            warnings.append("a source column named _row_id was renamed _row_id_src")
        base, k = name, seen.get(name.lower(), 0)
        while name.lower() in seen:
            k += 1
            name = f"{base}_{k + 1}"
        if name != base:
            warnings.append(f"duplicate column name {base!r}; renamed to {name!r}")
        seen[base.lower()] = k
        seen[name.lower()] = 0
        names.append(name[:120])
        unnamed.append(is_unnamed)
    return names, unnamed, warnings


def sniff_csv(path: Path, compression: str | None) -> CsvDialect:
    head = read_head(path, compression)
    truncated = len(head) >= HEAD_BYTES
    source = str(path)
    encoding = detect_encoding(head, source)
    has_nul = b"\x00" in head
    try:
        text = decode_head(head.replace(b"\x00", b""), encoding)
    except UnicodeDecodeError as exc:  # a byte-order mark over bytes that are not that encoding
        line = head[: exc.start].count(b"\n") + 1
        raise SourceError(f"starts like {encoding} text but is not valid {encoding} (line {line})", source=source,
                          line=line, hint="re-export the file as UTF-8") from exc
    lines = _complete_lines(text, truncated)
    if not any(ln.strip() for ln in lines):
        if truncated and text.strip():
            raise SourceError(f"the first line is longer than {HEAD_BYTES // 1024} KiB: far more columns than a "
                              "table holds, or not a line-oriented text file", source=source, line=1,
                              hint="split the file, or check that it is CSV/TSV")
        raise SourceError("file holds no data (only blank lines)", source=source)
    delimiter = sniff_delimiter(lines)
    rows = split_rows(lines, delimiter)
    header = detect_header(rows)
    widths = Counter(len(r) for r in rows)
    width = widths.most_common(1)[0][0]
    if header:
        width = len(rows[0])
    names, unnamed, warnings = normalize_columns(rows[0] if header else [], header, width)
    other = split_below_first(lines) if width == 1 else None
    if other is not None:
        warnings.append(f"read as one column: line 1 has no {other[0]!r}, but the lines below split on it into "
                        f"{other[1]} fields; if line 1 is a title above the table, remove it and scan again")
    if header and len(rows) == 1 and not truncated:
        raise SourceError("header only: the file names its columns but holds no data rows", source=source, line=1)
    if has_nul:
        warnings.append("NUL bytes found and removed")
    return CsvDialect(encoding=encoding, delimiter=delimiter, header=header, names=names, unnamed=unnamed,
                      has_nul=has_nul, warnings=warnings)
