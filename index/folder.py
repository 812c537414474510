"""The index folder on disk: its meta file, its health check, and the build-beside-then-swap of a rebuild.

The meta file (written atomically, last) records the schema version, the synced revisions and a fingerprint
(size + CRC of head and tail) of every index file. Whoosh reads many damaged files without complaint and
returns wrong results (a truncated sort column silently reorders hits), so state() compares the files with
their fingerprints before trusting them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, IndexVersionError

from papertui.index.schema import SCHEMA_VERSION, build_schema
from papertui.store.atomic import atomic_write_text, fsync_dir

INDEX_NAME = "MAIN"
META_NAME = "papertui-index.json"
_EDGE = 64 * 1024
"""Bytes read at each end of a file for its fingerprint: cheap at 100k papers; catches truncation, garbage."""
_BUILDING, _RETIRED = "building", "old"


@dataclass(frozen=True)
class Meta:
    schema_version: int = SCHEMA_VERSION
    catalog_rev: int = 0
    user_rev: int = 0
    files: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """File name → (size, CRC of its first and last _EDGE bytes)."""


class MetaError(Exception):
    """The meta file is missing or unreadable."""


def read_meta(folder: Path) -> Meta:
    try:
        raw = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
        files = {str(name): (int(size), int(crc)) for name, (size, crc) in raw.get("files", {}).items()}
        return Meta(int(raw["schema_version"]), int(raw["catalog_rev"]), int(raw["user_rev"]), files)
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise MetaError(f"{folder / META_NAME}: {exc}") from exc


def write_meta(folder: Path, meta: Meta) -> None:
    data = {
        "schema_version": meta.schema_version,
        "catalog_rev": meta.catalog_rev,
        "user_rev": meta.user_rev,
        "files": {name: list(value) for name, value in sorted(meta.files.items())},
    }
    atomic_write_text(folder / META_NAME, json.dumps(data, indent=1) + "\n")


def _fingerprint(path: Path) -> tuple[int, int]:
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        crc = zlib.crc32(fh.read(_EDGE))
        if size > _EDGE:
            fh.seek(max(_EDGE, size - _EDGE))
            crc = zlib.crc32(fh.read(_EDGE), crc)
    return size, crc


def _index_files(folder: Path) -> list[str]:
    # Whoosh's own files: segments and TOCs. Not the lock file, the meta file or atomic-write temp files.
    return sorted(
        entry.name
        for entry in os.scandir(folder)
        if entry.is_file()
        and entry.name.startswith((INDEX_NAME + "_", f"_{INDEX_NAME}_"))
        and not entry.name.endswith("WRITELOCK")
    )


Fingerprints = Mapping[str, tuple[int, int]]


def manifest(folder: Path, previous: Fingerprints | None = None) -> dict[str, tuple[int, int]]:
    """Fingerprints of the index files now in `folder`; segment files never change once written, so a file
    already in `previous` with the same size keeps its fingerprint (an update then reads only new files)."""
    known = previous or {}
    result: dict[str, tuple[int, int]] = {}
    for name in _index_files(folder):
        path = folder / name
        old = known.get(name)
        result[name] = old if old is not None and old[0] == path.stat().st_size else _fingerprint(path)
    return result


def open_index(folder: Path) -> windex.FileIndex:
    # Our schema is passed in rather than unpickled from the TOC: unpickling would tie old indexes to the
    # module layout of the code that wrote them.
    return windex.open_dir(str(folder), indexname=INDEX_NAME, schema=build_schema())


def create_index(folder: Path) -> windex.FileIndex:
    return windex.create_in(str(folder), build_schema(), indexname=INDEX_NAME)


def is_missing(folder: Path) -> bool:
    return not folder.is_dir() or not any(folder.iterdir())


_TOC_NAME = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")


def _generation(folder: Path) -> int:
    """The latest commit number (the newest TOC file), -1 when there is none."""
    try:
        names = os.listdir(folder)
    except OSError:
        return -1
    return max((int(m.group(1)) for name in names if (m := _TOC_NAME.match(name))), default=-1)


def check(folder: Path) -> str:
    """ "ok" | "missing" | "corrupt" | "old-version" for the index in `folder` (never raises)."""
    # A commit by another thread or process while we look (new TOC, old segment files deleted) can make a
    # sound index look broken: only trust a bad verdict when no commit happened meanwhile.
    for _attempt in range(3):
        generation = _generation(folder)
        state = _check_once(folder)
        if state == "ok" or _generation(folder) == generation:
            break
    return state


def _check_once(folder: Path) -> str:
    if is_missing(folder):
        return "missing"
    try:
        meta = read_meta(folder)
    except MetaError:
        return "corrupt"
    if meta.schema_version != SCHEMA_VERSION:
        return "old-version"
    try:
        return "ok" if _files_intact(folder, meta) and _readable(folder) else "corrupt"
    except IndexVersionError:
        return "old-version"
    except Exception:  # Whoosh fails on damaged files in many ways (OSError, struct.error, TypeError, ...)
        return "corrupt"


def _files_intact(folder: Path, meta: Meta) -> bool:
    storage = FileStorage(str(folder))
    toc = TOC.read(storage, INDEX_NAME, schema=build_schema())
    segments = [segment.segment_id() for segment in toc.segments]
    if not all((folder / f"{seg}{ext}").is_file() for seg in segments for ext in (".trm", ".pst")):
        return False
    prefixes = tuple(f"{seg}." for seg in segments)
    wanted = [f"_{INDEX_NAME}_{toc.generation}.toc"]
    wanted += [name for name in _index_files(folder) if name.startswith(prefixes)]
    for name in wanted:
        path = folder / name
        # A file the meta does not know yet was committed just before a crash stopped the meta write:
        # only reading it (below) can judge it.
        if name in meta.files and _fingerprint(path) != meta.files[name]:
            return False
    return True


def sizes_match(folder: Path) -> bool:
    """Every file of the current commit that the meta file knows has the recorded size: a cheap guard (a
    dozen stat calls) against truncated files when an index is opened, as state() is too slow to run then."""
    try:
        meta = read_meta(folder)
        toc = TOC.read(FileStorage(str(folder)), INDEX_NAME, schema=build_schema())
    except (MetaError, OSError):
        return True  # nothing to compare with; opening the index reports what is wrong
    prefixes = tuple(f"{segment.segment_id()}." for segment in toc.segments)
    for name in _index_files(folder):
        known = meta.files.get(name)
        if known is not None and name.startswith(prefixes) and (folder / name).stat().st_size != known[0]:
            return False
    return True


def _readable(folder: Path) -> bool:
    """Touch every kind of index data once: stored fields, lengths, terms, postings and sort columns."""
    ix = open_index(folder)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            count = reader.doc_count_all()
            if count == 0:
                return True
            for docnum in {0, count - 1}:
                if not reader.is_deleted(docnum):
                    reader.stored_fields(docnum)
            first_term = next(iter(reader.lexicon("title")), None)
            if first_term is not None:
                list(searcher.search(wq.Term("title", first_term), limit=3))
            for column in ("sort_date", "sort_upvotes", "sort_title"):
                if reader.has_column(column):
                    reader.column_reader(column)[count - 1]
        return True
    finally:
        ix.close()


def sibling(folder: Path, kind: str) -> Path:
    return folder.parent / f".{folder.name}.{kind}-{uuid.uuid4().hex[:12]}"


def remove_leftovers(folder: Path) -> None:
    """Half-built or retired folders that a crash left beside the index."""
    if not folder.parent.is_dir():
        return
    for kind in (_BUILDING, _RETIRED):
        for path in folder.parent.glob(f".{folder.name}.{kind}-*"):
            shutil.rmtree(path, ignore_errors=True)


def new_build_folder(folder: Path) -> Path:
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder)
    path = sibling(folder, _BUILDING)
    path.mkdir()
    return path


def fsync_files(folder: Path) -> None:
    """Make a finished build durable before it is swapped in (Whoosh itself never fsyncs)."""
    for entry in os.scandir(folder):
        if entry.is_file():
            fd = os.open(entry.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_dir(folder)


def swap_in(built: Path, folder: Path) -> None:
    """Replace `folder` by `built` with two renames. A crash between them leaves no index ("missing"),
    never a mix; the retired folder is deleted afterwards."""
    retired = sibling(folder, _RETIRED)
    if folder.exists():
        os.replace(folder, retired)
    os.replace(built, folder)
    fsync_dir(folder.parent)
    shutil.rmtree(retired, ignore_errors=True)


def discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(path)


def folder_identity(folder: Path) -> Any:
    """Changes when a rebuild (here or in another process) swaps a new folder in."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
