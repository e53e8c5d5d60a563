#!/usr/bin/python3
"""Which compression codecs the batches of a topic are stored with: stored_codecs.py HOST:PORT TOPIC PARTITIONS

Reads the partitions from offset 0 with one Fetch v4 request and prints the codec of every batch header as
a JSON list, e.g. ["zstd"]. A client that silently falls back to sending uncompressed batches (librdkafka
does so when it thinks the broker is too old) shows up as ["none"]. Nothing is decompressed.
"""

import json
import socket
import struct
import sys

FETCH = 1
VERSION = 4
CLIENT_ID = b"hexalog-compat"
MAX_BYTES = 16 * 1024 * 1024
TIMEOUT_S = 10
CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
# v2 batch header: baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8, crc int32,
# attributes int16 (codec in the lowest three bits).
BATCH_LENGTH_AT = 8
ATTRIBUTES_AT = 21
LOG_OVERHEAD = 12


def stored_codecs(host, port, topic, partitions):
    request = struct.pack(">hhih", FETCH, VERSION, 1, len(CLIENT_ID)) + CLIENT_ID
    request += struct.pack(">iiiib", -1, 0, 0, MAX_BYTES, 0)
    request += struct.pack(">ih", 1, len(topic)) + topic.encode() + struct.pack(">i", len(partitions))
    for partition in partitions:
        request += struct.pack(">iqi", partition, 0, MAX_BYTES)
    with socket.create_connection((host, port), timeout=TIMEOUT_S) as connection:
        connection.sendall(struct.pack(">i", len(request)) + request)
        size = struct.unpack(">i", read_exactly(connection, 4))[0]
        response = Reader(read_exactly(connection, size))
    response.take(">i")  # correlation id
    response.take(">i")  # throttle time
    codecs = []
    for _ in range(response.take(">i")[0]):
        response.string()
        for _ in range(response.take(">i")[0]):
            partition, error = response.take(">ih")
            if error:
                raise RuntimeError(f"Fetch of {topic}-{partition} answered error {error}")
            response.take(">qq")  # high watermark, last stable offset
            aborted = response.take(">i")[0]
            for _ in range(max(aborted, 0)):
                response.take(">qq")
            codecs += batch_codecs(response.bytes())
    return codecs


def batch_codecs(records):
    codecs = []
    position = 0
    while position + ATTRIBUTES_AT + 2 <= len(records):
        batch_length = struct.unpack_from(">i", records, position + BATCH_LENGTH_AT)[0]
        attributes = struct.unpack_from(">h", records, position + ATTRIBUTES_AT)[0]
        codecs.append(CODECS.get(attributes & 0x7, f"unknown-{attributes & 0x7}"))
        position += LOG_OVERHEAD + batch_length
    return codecs


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
            raise RuntimeError("connection closed before the Fetch response was read")
        data += chunk
    return data


if __name__ == "__main__":
    address, topic_name, partition_count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    host_name, port_number = address.rsplit(":", 1)
    print(json.dumps(stored_codecs(host_name, int(port_number), topic_name, list(range(partition_count)))))
