#!/usr/bin/python3
"""What a broker says of the cluster, read with Metadata v4 (topics are never auto-created by asking).

    cluster_metadata.py await-topic TOPIC HOST:PORT[,HOST:PORT...]

waits until every broker listed knows the topic, each partition with a leader, and exits non-zero if one
does not within the bound. A broker of a cluster learns of a new topic when it applies the topic's creation
from the replicated log, a little after the broker that took the request: an acks=0 produce to a leader that
has not learned of the topic yet is lost without a word, as it is on Kafka.
"""

import socket
import struct
import sys
import time

METADATA = 3
VERSION = 4
CLIENT_ID = b"hexalog-compat"
TIMEOUT_S = 10
AWAIT_TIMEOUT_S = 20
POLL_PAUSE_S = 0.1


def metadata(host, port, topics):
    """(brokers {node ID: (host, port)}, topics {name: (error code, {partition: leader ID})})."""
    request = struct.pack(">hhih", METADATA, VERSION, 1, len(CLIENT_ID)) + CLIENT_ID
    request += struct.pack(">i", len(topics))
    for topic in topics:
        request += struct.pack(">h", len(topic)) + topic.encode()
    request += struct.pack(">b", 0)  # allow_auto_topic_creation: false
    response = exchange(host, port, request)
    response.take(">i")  # correlation id
    response.take(">i")  # throttle time
    brokers = {}
    for _ in range(response.take(">i")[0]):
        node_id = response.take(">i")[0]
        broker_host = response.string()
        brokers[node_id] = (broker_host, response.take(">i")[0])
        response.string()  # rack
    response.string()  # cluster ID
    response.take(">i")  # controller ID
    described = {}
    for _ in range(response.take(">i")[0]):
        error = response.take(">h")[0]
        name = response.string()
        response.take(">b")  # is internal
        leaders = {}
        for _ in range(response.take(">i")[0]):
            _, partition, leader = response.take(">hii")
            for _ in range(2):  # replicas, in-sync replicas
                response.take(f">{response.take('>i')[0]}i")
            leaders[partition] = leader
        described[name] = (error, leaders)
    return brokers, described


def partition_leaders(host, port, topic):
    """{partition: (host, port) of its leader}, as the broker at host:port knows them."""
    brokers, topics = metadata(host, port, [topic])
    error, leaders = topics.get(topic, (None, {}))
    if error:
        raise RuntimeError(f"Metadata of {topic} from {host}:{port} answered error {error}")
    unled = sorted(p for p, leader in leaders.items() if leader not in brokers)
    if unled:
        raise RuntimeError(f"Metadata of {topic} from {host}:{port} gives partitions {unled} no live leader")
    return {partition: brokers[leader] for partition, leader in leaders.items()}


def await_topic(topic, addresses, timeout_s=AWAIT_TIMEOUT_S):
    """Waits until every broker at addresses ("host:port") knows the topic, each partition with a leader."""
    deadline = time.monotonic() + timeout_s
    for address in addresses:
        host, port = address.rsplit(":", 1)
        while True:
            try:
                partition_leaders(host, int(port), topic)
                break
            except RuntimeError as unknown:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{unknown}, still after {timeout_s}s") from None
                time.sleep(POLL_PAUSE_S)


def exchange(host, port, request):
    """Sends one request and reads its response."""
    with socket.create_connection((host, port), timeout=TIMEOUT_S) as connection:
        connection.sendall(struct.pack(">i", len(request)) + request)
        size = struct.unpack(">i", read_exactly(connection, 4))[0]
        return Reader(read_exactly(connection, size))


class Reader:
    def __init__(self, data):
        self.data = data
        self.position = 0

    def take(self, layout):
        values = struct.unpack_from(layout, self.data, self.position)
        self.position += struct.calcsize(layout)
        return values

    def string(self):
        length = self.take(">h")[0]
        if length < 0:
            return None
        value = self.data[self.position:self.position + length].decode()
        self.position += length
        return value

    def bytes(self):
        length = self.take(">i")[0]
        value = self.data[self.position:self.position + max(length, 0)]
        self.position += max(length, 0)
        return value


def read_exactly(connection, size):
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise RuntimeError("connection closed before the response was read")
        data += chunk
    return data


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "await-topic":
        sys.exit(f"usage: {sys.argv[0]} await-topic TOPIC HOST:PORT[,HOST:PORT...]")
    await_topic(sys.argv[2], sys.argv[3].split(","))
