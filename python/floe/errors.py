"""The exceptions of the Floe client: few, unchecked in spirit, each naming what went wrong."""


class FloeError(Exception):
    """Base of every error this package raises on purpose."""


class LockFileError(FloeError, ValueError):
    """A lock file that cannot be read: bad JSON, a missing field, a root that does not match."""


class DigestMismatchError(FloeError):
    """Rows whose content digest differs from the lock's; the message names the file (and rows)."""

    def __init__(self, message, path=None):
        super().__init__(message)
        self.path = path


class UnsupportedError(FloeError):
    """A lock or a data file this client cannot check or read exactly (it never guesses)."""


class FlightError(FloeError):
    """A call to `floe serve` failed; the message carries the server's reason."""


class UnauthenticatedError(FlightError):
    """The server wants a bearer token (or another one)."""
