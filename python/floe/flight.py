"""A client of `floe serve` (Arrow Flight, protocol version 1; README section "Python").

    client = floe.FlightClient("grpc://127.0.0.1:8815", token=None)
    info = client.info(lock, part="train", world_size=4)        # schema, endpoints, rows
    for batch in client.stream(lock, "train", rank=1, world_size=4, epoch=3, shuffle=True):
        ...                                                       # pyarrow.RecordBatch

The lock travels inline (its JSON object), never as a path on the server. The server checks each
digest unit before it sends any of its rows; a mismatch ends the stream with DigestMismatchError
naming the file and rows, so batches received before it are verified, and nothing after it comes.
"""

import json

import pyarrow as pa
import pyarrow.flight as fl

from .errors import DigestMismatchError, FlightError, UnauthenticatedError
from .lock import LockFile, open_lock

PROTOCOL_VERSION = 1
DEFAULT_LOCATION = "grpc://127.0.0.1:8815"
PARTS = (None, "train", "validation", "test")
EQUAL = ("none", "drop", "pad")
# pyarrow's concrete Flight errors are ArrowExceptions; their base FlightError is not.
_ERRORS = (pa.ArrowException, fl.FlightError)


def request(lock, part=None, world_size=1, epoch=0, shuffle=False, equal="none", table=None,
            rank=None):
    """The protocol's request object (a ticket when `rank` is given) for a lock file."""
    lock = _lock_file(lock)
    if part not in PARTS:
        raise ValueError("Invalid part %r: expected one of train, validation, test or None" % part)
    if equal not in EQUAL:
        raise ValueError("Invalid equal %r: expected none, drop or pad" % equal)
    if not isinstance(world_size, int) or world_size < 1:
        raise ValueError("Invalid world_size %r: must be at least 1" % world_size)
    if rank is not None and not 0 <= rank < world_size:
        raise ValueError("Invalid rank %r: must be in [0, %d)" % (rank, world_size))
    if lock.multi_table and table is None:
        raise ValueError("The lock pins %d tables (%s): pass table=" % (len(lock.locks),
                                                                         lock.tables()))
    body = {"version": PROTOCOL_VERSION, "lock": lock.raw}
    if lock.multi_table:
        body["table"] = lock.lock(table).label
    body.update({"part": part, "world_size": world_size, "epoch": epoch,
                 "shuffle": bool(shuffle), "equal": equal})
    if rank is not None:
        body["rank"] = rank
    return body


def _lock_file(lock):
    if isinstance(lock, LockFile):
        return lock
    if isinstance(lock, dict):
        return LockFile.from_json(lock)
    return open_lock(lock)


def _translate(error, what):
    """A pyarrow Flight error as this package's, keeping the server's message (it names files)."""
    text = str(error)
    lowered = text.lower()
    if isinstance(error, fl.FlightUnauthenticatedError) or "unauthenticated" in lowered:
        return UnauthenticatedError("%s: %s" % (what, text))
    if "data loss" in lowered or "data_loss" in lowered:
        return DigestMismatchError("%s: %s" % (what, text))
    return FlightError("%s: %s" % (what, text))


class FlightClient:
    """One connection to `floe serve`; close it (or use `with`) when done."""

    def __init__(self, location=DEFAULT_LOCATION, token=None, timeout=None):
        self.location = location
        headers = [(b"authorization", ("Bearer " + token).encode())] if token else []
        self._options = fl.FlightCallOptions(headers=headers, timeout=timeout)
        self._client = fl.FlightClient(location)

    def close(self):
        self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def health(self):
        """The server's health action: `{"status": "ok", "version": 1}`."""
        try:
            results = list(self._client.do_action(fl.Action("health", b""), self._options))
        except _ERRORS as e:
            raise _translate(e, "health of %s" % self.location) from None
        return json.loads(results[0].body.to_pybytes()) if results else None

    def info(self, lock, part=None, world_size=1, table=None, epoch=0, shuffle=False,
             equal="none"):
        """The FlightInfo of a part split into `world_size` shards: schema, one endpoint per rank
        (in rank order), `total_records` (-1 when the server does not know it up front)."""
        body = request(lock, part, world_size, epoch, shuffle, equal, table)
        descriptor = fl.FlightDescriptor.for_command(json.dumps(body).encode("utf-8"))
        try:
            return self._client.get_flight_info(descriptor, self._options)
        except _ERRORS as e:
            raise _translate(e, "info of %s" % _what(body)) from None

    def stream(self, lock, part=None, rank=0, world_size=1, epoch=0, shuffle=False,
               equal="none", table=None):
        """Yields shard `rank` of `world_size` as pyarrow RecordBatches. A digest mismatch raises
        DigestMismatchError naming the file; stopping early (or closing the generator) cancels
        the call, so the server frees the stream."""
        body = request(lock, part, world_size, epoch, shuffle, equal, table, rank)
        ticket = fl.Ticket(json.dumps(body).encode("utf-8"))
        what = "shard %d/%d of %s" % (rank, world_size, _what(body))
        try:
            reader = self._client.do_get(ticket, self._options)
        except _ERRORS as e:
            raise _translate(e, what) from None
        done = False
        try:
            while True:
                try:
                    chunk = reader.read_chunk()
                except StopIteration:
                    done = True
                    return
                except _ERRORS as e:
                    done = True
                    raise _translate(e, what) from None
                yield chunk.data
        finally:
            if not done:
                reader.cancel()

    def read(self, lock, part=None, rank=0, world_size=1, epoch=0, shuffle=False, equal="none",
             table=None):
        """A whole shard as one pyarrow Table (its schema even when the shard has no rows)."""
        batches = list(self.stream(lock, part, rank, world_size, epoch, shuffle, equal, table))
        if batches:
            return pa.Table.from_batches(batches)
        schema = self.info(lock, part, world_size, table, epoch, shuffle, equal).schema
        return schema.empty_table()


def _what(body):
    lock = body["lock"]
    table = body.get("table") or lock.get("table", "?")
    return "%s (part %s)" % (table, body["part"] or "all")
