"""A PyTorch IterableDataset over `floe serve`: each distributed rank and each DataLoader worker
streams its own shard, so every row of the part is read exactly once per epoch.

    dataset = FlightDataset("run.lock.json", part="train", shuffle=True)
    loader = torch.utils.data.DataLoader(dataset, batch_size=None, num_workers=2)
    for epoch in range(10):
        dataset.set_epoch(epoch)
        for batch in loader:          # {"column": tensor, ...}, one Arrow record batch each
            ...

The shard of a worker is global: shard `rank * num_workers + worker_id` of
`world_size * num_workers`. Needs the `torch` extra (`pip install ./python[torch]`).
"""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pat
import torch
from torch.utils.data import IterableDataset, get_worker_info

from .flight import DEFAULT_LOCATION, FlightClient, _lock_file


def global_shard(rank, world_size, worker_id=0, num_workers=1):
    """(shard, shards) of DataLoader worker `worker_id` on distributed rank `rank`."""
    if not 0 <= rank < world_size:
        raise ValueError("Invalid rank %d: must be in [0, %d)" % (rank, world_size))
    if not 0 <= worker_id < num_workers:
        raise ValueError("Invalid worker %d: must be in [0, %d)" % (worker_id, num_workers))
    return rank * num_workers + worker_id, world_size * num_workers


def _column_tensor(name, column):
    if column.null_count:
        raise ValueError("column %s has %d null(s): tensors hold no nulls (fill them, or leave "
                         "the column out with columns=)" % (name, column.null_count))
    t = column.type
    if pat.is_string(t) or pat.is_large_string(t) or pat.is_binary(t) or pat.is_large_binary(t) \
            or pat.is_fixed_size_binary(t):
        return column.to_pylist()
    if pat.is_timestamp(t) or pat.is_time64(t) or pat.is_date64(t) or pat.is_duration(t):
        column = column.cast(pa.int64())
    elif pat.is_date32(t) or pat.is_time32(t):
        column = column.cast(pa.int32())
    if pat.is_integer(column.type) or pat.is_floating(column.type) or pat.is_boolean(column.type):
        return torch.from_numpy(column.to_numpy(zero_copy_only=False, writable=True))
    if pat.is_list(t) or pat.is_large_list(t) or pat.is_fixed_size_list(t):
        return _list_tensor(name, column)
    raise ValueError("column %s of type %s has no tensor form: leave it out with columns="
                     % (name, t))


def _list_tensor(name, column):
    lengths = pc.list_value_length(column).to_numpy(zero_copy_only=False)
    if len(lengths) and (lengths != lengths[0]).any():
        raise ValueError("column %s holds lists of different lengths (%d to %d): a tensor needs "
                         "equal lengths" % (name, lengths.min(), lengths.max()))
    values = _column_tensor(name + ".element", column.flatten())
    if isinstance(values, list):
        raise ValueError("column %s is a list of %s: no tensor form" % (name, column.type))
    width = int(lengths[0]) if len(lengths) else 0
    return values.reshape(len(column), width, *values.shape[1:])


def to_tensors(batch, columns=None):
    """A RecordBatch as {column: tensor}: numbers and booleans as 1-D tensors, dates and times as
    their integer values, lists of equal length as 2-D tensors (embeddings), strings and binaries
    as Python lists. A column with nulls, or of another type, raises ValueError naming it."""
    names = columns or batch.schema.names
    return {name: _column_tensor(name, batch.column(name)) for name in names}


class FlightDataset(IterableDataset):
    """Streams a lock's part from `floe serve` as tensors: one dict per Arrow record batch (the
    default; use `DataLoader(batch_size=None)`), or one dict per row with `rows=True`.

    `rank` and `world_size` default to torch.distributed's when it is initialized, else 0 and 1.
    """

    def __init__(self, lock, part=None, location=DEFAULT_LOCATION, token=None, table=None,
                 epoch=0, shuffle=False, equal="none", rank=None, world_size=None, rows=False,
                 columns=None):
        super().__init__()
        self.lock = _lock_file(lock)
        self.part, self.location, self.token, self.table = part, location, token, table
        self.epoch, self.shuffle, self.equal = epoch, shuffle, equal
        self.rank, self.world_size = rank, world_size
        self.rows, self.columns = rows, columns

    def set_epoch(self, epoch):
        """The epoch seeds the shuffle (with shuffle=True); call it before each epoch."""
        self.epoch = epoch

    def _distributed(self):
        if self.rank is not None or self.world_size is not None:
            return self.rank or 0, self.world_size or 1
        dist = torch.distributed
        if dist.is_available() and dist.is_initialized():
            return dist.get_rank(), dist.get_world_size()
        return 0, 1

    def shard(self):
        """(shard, shards) this process (and DataLoader worker) reads."""
        rank, world_size = self._distributed()
        info = get_worker_info()
        worker, workers = (info.id, info.num_workers) if info is not None else (0, 1)
        return global_shard(rank, world_size, worker, workers)

    def __iter__(self):
        shard, shards = self.shard()
        with FlightClient(self.location, self.token) as client:
            for batch in client.stream(self.lock, self.part, shard, shards, self.epoch,
                                       self.shuffle, self.equal, self.table):
                tensors = to_tensors(batch, self.columns)
                if not self.rows:
                    yield tensors
                    continue
                for i in range(batch.num_rows):
                    yield {name: value[i] for name, value in tensors.items()}


__all__ = ["FlightDataset", "global_shard", "to_tensors"]
