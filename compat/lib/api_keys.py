#!/usr/bin/python3
"""Prints the API keys a broker advertises, comma-separated: compat/lib/api_keys.py HOST:PORT

Sends one ApiVersions v0 request (the version every broker answers) and reads the key ranges back, so
that the checks can tell "the client cannot" from "this broker does not serve that API yet".
"""

import socket
import struct
import sys

API_VERSIONS = 18
CLIENT_ID = b"hexalog-compat"
TIMEOUT_S = 10


def advertised_keys(host, port):
    header = struct.pack(">hhih", API_VERSIONS, 0, 1, len(CLIENT_ID)) + CLIENT_ID
    with socket.create_connection((host, port), timeout=TIMEOUT_S) as connection:
        connection.sendall(struct.pack(">i", len(header)) + header)
        size = struct.unpack(">i", read_exactly(connection, 4))[0]
        body = read_exactly(connection, size)
    correlation_id, error_code, count = struct.unpack_from(">ihi", body, 0)
    if correlation_id != 1 or error_code != 0:
        raise RuntimeError(f"ApiVersions answered correlation {correlation_id} with error {error_code}")
    return [struct.unpack_from(">hhh", body, 10 + 6 * i)[0] for i in range(count)]


def read_exactly(connection, size):
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise RuntimeError("connection closed before the ApiVersions response was read")
        data += chunk
    return data


if __name__ == "__main__":
    host, port = sys.argv[1].rsplit(":", 1)
    print(",".join(str(key) for key in sorted(advertised_keys(host, int(port)))))
