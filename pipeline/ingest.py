"""Read input files and folders into RawDocuments, reporting every bad input as a Reject.

Ingest never raises on bad data: a file or JSONL line that cannot become an article yields
a Reject that says exactly why, and every good input is still read. HTML pages are reduced
to their article text here (site chrome removed, one paragraph per line), so later stages
only ever see plain text.

Every string ingest hands on is valid Unicode without NUL, because the output tables (Parquet,
CSV) cannot hold anything else: text fields lose NULs and show a lone surrogate (a bad JSON
\\u escape) as U+FFFD; ids and paths, which must stay distinct, write them as escapes.

How bytes become text (`decode_bytes`), in order:
1. a byte-order mark names UTF-8, UTF-16 or UTF-32; without one, a regular pattern of NUL
   bytes (every second or three in four) is UTF-16 or UTF-32 text;
2. otherwise UTF-8, and each byte that is not part of valid UTF-8 is a cp1252 character
   (latin-1 for the five bytes cp1252 leaves undefined): legacy text (old Windows exports)
   reads as cp1252 (unless a run of its bytes happens to be valid UTF-8, which real cp1252
   text hardly ever has), and one bad byte in a UTF-8 file costs one character, not all of them.
   Not U+FFFD: it splits a token, so "2<bad byte>2 kasus" would read as 2 cases, and the bad
   byte in a UTF-8 file is most often a cp1252 quote or letter pasted in.
A file that is no text at all (a known binary format, or more than MAX_CONTROL_SHARE of its
characters NUL or control characters) is rejected as "not text".
"""
from __future__ import annotations

import hashlib

import codecs
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from pipeline.clean import markup_date
from pipeline.models import RawDocument, Reject

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
UTF8_BOM = b"\xef\xbb\xbf"
# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
BYTE_ORDER_MARKS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Where NUL bytes fall in UTF-16/32 text of Latin script, by byte position modulo 4.
NUL_POSITIONS = {"utf-32-le": (1, 2, 3), "utf-32-be": (0, 1, 2), "utf-16-le": (1, 3), "utf-16-be": (0, 2)}
NUL_PATTERN_SAMPLE_BYTES = 4096
LEGACY_BYTES = "pipeline.ingest.legacy-bytes"  # the codec error handler below
# Formats whose files are no text however they decode (a PDF is mostly ASCII, so only its
# signature tells).
MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"), (b"\x7fELF", "an ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (doc, xls)"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\x00asm", "a WebAssembly module"),
)
# NUL and the control characters no text uses (tab, line and page breaks are text). Not C1
# (U+0080-U+009F): latin-1 gives them for the bytes cp1252 leaves undefined, in legacy text.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.05
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
UNSAFE_IN_NAME = re.compile("[\x00\ud800-\udfff]")
OPTIONAL_JSONL_FIELDS = ("url", "title", "published", "source")

# Tags that never hold article text.
CHROME_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
               "iframe", "template", "svg", "button", "select"]
# A class or id token naming one of these marks site chrome (share bar, related links, ads...).
CHROME_NAME = re.compile(
    r"(?:^|[-_])(?:share|sharing|social|sosmed|baca-?juga|bacajuga|read-?also|related|terkait|"
    r"ads?|advert\w*|iklan|banner|tags?|comments?|komentar|breadcrumbs?|newsletter|subscribe|"
    r"footer|menu|navbar|sidebar|popular|terpopuler)(?:$|[-_])",
    re.IGNORECASE,
)
# Containers that are never dropped for their class name: they may hold the article itself.
PROTECTED_TAGS = {"html", "body", "article", "main"}
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
              "table", "tr", "td", "th", "blockquote", "section", "article", "main", "figure",
              "figcaption", "pre", "address", "hr", "br"}
PUBLISHED_META = [
    {"property": "article:published_time"},
    {"name": "article:published_time"},
    {"name": "pubdate"},
    {"name": "publishdate"},
    {"name": "publish-date"},
    {"itemprop": "datePublished"},
]
WHITESPACE = re.compile(r"\s+")
# No news article comes near this; a larger input is a data dump or an attack, and parsing it
# would stall the batch. Configurable: `python -m pipeline run --max-article-bytes N`.
MAX_ARTICLE_BYTES = 2_000_000
# JSONL exports are shared among workers in runs of this many lines: big enough that handing
# out a run costs little next to processing it, small enough to keep two workers busy.
JSONL_LINES_PER_UNIT = 200
_READ_BLOCK_BYTES = 1 << 20


def iter_inputs(paths: Sequence[str | Path],
                max_article_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[RawDocument | Reject]:
    """Yield one RawDocument per good article and one Reject per bad input, in a stable order."""
    for unit in plan_units(paths):
        if isinstance(unit, Reject):
            yield unit
        else:
            yield from read_unit(unit, max_article_bytes)


@dataclass(frozen=True)
class InputUnit:
    """A piece of input one worker reads on its own: a whole file, or a run of JSONL lines.

    Small and picklable, so a parent can hand units to worker processes or a cluster, which
    read the bytes themselves (only the path crosses the wire, never the text).
    """

    path: str
    start: int = 0  # byte offsets of a run of JSONL lines; end None: to the end of the file
    end: int | None = None
    first_line: int = 1  # 1-based number of the line at `start`, for rejects

    @property
    def source_path(self) -> str:
        """The path as the tables show it: a file name that is not UTF-8 with escapes."""
        return _valid_name(self.path)


class _InputsSeen:
    """Folders and files already planned, by identity (device, inode): a folder link back to an
    ancestor ends instead of looping, and a file reached twice (a link, a path given twice) is
    read once. Files cost one int each; folders keep their first path, to name it."""

    def __init__(self) -> None:
        self._folders: dict[tuple[int, int], Path] = {}
        self._files: set[int] = set()

    def folder_read_before(self, folder: Path) -> Path | None:
        """Where this folder was first reached, or None (and it is remembered) when it is new."""
        identity = _identity(folder)
        if identity is None:
            return None
        first = self._folders.setdefault(identity, folder)
        return None if first is folder else first

    def file_read_before(self, path: Path) -> bool:
        """Whether this file was planned before; if not, it is remembered now."""
        identity = _identity(path)
        if identity is None:
            return False
        key = identity[0] << 64 | identity[1]
        if key in self._files:
            return True
        self._files.add(key)
        return False


def _identity(path: Path) -> tuple[int, int] | None:
    """Device and inode after following links; None when it cannot be read (reading will say why)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def plan_units(paths: Sequence[str | Path]) -> Iterator[InputUnit | Reject]:
    """Every file under the given paths as units of work, in a stable order, without reading texts.

    A JSONL file is cut into runs of JSONL_LINES_PER_UNIT lines, so one large export is still
    shared among workers; a path that cannot be read yields a Reject instead. Folder links are
    followed; a folder or file reached again (through a link, or given twice) is read the first
    time only, and each later time is a Reject.
    """
    seen = _InputsSeen()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _plan_folder(path, seen)
        elif path.is_file():
            yield from _plan_file(path, seen)
        elif path.exists() or path.is_symlink():
            yield _path_reject(path, "not a regular file or folder")
        else:
            yield _path_reject(path, "path does not exist")


def _plan_folder(folder: Path, seen: _InputsSeen) -> Iterator[InputUnit | Reject]:
    """Walk a folder recursively in sorted order, skipping hidden files and folders."""
    if repeated := _repeated_folder(folder, seen):
        yield repeated
        return
    walk_errors: list[OSError] = []
    for root, dirnames, filenames in os.walk(folder, onerror=walk_errors.append, followlinks=True):
        yield from (_folder_reject(error) for error in walk_errors)
        walk_errors.clear()
        new_folders = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if repeated := _repeated_folder(Path(root) / name, seen):
                yield repeated
            else:
                new_folders.append(name)
        dirnames[:] = new_folders  # os.walk descends into these only
        for name in sorted(filenames):
            path = Path(root) / name
            if name.startswith("."):
                continue
            if path.is_file():
                yield from _plan_file(path, seen)
            else:  # a FIFO or socket would block or fail on read
                yield _path_reject(path, "not a regular file or folder")
    yield from (_folder_reject(error) for error in walk_errors)


def _repeated_folder(folder: Path, seen: _InputsSeen) -> Reject | None:
    """A Reject when the folder was reached before: through a link, or a link back to an ancestor."""
    first = seen.folder_read_before(folder)
    return _path_reject(folder, f"folder already read as {_valid_name(str(first))}") if first else None


def _plan_file(path: Path, seen: _InputsSeen) -> Iterator[InputUnit | Reject]:
    if seen.file_read_before(path):
        yield _path_reject(path, "file already read through another path")
    elif path.suffix.lower() not in JSONL_SUFFIXES:
        yield InputUnit(str(path))
    else:
        try:
            yield from _jsonl_runs(path)
        except OSError as error:
            yield _path_reject(path, f"cannot read file: {error.strerror or error}", with_id=True)


def _jsonl_runs(path: Path) -> Iterator[InputUnit | Reject]:
    """Runs of JSONL_LINES_PER_UNIT lines, found by counting newlines block by block; a file of
    blank lines only is one Reject."""
    start, line_no, lines_in_run, offset = 0, 1, 0, 0
    has_content = False
    with path.open("rb") as handle:
        while block := handle.read(_READ_BLOCK_BYTES):
            has_content = has_content or not _is_blank(block.replace(UTF8_BOM, b""))
            newline = block.find(b"\n")
            while newline != -1:
                lines_in_run += 1
                if lines_in_run == JSONL_LINES_PER_UNIT:
                    end = offset + newline + 1
                    yield InputUnit(str(path), start, end, line_no)
                    start, line_no, lines_in_run = end, line_no + lines_in_run, 0
                newline = block.find(b"\n", newline + 1)
            offset += len(block)
    if not has_content:
        yield _path_reject(path, "empty JSONL file", with_id=True)
    elif offset > start:
        yield InputUnit(str(path), start, None, line_no)


def _is_blank(data: bytes) -> bool:
    """Only ASCII whitespace: a JSONL line like this is no input (bytes.strip() without a copy)."""
    return not data or data.isspace()


def _folder_reject(error: OSError) -> Reject:
    return _path_reject(str(error.filename), f"cannot read folder: {error.strerror or error}")


def _path_reject(path: str | Path, reason: str, with_id: bool = False) -> Reject:
    """A whole file or folder as a Reject; `with_id`: named by the article_id its article would have."""
    return Reject(_valid_name(str(path)), reason, article_id=_file_article_id(Path(path)) if with_id else None)


def _file_article_id(path: Path) -> str:
    return _valid_name(path.stem)


def _valid_name(name: str) -> str:
    """An id or path as valid Unicode without NUL, distinct names kept distinct: NUL and lone
    surrogates (a file-name byte that is not UTF-8, 0xE9, arrives as U+DCE9) become escapes."""
    return UNSAFE_IN_NAME.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), name)


def _valid_text(text: str) -> str:
    """A text field as valid Unicode without NUL: NULs dropped (never content, and C tools end a
    string there), lone surrogates (from bad JSON \\u escapes) as U+FFFD."""
    text = text.replace("\x00", "")
    return text if text.isascii() else LONE_SURROGATE.sub("\ufffd", text)


def _too_large(size: int, limit: int) -> str:
    return f"article too large: {size} bytes, the limit is {limit}"


def read_unit(unit: InputUnit, max_article_bytes: int = MAX_ARTICLE_BYTES, data: bytes | None = None,
              unparsed_lines: bool = False) -> Iterator[RawDocument | Reject | JsonlLine]:
    """The articles of one unit, each bad file or line a Reject with its reason; `data`: a whole
    file's bytes when the caller has read them already (read_whole_file); `unparsed_lines`: JSONL
    lines as JsonlLines, parsed by the caller when it must (JsonlLine.read)."""
    path = Path(unit.path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
        yield _path_reject(path, f"unsupported file type {suffix or '(no extension)'}")
        return
    try:
        if suffix in JSONL_SUFFIXES:
            data = _read_range(path, unit.start, unit.end)
        elif data is None:
            if (size := path.stat().st_size) > max_article_bytes:
                yield _path_reject(path, _too_large(size, max_article_bytes), with_id=True)
                return
            data = path.read_bytes()
    except OSError as error:
        yield _path_reject(path, f"cannot read file: {error.strerror or error}", with_id=True)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(unit, data, max_article_bytes, unparsed_lines)
        return
    content = decode_bytes(data)
    article_id = _file_article_id(path)
    if problem := _not_text_reason(data, content):
        yield _path_reject(path, problem, with_id=True)
    elif suffix in HTML_SUFFIXES:
        yield _document_from_html(article_id, unit.source_path, _valid_text(content))
    elif not content.strip():
        yield _path_reject(path, "empty article text", with_id=True)
    else:
        yield RawDocument(article_id=article_id, source_path=unit.source_path, text=_valid_text(content))


# A file changed this recently may change again within the same timestamp tick after it was
# read, unseen by its stamp: such a file gets no stamp and is hashed again next time.
STAMP_SETTLE_SECONDS = 2.0


def file_stamp(unit: InputUnit, max_article_bytes: int = MAX_ARTICLE_BYTES) -> str | None:
    """What a rerun compares before reading a whole file: size, modification and change time (ns)
    and inode. Any write changes the change time, which no tool sets back (unlike mtime: `touch
    -r`, rsync, archives), and replacing a file changes its inode. None for a JSONL run, a file
    that cannot be read or is too large (read_unit rejects it), or one changed in the last
    STAMP_SETTLE_SECONDS (it is then hashed)."""
    if Path(unit.path).suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return None
    try:
        status = os.stat(unit.path)
    except OSError:
        return None
    if status.st_size > max_article_bytes or \
            time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < STAMP_SETTLE_SECONDS * 1e9:
        return None
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}"


def read_whole_file(unit: InputUnit, max_article_bytes: int = MAX_ARTICLE_BYTES) -> tuple[str, bytes] | None:
    """A whole-file unit's bytes and an identity of them (its path as the tables show it, and its
    bytes) that a rerun can look up before parsing the file; None for a JSONL run, or a file that is
    no article of the allowed size (read_unit reads, and rejects, those as usual)."""
    path = Path(unit.path)
    if path.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return None
    try:
        if path.stat().st_size > max_article_bytes:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(unit.source_path.encode("utf-8", "surrogatepass") + b"\0" + data)
    return "file:" + digest.hexdigest(), data


def _read_range(path: Path, start: int, end: int | None) -> bytes:
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read() if end is None else handle.read(end - start)


def decode_bytes(data: bytes) -> str:
    """The bytes as text, never failing, by the rule in the module docstring."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data[len(mark):].decode(encoding, errors="replace")
    if encoding := _nul_pattern_encoding(data[:NUL_PATTERN_SAMPLE_BYTES]):
        return data.decode(encoding, errors="replace")
    return data.decode("utf-8-sig", errors=LEGACY_BYTES)


def _legacy_character(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # latin-1


_LEGACY_CHARACTERS = tuple(map(_legacy_character, range(256)))


def _bytes_as_legacy_text(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes that are not UTF-8 as cp1252 characters, then UTF-8 goes on."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(_LEGACY_CHARACTERS[byte] for byte in error.object[error.start:error.end]), error.end


codecs.register_error(LEGACY_BYTES, _bytes_as_legacy_text)


def _nul_pattern_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where its NUL bytes fall: Latin
    script has a NUL high byte in (almost) every character, and never a NUL low byte."""
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:  # one-byte encodings have (almost) none
        return None
    nul_shares = [sample[position::4].count(0) / len(sample[position::4]) for position in range(4)]
    return next((encoding for encoding, positions in NUL_POSITIONS.items()
                 if all(nul_shares[n] > 0.7 if n in positions else nul_shares[n] < 0.1 for n in range(4))),
                None)


def _not_text_reason(data: bytes, text: str) -> str | None:
    """Why a file is no article text at all (a known binary format, too many control
    characters), or None. Decoding never fails, so this is what catches binaries."""
    kind = next((kind for magic, kind in MAGIC_NUMBERS if data.startswith(magic)), None)
    if kind:
        return f"not text: {kind}"
    share = len(CONTROL_CHARACTER.findall(text)) / len(text) if text else 0.0
    if share > MAX_CONTROL_SHARE:
        return f"not text: {share:.0%} of its characters are NUL or control characters"
    return None


@dataclass(frozen=True)
class JsonlLine:
    """One JSONL line, not parsed yet: a rerun finds a line it knows by its key and parses only
    the others."""

    source_path: str
    line_no: int
    raw: bytes

    @property
    def key(self) -> str:
        """An identity of what the line gives: its file's path as the tables show it, and its bytes."""
        digest = hashlib.sha256(self.source_path.encode("utf-8", "surrogatepass") + b"\0" + self.raw)
        return "line:" + digest.hexdigest()

    def read(self) -> RawDocument | Reject:
        return _json_line_outcome(self.source_path, self.line_no, decode_bytes(self.raw))


def _read_jsonl(unit: InputUnit, data: bytes, max_article_bytes: int,
                unparsed: bool = False) -> Iterator[RawDocument | Reject | JsonlLine]:
    """JSONL lines end at "\n" only (as the format says), each decoded on its own; `unparsed`:
    each line that fits the limit as a JsonlLine, for the caller to parse."""
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    for line_no, raw_line in enumerate(lines, unit.first_line):
        if len(raw_line) > max_article_bytes:
            yield Reject(unit.source_path, f"line {line_no}: {_too_large(len(raw_line), max_article_bytes)}",
                         line=line_no)
        elif not _is_blank(raw_line.removeprefix(UTF8_BOM)):
            line = JsonlLine(unit.source_path, line_no, raw_line)
            yield line if unparsed else line.read()


def _json_line_outcome(source_path: str, line_no: int, line: str) -> RawDocument | Reject:
    try:
        return _document_from_json_line(source_path, line_no, line)
    except Exception as error:  # noqa: BLE001 — a bug or an input nobody foresaw costs this line, not its unit
        return Reject(source_path, f"line {line_no}: failed: {type(error).__name__}: {error}", line=line_no)


def _document_from_json_line(source_path: str, line_no: int, line: str) -> RawDocument | Reject:
    def reject(reason: str, article_id: str | None = None) -> Reject:
        return Reject(source_path, f"line {line_no}: {reason}", article_id=article_id, line=line_no)

    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return reject(f"invalid JSON: {error.msg}")
    except RecursionError:
        return reject("JSON nested too deeply to read")
    if not isinstance(item, dict):
        return reject(f"expected a JSON object, got {type(item).__name__}")
    if "id" not in item:
        return reject("missing 'id'")
    article_id = item["id"]
    if not isinstance(article_id, str):
        return reject(f"'id' must be a string, got {type(article_id).__name__}")
    if not article_id.strip():
        return reject("empty 'id'")
    article_id = _valid_name(article_id.strip())
    optional = {name: _optional_string(item.get(name)) for name in OPTIONAL_JSONL_FIELDS}

    body_field = "text" if item.get("text") is not None else "html"
    body = item.get(body_field)
    if body is None:
        return reject("missing 'text' or 'html'", article_id)
    if not isinstance(body, str):
        return reject(f"'{body_field}' must be a string, got {type(body).__name__}", article_id)
    body = _valid_text(body)
    if body_field == "text":
        if not body.strip():
            return reject("empty article text", article_id)
        return RawDocument(article_id=article_id, source_path=source_path, text=body, **optional)

    page = _document_from_html(article_id, source_path, body)
    if isinstance(page, Reject):
        return reject(page.reason, article_id)
    # Fields given on the JSONL line win over what the page's head says.
    merged = {name: optional[name] or getattr(page, name) for name in OPTIONAL_JSONL_FIELDS}
    return RawDocument(article_id=article_id, source_path=source_path, text=page.text, **merged)


def _optional_string(value: object) -> str | None:
    """A metadata field as a stripped string; anything else (null, numbers) counts as absent."""
    return _valid_text(value).strip() or None if isinstance(value, str) else None


def _document_from_html(article_id: str, source_path: str, html: str) -> RawDocument | Reject:
    soup = BeautifulSoup(html, "lxml")
    title, url, published, source = _head_metadata(soup)
    text = html_to_text(soup)
    if not text:
        return Reject(source_path, "no article text found in HTML", article_id=article_id)
    # The head's usual tags first; htmldate knows the rarer conventions (clean.markup_date).
    return RawDocument(article_id=article_id, source_path=source_path, text=text, title=title,
                       url=url, published=published or markup_date(html, url), source=source)


def _head_metadata(soup: BeautifulSoup) -> tuple[str | None, str | None, str | None, str | None]:
    """Title, canonical URL, raw published string and outlet name, read before chrome is dropped."""
    first_h1 = _clean_inline(soup.h1.get_text(" ")) if soup.h1 else None
    title = _meta_content(soup, {"property": "og:title"})
    if not title and soup.title:
        page_title = _clean_inline(soup.title.get_text(" "))
        # "<headline> - <site name>": the h1 is the headline without the site suffix.
        title = first_h1 if first_h1 and page_title.startswith(first_h1) else page_title
    title = title or first_h1

    canonical = soup.find("link", rel="canonical", href=True)
    url = (_clean_inline(canonical["href"]) if canonical else None) or \
        _meta_content(soup, {"property": "og:url"})

    published = next((value for attrs in PUBLISHED_META if (value := _meta_content(soup, attrs))), None)
    if not published:
        stamp = soup.find("time", attrs={"itemprop": "datePublished"}) or \
            (soup.article.find("time", datetime=True) if soup.article else None)
        if stamp:
            published = _clean_inline(stamp.get("datetime") or stamp.get_text(" ")) or None

    source = _meta_content(soup, {"property": "og:site_name"})
    return title or None, url or None, published, source


def _meta_content(soup: BeautifulSoup, attrs: dict[str, str]) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    if tag is None:
        return None
    return _clean_inline(str(tag.get("content") or "")) or None


def html_to_text(soup: BeautifulSoup) -> str:
    """The article's text without site chrome, one paragraph per line."""
    for tag in soup.find_all(CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_chrome_by_name):
        if not tag.decomposed:
            tag.decompose()
    body = soup.body or soup
    root = _article_root(body)
    text = _block_text(root)
    return text or (_block_text(body) if root is not body else "")


def _is_chrome_by_name(tag: Tag) -> bool:
    if tag.name in PROTECTED_TAGS or tag.attrs is None:
        return False
    names = [*tag.get("class", []), tag.get("id") or ""]
    return any(CHROME_NAME.search(name) for name in names if isinstance(name, str))


def _article_root(body: Tag) -> Tag:
    """The <article> (or <main>) holding most paragraph text, else the parent of most <p> text."""
    for container in ("article", "main"):
        candidates = body.find_all(container)
        if candidates:
            return max(candidates, key=_paragraph_chars)
    text_by_parent: dict[int, tuple[Tag, int]] = {}
    for paragraph in body.find_all("p"):
        parent = paragraph.parent
        if isinstance(parent, Tag):
            _, chars = text_by_parent.get(id(parent), (parent, 0))
            text_by_parent[id(parent)] = (parent, chars + len(paragraph.get_text(strip=True)))
    if not text_by_parent:
        return body
    return max(text_by_parent.values(), key=lambda entry: entry[1])[0]


def _paragraph_chars(tag: Tag) -> int:
    return sum(len(p.get_text(strip=True)) for p in tag.find_all("p"))


def _block_text(root: Tag) -> str:
    pieces: list[str] = []
    _collect_text(root, pieces)
    lines = (_clean_inline(line) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect_text(root: Tag, pieces: list[str]) -> None:
    """Depth first with a stack, not recursion: a page may nest tags thousands deep."""
    stack: list[tuple[Iterator[object], bool]] = [(iter(root.children), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                pieces.append("\n")
        elif isinstance(child, Tag):
            child_is_block = child.name in BLOCK_TAGS
            if child_is_block:
                pieces.append("\n")
            stack.append((iter(child.children), child_is_block))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            # Source newlines inside a paragraph are layout, not paragraph breaks.
            pieces.append(WHITESPACE.sub(" ", str(child)))


def _clean_inline(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()
