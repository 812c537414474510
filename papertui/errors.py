"""The one exception type users see: its message is shown as a single line, never a traceback."""


class PapertuiError(Exception):
    """A problem the user can act on. `str(err)` is the whole message."""

    exit_code = 1


class UsageError(PapertuiError):
    """Bad arguments or input given by the user (exit code 2)."""

    exit_code = 2


class LockTimeout(PapertuiError):
    """Another papertui process held the library lock for too long."""

    exit_code = 3
