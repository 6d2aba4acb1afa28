"""The client side of the `floe serve` protocol that needs no server: the request and ticket
objects it sends, its argument checks, and an unreachable server surfacing as FlightError."""

import json
import socket

import pytest

import floe
from floe import FlightClient, FlightError
from floe.flight import request


def test_request_carries_the_lock_inline_with_the_protocols_fields(fx):
    with open(fx["lock"]) as f:
        raw = json.load(f)
    body = request(fx["lock"], None, 4)
    assert body == {"version": 1, "lock": raw, "part": None, "world_size": 4, "epoch": 0,
                    "shuffle": False, "equal": "none"}
    ticket = request(floe.open_lock(fx["split_lock"]), "train", 4, epoch=2, shuffle=True,
                     equal="pad", rank=3)
    assert (ticket["part"], ticket["rank"], ticket["epoch"], ticket["shuffle"],
            ticket["equal"]) == ("train", 3, 2, True, "pad")
    assert "table" not in ticket
    json.dumps(ticket)  # what travels is plain JSON


def test_a_multi_table_lock_names_its_table(fx):
    with open(fx["multi_lock"]) as f:
        raw = json.load(f)
    body = request(raw, "test", table="db.labels")
    assert body["table"] == "db.labels" and body["lock"] == raw
    with pytest.raises(ValueError, match="pins 2 tables \\(db.every, db.labels\\): pass table="):
        request(raw)


def test_bad_arguments_are_refused_before_anything_is_sent(fx):
    with pytest.raises(ValueError, match="Invalid part 'train2'"):
        request(fx["lock"], "train2")
    with pytest.raises(ValueError, match="Invalid world_size 0"):
        request(fx["lock"], None, 0)
    with pytest.raises(ValueError, match="Invalid rank 2: must be in \\[0, 2\\)"):
        request(fx["lock"], None, 2, rank=2)
    with pytest.raises(ValueError, match="Invalid equal 'trim'"):
        request(fx["lock"], equal="trim")


def test_an_unreachable_server_is_a_flight_error_naming_what_was_asked(fx):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with FlightClient("grpc://127.0.0.1:%d" % port, timeout=5) as client:
        with pytest.raises(FlightError, match="info of db.every \\(part all\\)"):
            client.info(fx["lock"])
        with pytest.raises(FlightError, match="shard 0/1 of db.every"):
            list(client.stream(fx["lock"]))
