"""How ssc writes files and where it keeps its caches.

**Every file ssc writes** (a module from ``ssc compile -o``, an expected
output from ``ssc test --update``, a cache entry) goes through
:func:`atomic_write`: the bytes go to a new temporary file in the same
folder, are flushed to disk, and the temporary file is renamed over the
target. A reader sees the old file or the new one, never part of one; if
the write fails (a full disk), the old file is intact and the temporary
file is removed::

    atomic_write(Path("filter.wasm"), wasm)

**The cache directory** is ``$SSC_CACHE_DIR``, else ``$XDG_CACHE_HOME/ssc``,
else ``~/.cache/ssc``. :func:`private_cache_dir` creates it owner-only
(mode 0700) and uses it only if it is a directory owned by this user that
nobody else can write; otherwise it returns None, says why once on stderr,
and the caller works without a cache. Nothing read from the cache is
trusted blindly: each entry is checked (a checksum or a hash) before use,
and rebuilt when the check fails.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

__all__ = ["CACHE_ENV", "atomic_write", "cache_dir", "checked_entry", "note_unwritable", "private_cache_dir",
           "private_dir", "store_entry"]

#: The environment variable that moves the cache.
CACHE_ENV = "SSC_CACHE_DIR"

#: What this process has already said about an unusable cache folder (said once each).
_REPORTED: set[str] = set()


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, private: bool = False) -> Path:
    """Replace ``path`` with ``data`` (str is written as UTF-8) at once; return the path.

    The temporary file is ``.NAME.<random>.tmp`` beside ``path``, created
    new (never following a planted file or link) with the usual permissions
    (0666 less the umask; 0600 if ``private``). Raises ``OSError`` when the
    write fails, after removing the temporary file: ``path`` is as it was.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temporary = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, 0o600 if private else 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return target


def cache_dir() -> Path:
    """Where ssc's caches live (not created here): ``$SSC_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/ssc``, else ``~/.cache/ssc``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ssc"


def private_cache_dir(*parts: str) -> Path | None:
    """``cache_dir() / parts``, created owner-only; None (said once on stderr) if unusable."""
    root = private_dir(cache_dir())
    if root is None or not parts:
        return root
    return private_dir(root.joinpath(*parts))


def private_dir(path: Path) -> Path | None:
    """``path`` as a folder that only this user can write (created with mode 0700), or None.

    An existing folder (or a symbolic link of this user's to one) must be
    owned by this user, and is refused if others may write to it; one that
    others may only read is narrowed to 0700. None when it cannot be
    created, is not a folder (e.g. a file) or is refused: the reason is
    printed once on stderr, and the caller goes on without a cache. A folder
    that is only read-only is returned: its entries can still be read (and
    checked), and writing them fails as :func:`note_unwritable` says.
    """
    try:
        try:
            os.makedirs(path.parent, exist_ok=True)
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        link = os.lstat(path)
        info = os.stat(path)
    except OSError as err:
        _unusable(path, err.strerror or str(err))
        return None
    if not stat.S_ISDIR(info.st_mode):
        _unusable(path, "it is not a directory")
        return None
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid() or link.st_uid != os.getuid():
            _unusable(path, "it belongs to another user")
            return None
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            _unusable(path, "other users can write to it")
            return None
        if info.st_mode & 0o077:
            try:
                os.chmod(path, 0o700)
            except OSError:
                pass
    return path


def note_unwritable(path: Path, err: OSError) -> None:
    """Say once on stderr that a cache entry could not be written (the work goes on uncached)."""
    _unusable(path, f"cannot write to it ({err.strerror or err})")


def _unusable(path: Path, why: str) -> None:
    key = f"{path}\0{why}"
    if key not in _REPORTED:
        _REPORTED.add(key)
        print(f"ssc: note: not using the cache folder {path}: {why}; working without a cache "
              f"(set ${CACHE_ENV} to another folder)", file=sys.stderr)


# ---------------------------------------------------------------------------
# Built files in the cache, named by their own hash
# ---------------------------------------------------------------------------


def entry_name(stem: str, data: bytes, suffix: str) -> str:
    """``STEM-<sha>SUFFIX``: ``<sha>`` begins the SHA-256 of ``data``."""
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


def checked_entry(folder: Path, stem: str, suffix: str) -> Path | None:
    """The cached ``STEM-<sha>SUFFIX`` whose bytes hash to its name; any other file of the
    stem (truncated, damaged) is removed, so that the caller builds it again."""
    for path in sorted(folder.glob(f"{stem}-*{suffix}")):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if path.name == entry_name(stem, data, suffix):
            return path
        try:
            path.unlink()
        except OSError:
            pass
    return None


def store_entry(folder: Path | None, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` into the cache folder as ``STEM-<sha>SUFFIX`` (atomically, owner-only);
    without a usable folder, into a private temporary one removed when the process ends."""
    if folder is not None:
        try:
            return atomic_write(folder / entry_name(stem, data, suffix), data, private=True)
        except OSError as err:
            note_unwritable(folder, err)
    scratch = Path(tempfile.mkdtemp(prefix="ssc-cache-"))
    atexit.register(shutil.rmtree, scratch, True)
    return atomic_write(scratch / entry_name(stem, data, suffix), data, private=True)
