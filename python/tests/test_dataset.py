"""The PyTorch side without a server: which shard a rank's DataLoader worker reads, and batches as
tensors (bits of NaN and -0.0 kept)."""

import pytest
import torch

import floe
from floe.dataset import FlightDataset, global_shard, to_tensors


def test_each_rank_and_worker_gets_its_own_shard():
    shards = [global_shard(rank, 3, worker, 2) for rank in range(3) for worker in range(2)]
    assert sorted(s for s, _ in shards) == list(range(6))
    assert {n for _, n in shards} == {6}
    assert global_shard(1, 3, 0, 2) == (2, 6)
    with pytest.raises(ValueError, match="Invalid rank 3"):
        global_shard(3, 3)
    with pytest.raises(ValueError, match="Invalid worker 2"):
        global_shard(0, 1, 2, 2)


def test_dataset_takes_rank_and_world_size_given_or_defaults(fx):
    assert FlightDataset(fx["lock"], rank=2, world_size=4).shard() == (2, 4)
    assert FlightDataset(fx["lock"]).shard() == (0, 1)


def test_batches_become_tensors(fx):
    table = floe.read_arrow(fx["arrow_file"]).slice(0, 14)
    table = table.filter(table.column("b").is_valid())  # rows 3 and 10 hold nulls
    batch = table.select(["id", "emb", "b", "date", "ts"]).combine_chunks().to_batches()[0]
    tensors = to_tensors(batch)
    assert tensors["id"].dtype == torch.int32
    assert tensors["id"].tolist() == [i for i in range(14) if i % 7 != 3]
    assert tensors["b"].dtype == torch.bool and tensors["b"][0].item()
    emb = tensors["emb"]
    assert emb.shape == (12, 4) and emb.dtype == torch.float32
    assert emb[5].tolist()[:2] == [6.0, 12.0]
    assert torch.isnan(emb[:, 2]).all()
    assert torch.signbit(emb[:, 3]).all()
    assert tensors["ts"].dtype == torch.int64
    rows = to_tensors(table.to_batches()[0], columns=["s"])
    assert rows["s"][:2] == ["", "héllo 1"]


def test_nulls_and_ragged_lists_are_refused_naming_the_column(fx):
    batch = floe.read_arrow(fx["arrow_file"]).slice(0, 12).combine_chunks().to_batches()[0]
    with pytest.raises(ValueError, match="column i has 2 null"):
        to_tensors(batch, columns=["i"])
    with pytest.raises(ValueError, match="column vec holds lists of different lengths"):
        to_tensors(batch.filter(batch.column("vec").is_valid()), columns=["vec"])
