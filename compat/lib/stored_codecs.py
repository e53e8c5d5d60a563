#!/usr/bin/python3
"""Which compression codecs the batches of a topic are stored with: stored_codecs.py HOST:PORT TOPIC PARTITIONS

Asks the broker for the partitions' leaders (Metadata), reads the partitions from offset 0 with one Fetch v4
request to each leader and prints the codec of every batch header as a JSON list, e.g. ["zstd"]. A client
that silently falls back to sending uncompressed batches (librdkafka does so when it thinks the broker is too
old) shows up as ["none"]. Nothing is decompressed. On a single broker the leader is the broker asked; in a
cluster a partition is read from its leader, as a consumer would: the other brokers answer
NOT_LEADER_OR_FOLLOWER.
"""

import json
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_metadata import CLIENT_ID, exchange, partition_leaders  # noqa: E402

FETCH = 1
VERSION = 4
MAX_BYTES = 16 * 1024 * 1024
LEADER_NOT_AVAILABLE = 5
NOT_LEADER_OR_FOLLOWER = 6
# Leadership can move while a cluster settles: a partition whose broker says it does not lead it is asked again.
ATTEMPTS = 5
RETRY_PAUSE_S = 0.5
CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
# v2 batch header: baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8, crc int32,
# attributes int16 (codec in the lowest three bits).
BATCH_LENGTH_AT = 8
ATTRIBUTES_AT = 21
LOG_OVERHEAD = 12


def stored_codecs(host, port, topic, partitions):
    """The codecs of the batches of these partitions, each read from its leader."""
    codecs = []
    remaining = list(partitions)
    for attempt in range(1, ATTEMPTS + 1):
        leaders = partition_leaders(host, port, topic)
        missing = sorted(set(remaining) - set(leaders))
        if missing:
            raise RuntimeError(f"Metadata lists no partitions {missing} of {topic}")
        by_leader = {}
        for partition in remaining:
            by_leader.setdefault(leaders[partition], []).append(partition)
        not_led = []
        for (leader_host, leader_port), led in by_leader.items():
            for partition, error, records in fetch(leader_host, leader_port, topic, led):
                if error in (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE) and attempt < ATTEMPTS:
                    not_led.append(partition)
                elif error:
                    raise RuntimeError(f"Fetch of {topic}-{partition} from {leader_host}:{leader_port} "
                                       f"answered error {error}")
                else:
                    codecs += batch_codecs(records)
        if not not_led:
            break
        remaining = not_led
        time.sleep(RETRY_PAUSE_S)
    return codecs


def fetch(host, port, topic, partitions):
    """[(partition, error code, record bytes)] of one Fetch of these partitions from offset 0."""
    request = struct.pack(">hhih", FETCH, VERSION, 1, len(CLIENT_ID)) + CLIENT_ID
    request += struct.pack(">iiiib", -1, 0, 0, MAX_BYTES, 0)
    request += struct.pack(">ih", 1, len(topic)) + topic.encode() + struct.pack(">i", len(partitions))
    for partition in partitions:
        request += struct.pack(">iqi", partition, 0, MAX_BYTES)
    response = exchange(host, port, request)
    response.take(">i")  # correlation id
    response.take(">i")  # throttle time
    fetched = []
    for _ in range(response.take(">i")[0]):
        response.string()
        for _ in range(response.take(">i")[0]):
            partition, error = response.take(">ih")
            response.take(">qq")  # high watermark, last stable offset
            aborted = response.take(">i")[0]
            for _ in range(max(aborted, 0)):
                response.take(">qq")
            fetched.append((partition, error, response.bytes()))
    return fetched


def batch_codecs(records):
    codecs = []
    position = 0
    while position + ATTRIBUTES_AT + 2 <= len(records):
        batch_length = struct.unpack_from(">i", records, position + BATCH_LENGTH_AT)[0]
        attributes = struct.unpack_from(">h", records, position + ATTRIBUTES_AT)[0]
        codecs.append(CODECS.get(attributes & 0x7, f"unknown-{attributes & 0x7}"))
        position += LOG_OVERHEAD + batch_length
    return codecs


if __name__ == "__main__":
    address, topic_name, partition_count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    host_name, port_number = address.rsplit(":", 1)
    print(json.dumps(stored_codecs(host_name, int(port_number), topic_name, list(range(partition_count)))))
