"""Floe's Python client: lock files, the content digest (`floe-digest/1` and `/2`), verification
of a table's files against a lock, Floe's Arrow IPC exports, and `floe serve` over Arrow Flight.
The PyTorch dataset is in `floe.dataset` (needs the `torch` extra)."""

from .digest import Digester, file_digest, file_digest_v2, root
from .errors import (DigestMismatchError, FlightError, FloeError, LockFileError,
                     UnauthenticatedError, UnsupportedError)
from .flight import FlightClient
from .ipc import iter_arrow, read_arrow, schema_of, verify_export
from .lock import FileDigest, Lock, LockFile, Unit, open_lock
from .verify import FileResult, VerifyResult, verify

__version__ = "0.1.0"

__all__ = [
    "Digester", "file_digest", "file_digest_v2", "root", "DigestMismatchError", "FlightError",
    "FloeError", "LockFileError", "UnauthenticatedError", "UnsupportedError", "FlightClient",
    "iter_arrow", "read_arrow", "schema_of", "verify_export", "FileDigest", "Lock", "LockFile", "Unit", "open_lock",
    "FileResult", "VerifyResult", "verify",
]
