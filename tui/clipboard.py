"""The system clipboard, made safe for a full-screen app (no Textual here, so it is testable on its own).

pyperclip shells out to xclip/xsel/wl-copy/pbcopy. Two things about that can hurt a terminal app: a helper
that hangs (xclip waiting for an X server that never answers) would freeze whoever calls it, and a helper's
stderr would be printed straight over the app's screen. So pyperclip runs in a child Python process with its
stderr sent to /dev/null and a hard time-out (the child is killed when it runs over), and that call itself
runs in a daemon thread the caller waits on for a bounded time — so even a replaced backend that hangs (the
tests use one) cannot block the caller for longer than the time-out.

When nothing works the caller falls back to the terminal's own clipboard escape (OSC 52, App.copy_to_clipboard).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

DEFAULT_TIMEOUT_S = 3.0
T = TypeVar("T")

_COPY_SCRIPT = "import sys, pyperclip; pyperclip.copy(sys.stdin.read())"
_PASTE_SCRIPT = "import sys, pyperclip; sys.stdout.write(pyperclip.paste())"


class ClipboardError(Exception):
    """The system clipboard could not be used; the message says why in a few words."""


@dataclass(frozen=True)
class CopyOutcome:
    """How a copy went: `ok` through the system clipboard, else `error` says why (the caller falls back)."""

    ok: bool
    error: str | None = None


def _run_helper(script: str, stdin_text: str, timeout: float) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=stdin_text.encode("utf-8"),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ClipboardError(f"the clipboard helper did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise ClipboardError(f"the clipboard helper could not start ({exc.strerror or exc})") from None
    if done.returncode != 0:
        raise ClipboardError("no system clipboard (pyperclip found no copy/paste mechanism)")
    return done.stdout.decode("utf-8", errors="replace")


def system_copy(text: str, timeout: float = DEFAULT_TIMEOUT_S) -> None:
    """Put `text` on the system clipboard through pyperclip, or raise ClipboardError."""
    _run_helper(_COPY_SCRIPT, text, timeout)


def system_paste(timeout: float = DEFAULT_TIMEOUT_S) -> str:
    """The system clipboard's text through pyperclip, or raise ClipboardError."""
    return _run_helper(_PASTE_SCRIPT, "", timeout)


def call_with_timeout(func: Callable[[], T], timeout: float) -> T:
    """Run `func` in a daemon thread and wait at most `timeout` seconds for it.

    A call that overruns is abandoned (a daemon thread cannot keep the process alive) and ClipboardError is
    raised; any other exception from `func` becomes a ClipboardError too.
    """
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # reported to the caller below, whatever it was
            box["error"] = exc

    thread = threading.Thread(target=target, name="papertui-clipboard", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ClipboardError(f"the clipboard did not answer within {timeout:g} s")
    if "error" in box:
        exc = box["error"]
        if isinstance(exc, ClipboardError):
            raise exc
        raise ClipboardError(str(exc) or type(exc).__name__)
    return box["value"]  # type: ignore[return-value]


def copy_text(text: str, timeout: float = DEFAULT_TIMEOUT_S) -> CopyOutcome:
    """Try the system clipboard; never raises and never takes much longer than `timeout`.

    `system_copy` is looked up at call time so tests can replace it with a fake.
    """
    try:
        call_with_timeout(lambda: system_copy(text, timeout), timeout + 0.5)
    except ClipboardError as exc:
        return CopyOutcome(False, str(exc))
    return CopyOutcome(True)


def paste_text(timeout: float = DEFAULT_TIMEOUT_S) -> str:
    """The system clipboard's text, or ClipboardError (with a message fit for the user)."""
    return call_with_timeout(lambda: system_paste(timeout), timeout + 0.5)
