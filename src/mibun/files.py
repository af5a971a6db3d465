"""Safe output files: one helper for every path mibun writes (``-o``, ``--plot``, checkpoints, figures, the
tour), and the escaping of user text that reaches HTML or LaTeX.

Policy for an output path (checked before any work starts, by :func:`output_path`):

* missing parent folders are created;
* an existing file of the same name is replaced atomically (a temporary file in the same folder, then
  ``os.replace``), so a crash never leaves half a file in place of a good one (:func:`atomic_write`);
* a path that is a folder where a file is wanted, a parent that is a file, a folder that cannot be
  written (read-only working folder included), a NUL character or an over-long name is refused with a
  one-line localized :class:`~mibun.errors.InputError`.

A path is data, never a format string. Names derived from user text go through :func:`safe_name`.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from mibun.errors import InputError

#: longest file or folder name (characters) most file systems accept
MAX_NAME = 255
MAX_PATH = 4096
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def _err(key: str, lang: str | None = None, **fields: Any) -> InputError:
    from mibun._rtext import error

    return error(InputError, key, lang, **fields)  # type: ignore[return-value]


def _example(path: str) -> str:
    name = os.path.basename(path.rstrip("/\\")) or "output"
    return os.path.join(tempfile.gettempdir(), name)


def output_path(path: Any, *, lang: str | None = None, create_parents: bool = True) -> str:
    """Check an output file path before work starts and return it as a string (parents created).

    Raises a one-line InputError when the path cannot be written as a file."""
    try:
        p = os.fspath(path)
    except TypeError:
        raise _err("reliability.file.not_path", lang, path=repr(path)[:80], kind=type(path).__name__) from None
    if isinstance(p, bytes):
        p = os.fsdecode(p)
    shown = p.replace("\x00", "\\0")
    if len(shown) > 200:
        shown = shown[:120] + "…" + shown[-40:]
    if not p.strip():
        raise _err("reliability.file.empty", lang)
    if "\x00" in p:
        raise _err("reliability.file.nul", lang, path=shown)
    longest = max((len(part) for part in re.split(r"[/\\]", p)), default=0)
    if longest > MAX_NAME or len(p) > MAX_PATH:
        n = longest if longest > MAX_NAME else len(p)
        raise _err("reliability.file.too_long", lang, path=shown, n=n,
                   limit=MAX_NAME if longest > MAX_NAME else MAX_PATH)
    if os.path.isdir(p) or p.endswith(("/", os.sep)):
        raise _err("reliability.file.directory", lang, path=shown,
                   example=os.path.join(p, "figure.png") if os.path.isdir(p) else p.rstrip("/\\") + ".png")
    folder = os.path.dirname(os.path.abspath(p))
    # walk up to the first existing ancestor: it must be a folder
    probe = folder
    while not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if os.path.exists(probe) and not os.path.isdir(probe):
        raise _err("reliability.file.parent_not_dir", lang, path=shown, parent=probe)
    if create_parents and not os.path.isdir(folder):
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise _err("reliability.file.unwritable", lang, path=shown, reason=_reason(exc),
                       example=_example(p)) from None
    if os.path.isdir(folder):
        _probe_writable(folder, p, shown, lang)
    return p


def output_folder(path: Any, *, lang: str | None = None) -> str:
    """Check (and create) a folder that files will be written into; returns it as a string."""
    p = os.fspath(path)
    if os.path.exists(p) and not os.path.isdir(p):
        raise _err("reliability.file.parent_not_dir", lang, path=p, parent=p)
    # the same checks as for a file inside it (NUL, long names, a file among the parents, writable)
    output_path(os.path.join(p, "index.html"), lang=lang)
    return p


def _probe_writable(folder: str, p: str, shown: str, lang: str | None) -> None:
    """Create and delete a temporary file in ``folder`` (the only portable test of "can write here")."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".mibun-probe-", dir=folder)
    except OSError as exc:
        raise _err("reliability.file.unwritable", lang, path=shown, reason=_reason(exc),
                   example=_example(p)) from None
    os.close(fd)
    try:
        os.unlink(tmp)
    except OSError:  # pragma: no cover
        pass


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


@contextmanager
def atomic_write(path: Any, mode: str = "wb", *, lang: str | None = None, encoding: str | None = None,
                 check: bool = True) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path`` for writing; on success it is flushed to disk and renamed over
    ``path`` (atomic), on failure removed — the previous file, if any, stays as it was."""
    p = output_path(path, lang=lang) if check else os.fspath(path)
    folder = os.path.dirname(os.path.abspath(p))
    suffix = os.path.splitext(p)[1][:16]
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=folder)
    except OSError as exc:
        raise _err("reliability.file.unwritable", lang, path=p, reason=_reason(exc), example=_example(p)) from None
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding or "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
        _sync_folder(folder)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _sync_folder(folder: str) -> None:
    """Make the rename durable where the platform allows opening a folder (POSIX); elsewhere a no-op."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def write_text(path: Any, text: str, *, lang: str | None = None) -> str:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns the path."""
    with atomic_write(path, "w", lang=lang) as fh:
        fh.write(text)
    return os.fspath(path)


def write_bytes(path: Any, data: bytes, *, lang: str | None = None) -> str:
    """Write ``data`` to ``path`` atomically; returns the path."""
    with atomic_write(path, "wb", lang=lang) as fh:
        fh.write(data)
    return os.fspath(path)


def save_figure(fig: Any, path: Any, *, lang: str | None = None, **savefig_kwargs: Any) -> str:
    """``fig.savefig`` into ``path`` atomically (the format must be given or follow the suffix)."""
    p = output_path(path, lang=lang)
    savefig_kwargs.setdefault("format", os.path.splitext(p)[1].lstrip(".").lower() or None)
    with atomic_write(p, "wb", lang=lang, check=False) as fh:
        fig.savefig(fh, **savefig_kwargs)
    return p


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_name(text: Any, max_len: int = 80, default: str = "untitled") -> str:
    """A file name made from user text: control characters, NUL, path separators and characters Windows
    refuses become ``_``; leading/trailing dots and spaces go; reserved device names get a ``_``; at most
    ``max_len`` characters (the extension, if any, is kept)."""
    s = _UNSAFE.sub("_", str(text)).strip(" .")
    stem, ext = os.path.splitext(s)
    if len(ext) > 10 or not ext[1:].isalnum():
        stem, ext = s, ""
    if len(stem) + len(ext) > max_len:
        stem = stem[: max(1, max_len - len(ext))].rstrip(" .")
    if stem.upper().split(".")[0] in _WINDOWS_RESERVED:
        stem += "_"
    return (stem + ext) if stem else default


def html_escape(text: Any) -> str:
    """User text for HTML (element content and quoted attributes): ``& < > " '`` escaped."""
    return html.escape(str(text), quote=True)


_TEX = {"\\": r"\backslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
        "~": r"\sim{}", "^": r"\hat{}"}


def latex_escape(text: Any, keep_subscripts: bool = False) -> str:
    """User text made harmless for LaTeX math (inside ``\\mathrm{…}``): backslashes, braces and ``$ & # % ~
    ^`` are escaped, so ``\\write18{…}`` prints as text and runs nothing. ``_`` is escaped too unless
    ``keep_subscripts`` and a letter or digit follows it."""
    out = []
    s = str(text)
    for i, ch in enumerate(s):
        if ch == "_":
            nxt = s[i + 1:i + 2]
            out.append("_" if keep_subscripts and nxt.isalnum() and nxt.isascii() else r"\_")
        else:
            out.append(_TEX.get(ch, ch))
    return "".join(out)


__all__ = ["output_path", "output_folder", "atomic_write", "write_text", "write_bytes", "save_figure", "safe_name",
           "html_escape", "latex_escape", "MAX_NAME"]
