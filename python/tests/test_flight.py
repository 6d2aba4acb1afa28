"""The client against a real `floe serve` (protocol version 1, docs/serve.md), started from the
built CLI on the fixtures' warehouse: 4 concurrent ranks whose union is the part, reproducible
shuffles, equal lengths, a tampered file, a killed client, a token, and the PyTorch DataLoader.

Not in PythonClientTest's list yet: `floe serve` lands from another branch. The server runs as
`floe serve -w WAREHOUSE --port P [--token-file F]`, from `cli/target/floe-cli.jar` when it is
built (else the checkout's `./floe`); FLOE_CLI (a JSON list: the command before `serve`)
overrides that.
"""

import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pyarrow as pa
import pyarrow.flight as fl
import pyarrow.parquet as pq
import pytest
import torch

import floe
from floe import DigestMismatchError, FlightClient, FlightError, UnauthenticatedError
from floe.dataset import FlightDataset
from conftest import tamper_in_place

ROOT = pathlib.Path(__file__).resolve().parents[2]
JAR = ROOT / "cli/target/floe-cli.jar"


def cli():
    if os.environ.get("FLOE_CLI"):
        return json.loads(os.environ["FLOE_CLI"])
    if JAR.exists():
        return ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", str(JAR)]
    return [str(ROOT / "floe")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, fx, token=None):
        warehouse = fx["warehouse"]
        self.port = free_port()
        self.location = "grpc://127.0.0.1:%d" % self.port
        args = ["serve", "-w", warehouse, "--port", str(self.port)]
        if token:
            token_file = os.path.join(fx["scratch"], "token-%d" % self.port)
            with open(token_file, "w") as f:
                f.write(token + "\n")
            args += ["--token-file", token_file]
        self.log = open(os.path.join(fx["scratch"], "serve-%d.log" % self.port), "w+")
        self.process = subprocess.Popen(cli() + args, stdout=self.log, stderr=subprocess.STDOUT)
        self.token = token

    def wait(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("floe serve exited with %d: %s" % (self.process.returncode,
                                                                     self.output()))
            try:
                with FlightClient(self.location, self.token, timeout=2) as client:
                    if client.health() == {"status": "ok", "version": 1}:
                        return self
            except FlightError:
                time.sleep(0.5)
        raise RuntimeError("floe serve did not answer within %d s: %s" % (seconds, self.output()))

    def output(self):
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def server(fx):
    started = Server(fx).wait()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def train_ids(fx):
    return sorted(floe.read_arrow(fx["train_arrow"]).column("id").to_pylist())


def ids(client, lock, part, rank, world_size, **options):
    batches = list(client.stream(lock, part, rank, world_size, **options))
    return [i for b in batches for i in b.column("id").to_pylist()]


def largest_unit(lock_path):
    """Rows of the lock's largest digest unit: a file under floe-digest/1, a row group under /2."""
    lock = floe.open_lock(lock_path).lock()
    if lock.algorithm == "floe-digest/2":
        return max(u.count for f in lock.file_digests for u in f.units)
    return max(f.rows for f in lock.file_digests)


def test_health_and_one_endpoint_per_rank(fx, server):
    with FlightClient(server.location) as client:
        assert client.health() == {"status": "ok", "version": 1}
        info = client.info(fx["split_lock"], "train", 4)
        assert len(info.endpoints) == 4
        assert info.total_records in (-1, len(floe.read_arrow(fx["train_arrow"])))
        assert info.schema.names == floe.schema_of(fx["train_arrow"]).names
        for rank, endpoint in enumerate(info.endpoints):
            ticket = json.loads(endpoint.ticket.ticket)
            assert ticket["rank"] == rank and ticket["world_size"] == 4
            assert ticket["part"] == "train" and ticket["lock"] == json.load(
                open(fx["split_lock"]))


def test_four_concurrent_ranks_cover_the_part_exactly_once(fx, server, train_ids):
    shards, errors = [None] * 4, []

    def read(rank):
        try:
            with FlightClient(server.location) as client:
                shards[rank] = ids(client, fx["split_lock"], "train", rank, 4)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=read, args=(r,)) for r in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    union = sorted(i for shard in shards for i in shard)
    assert union == train_ids
    assert len(set(union)) == len(union)
    sizes = [len(s) for s in shards]
    assert max(sizes) - min(sizes) <= largest_unit(fx["split_lock"])


def test_the_rows_are_the_pinned_ones_value_for_value(fx, server):
    with FlightClient(server.location) as client:
        got = pa.concat_tables(client.read(fx["split_lock"], "train", r, 2) for r in range(2))
    want = floe.read_arrow(fx["train_arrow"])
    assert floe.file_digest(got.sort_by("id")) == floe.file_digest(want.sort_by("id"))


def test_shards_are_stable_and_a_shuffle_is_reproducible_from_the_epoch(fx, server):
    with FlightClient(server.location) as client:
        assert ids(client, fx["split_lock"], "train", 1, 3) == ids(
            client, fx["split_lock"], "train", 1, 3)
        first = ids(client, fx["split_lock"], "train", 1, 3, epoch=3, shuffle=True)
        again = ids(client, fx["split_lock"], "train", 1, 3, epoch=3, shuffle=True)
        other = ids(client, fx["split_lock"], "train", 1, 3, epoch=4, shuffle=True)
    assert first == again
    assert first != other


def test_equal_lengths_drop_or_pad(fx, server, train_ids):
    with FlightClient(server.location) as client:
        plain = [ids(client, fx["split_lock"], "train", r, 2) for r in range(2)]
        drop = [ids(client, fx["split_lock"], "train", r, 2, equal="drop") for r in range(2)]
        pad = [ids(client, fx["split_lock"], "train", r, 2, equal="pad") for r in range(2)]
    shortest, longest = min(map(len, plain)), max(map(len, plain))
    assert shortest < longest  # 5 files dealt to 2 ranks: 3 and 2
    assert [len(s) for s in drop] == [shortest] * 2
    assert [len(s) for s in pad] == [longest] * 2
    for p, d, q in zip(plain, drop, pad):
        assert d == p[:shortest]
        assert q[:len(p)] == p and q[len(p):] == p[:longest - len(p)]


def test_a_tampered_file_ends_the_stream_naming_it(fx, server, tmp_path):
    lock = floe.open_lock(fx["lock"]).lock()
    path = lock.file_digests[1].path
    backup = tmp_path / "backup.parquet"
    shutil.copyfile(path, backup)
    before = pq.ParquetFile(path).metadata.row_group(0).num_rows  # rows ahead of the changed group
    try:
        tamper_in_place(path, group=1)  # same size: only the digest can tell
        with FlightClient(server.location) as client:
            received = []
            with pytest.raises(DigestMismatchError, match=path):
                for batch in client.stream(fx["lock"], None, 0, 1):
                    received.append(batch)
        # Nothing of the changed row group came: its unit fails before any of its rows is sent.
        assert sum(b.num_rows for b in received) <= lock.file_digests[0].rows + before
    finally:
        shutil.copyfile(backup, path)


KILLED_CLIENT = """
import sys, floe
client = floe.FlightClient(sys.argv[1])
for batch in client.stream(sys.argv[2], None, 0, 1):
    print("streaming", flush=True)
    sys.stdin.readline()
"""


def test_a_killed_client_leaves_the_server_serving(fx, server):
    child = subprocess.Popen([sys.executable, "-c", KILLED_CLIENT, server.location, fx["lock"]],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "streaming"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    with FlightClient(server.location) as client:
        assert client.health()["status"] == "ok"
        assert sorted(ids(client, fx["lock"], None, 0, 1)) == list(range(fx["rows"]))


def test_bad_requests_are_refused_with_the_reason(fx, server):
    with FlightClient(server.location) as client:
        with pytest.raises(ValueError, match="Invalid rank 4"):
            list(client.stream(fx["lock"], None, 4, 4))
        with pytest.raises(ValueError, match="Invalid part 'training'"):
            client.info(fx["lock"], "training", 2)
    raw = fl.FlightClient(server.location)
    body = floe.flight.request(floe.open_lock(fx["lock"]), None, 2)
    body["rank"] = 2
    with pytest.raises(pa.ArrowException, match="rank"):
        raw.do_get(fl.Ticket(json.dumps(body).encode())).read_all()
    with pytest.raises(pa.ArrowException):
        raw.do_get(fl.Ticket(b"{not json")).read_all()
    edited = json.load(open(fx["lock"]))
    edited["fileDigests"][0]["digest"] = "0" * 64
    body["lock"], body["rank"] = edited, 0
    with pytest.raises(pa.ArrowException, match="contentDigest|root|edited"):
        raw.do_get(fl.Ticket(json.dumps(body).encode())).read_all()
    raw.close()


def test_a_server_with_a_token_refuses_calls_without_it(fx):
    guarded = Server(fx, token="s3cret-token").wait()
    try:
        with FlightClient(guarded.location) as anonymous:
            with pytest.raises(UnauthenticatedError):
                anonymous.info(fx["lock"])
        with FlightClient(guarded.location, token="s3cret-token") as client:
            assert len(ids(client, fx["lock"], None, 0, 1)) == fx["rows"]
    finally:
        guarded.stop()


def test_dataloader_workers_on_two_ranks_read_the_part_once(fx, server, train_ids):
    seen = []
    for rank in range(2):
        dataset = FlightDataset(fx["split_lock"], part="train", location=server.location,
                                rank=rank, world_size=2, columns=["id", "emb"])
        loader = torch.utils.data.DataLoader(dataset, batch_size=None, num_workers=2)
        for batch in loader:
            assert batch["emb"].shape[1] == 4
            seen += batch["id"].tolist()
    assert sorted(seen) == train_ids
    rows = FlightDataset(fx["split_lock"], part="train", location=server.location, rows=True,
                         columns=["id"])
    assert sorted(int(row["id"]) for row in rows) == train_ids
