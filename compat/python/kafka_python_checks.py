#!/usr/bin/python3
"""kafka-python against a running broker: kafka_python_checks.py HOST:PORT

No api_version is configured: the client probes the broker with ApiVersions and picks its request
versions from what it infers.
"""

import logging
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import checklib  # noqa: E402
from checklib import expect, expect_equal  # noqa: E402

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition  # noqa: E402
from kafka import codec as codecs  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402

CODECS = {"gzip": codecs.has_gzip, "snappy": codecs.has_snappy, "lz4": codecs.has_lz4, "zstd": codecs.has_zstd}
CODEC_LIBRARIES = {"snappy": "python3-snappy", "lz4": "python3-lz4", "zstd": "python3-zstandard"}
PARTITIONS = 3
TIMEOUT_S = 20
SENT_REQUEST = re.compile(r"Request \d+: (\w+)Request_v(\d+)")

bootstrap = checklib.bootstrap_server()
negotiated = {}


class RequestVersions(logging.Handler):
    """Collects the request versions kafka-python logs for every request it sends."""

    def emit(self, record):
        if record.levelno == logging.DEBUG and "Request" in record.msg:
            for api, version in SENT_REQUEST.findall(record.getMessage()):
                negotiated.setdefault(api, set()).add(int(version))


connection_log = logging.getLogger("kafka.conn")
connection_log.addHandler(RequestVersions())
connection_log.setLevel(logging.DEBUG)
connection_log.propagate = False

admin = None


def common():
    return {"bootstrap_servers": bootstrap, "request_timeout_ms": TIMEOUT_S * 1000}


def create_topic(name, partitions=PARTITIONS):
    admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=checklib.replication_factor())],
                        timeout_ms=TIMEOUT_S * 1000)
    checklib.await_topic_on_every_broker(name)


def produce(topic, records, partitioned=False, **settings):
    """Produces (key, value, headers) records; partitioned puts record i in partition i % 4."""
    producer = KafkaProducer(**common(), **settings)
    try:
        futures = [producer.send(topic, key=key.encode(), value=value.encode(), headers=headers,
                                 partition=(i % 4 if partitioned else None))
                   for i, (key, value, headers) in enumerate(records)]
        producer.flush(timeout=TIMEOUT_S)
        for future in futures:
            future.get(timeout=TIMEOUT_S)
    finally:
        producer.close(timeout=TIMEOUT_S)


def decoded(message):
    return message.key.decode(), message.value.decode(), [(name, value) for name, value in message.headers]


def read_partitions(topic, partitions, expected_count):
    """Reads partitions from the beginning with assign(): no consumer group involved."""
    consumer = KafkaConsumer(**common(), group_id=None, enable_auto_commit=False)
    try:
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        consumer.seek_to_beginning()
        return poll(consumer, expected_count)
    finally:
        consumer.close()


def poll(consumer, expected_count, timeout_s=TIMEOUT_S):
    records = []
    deadline = time.monotonic() + timeout_s
    while len(records) < expected_count and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=500).values():
            records.extend(batch)
    expect(len(records) >= expected_count, f"read {len(records)} of {expected_count} records in {timeout_s}s")
    return records


def check_metadata():
    cluster = admin.describe_cluster()
    addresses = sorted(f"{broker['host']}:{broker['port']}" for broker in cluster["brokers"])
    expect_equal(addresses, checklib.expected_brokers(), "brokers at their advertised addresses")
    checklib.info(f"broker version inferred by kafka-python: {'.'.join(map(str, admin.config['api_version']))}")


def check_admin_create_delete():
    name = checklib.unique("kafka-python-admin")
    create_topic(name, 2)
    expect(name in admin.list_topics(), f"created topic {name} is listed")
    [description] = admin.describe_topics([name])
    expect_equal(len(description["partitions"]), 2, "partitions of the created topic")
    expect_equal([len(partition["replicas"]) for partition in description["partitions"]],
                 [checklib.replication_factor()] * 2, "replicas of each partition")
    admin.delete_topics([name], timeout_ms=TIMEOUT_S * 1000)
    checklib.wait_until(lambda: name not in admin.list_topics(), 10, "deleted topic disappears from the listing")


TOPIC = checklib.unique("kafka-python-records")
PRODUCED = checklib.keyed_records("kafka-python", 30)


def check_produce_keyed_with_headers():
    create_topic(TOPIC)
    produce(TOPIC, PRODUCED)


def check_consume_from_beginning():
    messages = read_partitions(TOPIC, range(PARTITIONS), len(PRODUCED))
    checklib.expect_same_records([decoded(m) for m in messages], PRODUCED)


def check_codec(codec):
    if not CODECS[codec]():
        return f"kafka-python needs the {CODEC_LIBRARIES[codec]} package for {codec}, which is not installed"
    topic = checklib.unique(f"kafka-python-{codec}")
    create_topic(topic)
    produced = checklib.keyed_records(f"kafka-python-{codec}", 40, padding=60)
    produce(topic, produced, compression_type=codec, linger_ms=20)
    checklib.expect_same_records([decoded(m) for m in read_partitions(topic, range(PARTITIONS), len(produced))], produced)
    checklib.expect_stored_with(bootstrap, topic, range(PARTITIONS), codec)
    return None


TIMESTAMP = 1_600_000_000_000


def check_offsets_for_times():
    topic = checklib.unique("kafka-python-times")
    create_topic(topic, 1)
    producer = KafkaProducer(**common())
    try:
        for i in range(3):
            producer.send(topic, value=f"at-{i}".encode(), partition=0, timestamp_ms=TIMESTAMP + 1000 * i)
        producer.flush(timeout=TIMEOUT_S)
    finally:
        producer.close(timeout=TIMEOUT_S)
    consumer = KafkaConsumer(**common(), group_id=None)
    partition = TopicPartition(topic, 0)
    try:
        for timestamp, expected in [(TIMESTAMP, 0), (TIMESTAMP + 500, 1), (TIMESTAMP + 5000, None)]:
            found = consumer.offsets_for_times({partition: timestamp})[partition]
            expect_equal(found and found.offset, expected, f"offset for time {timestamp}")
        expect_equal((consumer.beginning_offsets([partition])[partition], consumer.end_offsets([partition])[partition]),
                     (0, 3), "beginning and end offsets")
    finally:
        consumer.close()


def check_acks_zero():
    topic = checklib.unique("kafka-python-acks0")
    create_topic(topic)
    produced = checklib.keyed_records("kafka-python-acks0", 10)
    produce(topic, produced, acks=0)
    checklib.expect_same_records([decoded(m) for m in read_partitions(topic, range(PARTITIONS), len(produced))], produced)


GROUP_TOPIC = checklib.unique("kafka-python-group")
GROUP = checklib.unique("kafka-python-group")


def member():
    consumer = KafkaConsumer(**common(), group_id=GROUP, auto_offset_reset="earliest", enable_auto_commit=False,
                             session_timeout_ms=10000, heartbeat_interval_ms=1000,
                             max_poll_interval_ms=20000)
    consumer.subscribe([GROUP_TOPIC])
    return consumer


def poll_members(members, expected_count, timeout_s=30):
    """Polls every member on its own thread until they read expected_count records together.

    One thread each, because kafka-python's poll() blocks while its member (re)joins the group, and a join
    waits for every other member to rejoin too.
    """
    read = [[] for _ in members]
    done = threading.Event()
    deadline = time.monotonic() + timeout_s
    failures = []

    def consume(i, consumer):
        try:
            while not done.is_set() and time.monotonic() < deadline:
                for batch in consumer.poll(timeout_ms=200).values():
                    read[i].extend(batch)
                if sum(map(len, read)) >= expected_count:
                    done.set()
        except Exception as e:  # reported by the check
            failures.append(e)
            done.set()

    threads = [threading.Thread(target=consume, args=(i, c), daemon=True) for i, c in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
    expect(not any(thread.is_alive() for thread in threads), "a member's poll() returned in time")
    if failures:
        raise failures[0]
    total = sum(map(len, read))
    expect(total >= expected_count, f"group read {total} of {expected_count} records in {timeout_s}s")
    return read


def check_group_split():
    create_topic(GROUP_TOPIC, 4)
    produced = checklib.group_records("before-restart", 40)
    produce(GROUP_TOPIC, produced, partitioned=True)
    members = [member(), member()]
    try:
        read = poll_members(members, len(produced))
        assigned = [{tp.partition for tp in consumer.assignment()} for consumer in members]
        expect(all(assigned) and not (assigned[0] & assigned[1]) and assigned[0] | assigned[1] == set(range(4)),
               f"two members split 4 partitions, got {assigned}")
        for messages, partitions in zip(read, assigned):
            expect({m.partition for m in messages} <= partitions, "a member reads only its own partitions")
        checklib.expect_same_records([decoded(m) for messages in read for m in messages], produced)
        for consumer in members:
            consumer.commit()
        partitions = [TopicPartition(GROUP_TOPIC, p) for p in range(4)]
        ends = members[0].end_offsets(partitions)
        expect_equal([members[0].committed(tp) for tp in partitions], [ends[tp] for tp in partitions],
                     "committed offsets")
    finally:
        for consumer in members:
            consumer.close(autocommit=False)


def check_group_resume():
    produced = checklib.group_records("after-restart", 8)
    produce(GROUP_TOPIC, produced, partitioned=True)
    consumer = member()
    try:
        [read] = poll_members([consumer], len(produced))
        # a little longer: anything before the committed offsets would show up as extra records
        for batch in consumer.poll(timeout_ms=1000).values():
            read.extend(batch)
        checklib.expect_same_records([decoded(m) for m in read], produced)
    finally:
        consumer.close(autocommit=False)


def connect_admin():
    global admin
    admin = KafkaAdminClient(**common())


def main():
    checks = checklib.Checks()
    checks.run("connect", connect_admin)
    if admin is None:
        return 1
    checks.run("metadata", check_metadata)
    checks.run("admin-create-delete-topic", check_admin_create_delete)
    checks.run("produce-keyed-with-headers", check_produce_keyed_with_headers)
    checks.run("consume-from-beginning", check_consume_from_beginning)
    for codec in CODECS:
        checks.run(f"compression-{codec}", check_codec, codec)
    checks.skip("idempotent-produce", "kafka-python 2.0.2 has no idempotent producer")
    checks.run("produce-acks-0", check_acks_zero)
    checks.run("offsets-for-times", check_offsets_for_times)
    checklib.run_group_checks(checks, check_group_split, check_group_resume)
    admin.close()
    checklib.report_versions(negotiated)
    return checks.exit_code()


if __name__ == "__main__":
    checklib.run_script(main)
