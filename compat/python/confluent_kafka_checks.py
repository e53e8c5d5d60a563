#!/usr/bin/python3
"""confluent-kafka-python (on librdkafka) against a running broker: confluent_kafka_checks.py HOST:PORT"""

import logging
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import checklib  # noqa: E402
from checklib import expect, expect_equal  # noqa: E402

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

CODECS = ["gzip", "snappy", "lz4", "zstd"]
PARTITIONS = 3
TIMEOUT_S = 20
SENT_REQUEST = re.compile(r"Sent (\w+)Request \(v(\d+)")

bootstrap = checklib.bootstrap_server()
negotiated = {}


class RequestVersions(logging.Handler):
    """Collects the request versions librdkafka logs with debug=protocol."""

    def emit(self, record):
        for api, version in SENT_REQUEST.findall(record.getMessage()):
            negotiated.setdefault(api, set()).add(int(version))


protocol_log = logging.getLogger("librdkafka")
protocol_log.addHandler(RequestVersions())
protocol_log.setLevel(logging.DEBUG)
protocol_log.propagate = False


def config(**extra):
    settings = {"bootstrap.servers": bootstrap, "debug": "protocol", "logger": protocol_log}
    settings.update({key.replace("_", "."): value for key, value in extra.items()})
    return settings


admin = AdminClient(config())


def create_topic(name, partitions=PARTITIONS):
    futures = admin.create_topics([NewTopic(name, num_partitions=partitions,
                                            replication_factor=checklib.replication_factor())],
                                  operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
    futures[name].result(timeout=TIMEOUT_S)
    checklib.await_topic_on_every_broker(name)


def topic_names():
    return set(admin.list_topics(timeout=TIMEOUT_S).topics)


def produce(topic, records, partitioned=False, **settings):
    """Produces (key, value, headers) records; partitioned puts record i in partition i % 4."""
    producer = Producer(config(**settings))
    failures = []

    def delivered(error, message):
        if error is not None:
            failures.append(str(error))

    for i, (key, value, headers) in enumerate(records):
        where = {"partition": i % 4} if partitioned else {}
        producer.produce(topic, key=key.encode(), value=value.encode(), headers=headers, on_delivery=delivered,
                         **where)
        producer.poll(0)
    remaining = producer.flush(TIMEOUT_S)
    expect_equal(remaining, 0, "records still undelivered after flush")
    expect(not failures, f"delivery failed: {failures[:3]}")


def decoded(message):
    headers = [(name, value) for name, value in (message.headers() or [])]
    return message.key().decode(), message.value().decode(), headers


def read_partitions(topic, partitions, expected_count):
    """Reads partitions from the beginning with assign(): no consumer group involved."""
    consumer = Consumer(config(group_id=checklib.unique("unused"), enable_auto_commit=False))
    try:
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        return poll(consumer, expected_count)
    finally:
        consumer.close()


def poll(consumer, expected_count, timeout_s=TIMEOUT_S):
    records = []
    deadline = time.monotonic() + timeout_s
    while len(records) < expected_count and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            raise KafkaException(message.error())
        records.append(message)
    expect(len(records) >= expected_count, f"read {len(records)} of {expected_count} records in {timeout_s}s")
    return records


def check_metadata():
    metadata = admin.list_topics(timeout=TIMEOUT_S)
    addresses = sorted(f"{broker.host}:{broker.port}" for broker in metadata.brokers.values())
    expect_equal(addresses, checklib.expected_brokers(), "brokers at their advertised addresses")


def check_admin_create_delete():
    name = checklib.unique("confluent-admin")
    create_topic(name, 2)
    metadata = admin.list_topics(timeout=TIMEOUT_S)
    expect(name in metadata.topics, f"created topic {name} is listed")
    expect_equal(len(metadata.topics[name].partitions), 2, "partitions of the created topic")
    expect_equal([len(partition.replicas) for partition in metadata.topics[name].partitions.values()],
                 [checklib.replication_factor()] * 2, "replicas of each partition")
    futures = admin.delete_topics([name], operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
    futures[name].result(timeout=TIMEOUT_S)
    checklib.wait_until(lambda: name not in topic_names(), 10, "deleted topic disappears from the listing")


TOPIC = checklib.unique("confluent-records")
PRODUCED = checklib.keyed_records("confluent", 30)


def check_produce_keyed_with_headers():
    create_topic(TOPIC)
    produce(TOPIC, PRODUCED)


def check_consume_from_beginning():
    messages = read_partitions(TOPIC, range(PARTITIONS), len(PRODUCED))
    checklib.expect_same_records([decoded(m) for m in messages], PRODUCED)


def built_with(feature):
    """librdkafka refuses builtin.features values its build lacks."""
    try:
        Producer({"bootstrap.servers": bootstrap, "builtin.features": feature})
        return True
    except KafkaException:
        return False


def check_codec(codec):
    if not built_with(codec):
        return f"this librdkafka build has no {codec} (builtin.features)"
    topic = checklib.unique(f"confluent-{codec}")
    create_topic(topic)
    produced = checklib.keyed_records(f"confluent-{codec}", 40, padding=60)
    produce(topic, produced, compression_type=codec, linger_ms=20)
    checklib.expect_same_records([decoded(m) for m in read_partitions(topic, range(PARTITIONS), len(produced))], produced)
    if codec == "lz4" and checklib.librdkafka_lz4_unavailable():
        return checklib.librdkafka_lz4_unavailable()
    checklib.expect_stored_with(bootstrap, topic, range(PARTITIONS), codec)
    return None


def check_idempotent_produce():
    topic = checklib.unique("confluent-idempotent")
    create_topic(topic)
    produced = checklib.keyed_records("confluent-idempotent", 30)
    produce(topic, produced, enable_idempotence=True, acks="all")
    checklib.expect_same_records([decoded(m) for m in read_partitions(topic, range(PARTITIONS), len(produced))], produced)


TIMESTAMP = 1_600_000_000_000


def check_offsets_for_times():
    topic = checklib.unique("confluent-times")
    create_topic(topic, 1)
    producer = Producer(config())
    for i in range(3):
        producer.produce(topic, value=f"at-{i}".encode(), partition=0, timestamp=TIMESTAMP + 1000 * i)
    expect_equal(producer.flush(TIMEOUT_S), 0, "records still undelivered after flush")
    consumer = Consumer(config(group_id=checklib.unique("unused"), enable_auto_commit=False))
    try:
        for timestamp, expected in [(TIMESTAMP, 0), (TIMESTAMP + 500, 1), (TIMESTAMP + 5000, -1)]:
            [found] = consumer.offsets_for_times([TopicPartition(topic, 0, timestamp)], timeout=TIMEOUT_S)
            expect_equal(found.offset, expected, f"offset for time {timestamp}")
        expect_equal(consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=TIMEOUT_S), (0, 3),
                     "low and high watermarks")
    finally:
        consumer.close()


def check_acks_zero():
    topic = checklib.unique("confluent-acks0")
    create_topic(topic)
    produced = checklib.keyed_records("confluent-acks0", 10)
    produce(topic, produced, acks=0)
    checklib.expect_same_records([decoded(m) for m in read_partitions(topic, range(PARTITIONS), len(produced))], produced)


GROUP_TOPIC = checklib.unique("confluent-group")
GROUP = checklib.unique("confluent-group")


class Member:
    """A subscribed consumer in the group that remembers what it was assigned."""

    def __init__(self):
        self.consumer = Consumer(config(group_id=GROUP, auto_offset_reset="earliest", enable_auto_commit=False,
                                        session_timeout_ms=10000))
        self.assigned = set()
        self.consumer.subscribe([GROUP_TOPIC], on_assign=self.on_assign, on_revoke=self.on_revoke)

    def on_assign(self, consumer, partitions):
        self.assigned = {p.partition for p in partitions}

    def on_revoke(self, consumer, partitions):
        self.assigned = set()

    def close(self):
        self.consumer.close()


def poll_members(members, expected_count, timeout_s=30):
    """Polls every member in turn until they read expected_count records together."""
    read = {id(member): [] for member in members}
    deadline = time.monotonic() + timeout_s
    while sum(map(len, read.values())) < expected_count and time.monotonic() < deadline:
        for member in members:
            message = member.consumer.poll(0.2)
            if message is not None and not message.error():
                read[id(member)].append(message)
            elif message is not None:
                raise KafkaException(message.error())
    total = sum(map(len, read.values()))
    expect(total >= expected_count, f"group read {total} of {expected_count} records in {timeout_s}s")
    return [read[id(member)] for member in members]


def check_group_split():
    create_topic(GROUP_TOPIC, 4)
    produced = checklib.group_records("before-restart", 40)
    produce(GROUP_TOPIC, produced, partitioned=True)
    members = [Member(), Member()]
    try:
        read = poll_members(members, len(produced))
        assigned = [member.assigned for member in members]
        expect(all(assigned) and not (assigned[0] & assigned[1]) and assigned[0] | assigned[1] == set(range(4)),
               f"two members split 4 partitions, got {assigned}")
        for messages, partitions in zip(read, assigned):
            expect({m.partition() for m in messages} <= partitions, "a member reads only its own partitions")
        checklib.expect_same_records([decoded(m) for messages in read for m in messages], produced)
        for member in members:
            member.consumer.commit(asynchronous=False)
        committed = members[0].consumer.committed([TopicPartition(GROUP_TOPIC, p) for p in range(4)],
                                                  timeout=TIMEOUT_S)
        ends = [members[0].consumer.get_watermark_offsets(TopicPartition(GROUP_TOPIC, p), timeout=TIMEOUT_S)[1]
                for p in range(4)]
        expect_equal([tp.offset for tp in committed], ends, "committed offsets")
    finally:
        for member in members:
            member.close()


def check_group_resume():
    produced = checklib.group_records("after-restart", 8)
    produce(GROUP_TOPIC, produced, partitioned=True)
    member = Member()
    try:
        [read] = poll_members([member], len(produced))
        # a little longer: anything before the committed offsets would show up as extra records
        read += [m for m in [member.consumer.poll(1.0)] if m is not None and not m.error()]
        checklib.expect_same_records([decoded(m) for m in read], produced)
    finally:
        member.close()


TX_TOPIC = checklib.unique("confluent-tx")
TX_PARTITIONS = 2


def transactional_producer(transactional_id):
    producer = Producer(config(transactional_id=transactional_id, transaction_timeout_ms=60000))
    producer.init_transactions(TIMEOUT_S)
    return producer


def produce_in_transaction(producer, topic, values):
    """Produces value i to partition i % 2 inside the open transaction and waits until the log has them."""
    for i, value in enumerate(values):
        producer.produce(topic, key=f"key-{i % TX_PARTITIONS}".encode(), value=value.encode(),
                         partition=i % TX_PARTITIONS)
    expect_equal(producer.flush(TIMEOUT_S), 0, "records still undelivered after flush")


def read_values(topic, partitions, isolation, expected_count, linger_s=0):
    """The values of every record of the partitions, read from the beginning with the isolation level; after the
    expected count, linger_s longer: a record that should not be seen, if the log has it after the expected ones,
    would show up. (One before them shows up among the expected count.)"""
    consumer = Consumer(config(group_id=checklib.unique("unused"), enable_auto_commit=False,
                               isolation_level=isolation))
    try:
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        messages = poll(consumer, expected_count)
        if linger_s:
            messages += [m for m in [consumer.poll(linger_s)] if m is not None and not m.error()]
        return sorted(m.value().decode() for m in messages)
    finally:
        consumer.close()


def tx_values(what, count):
    return [f"{what}-{i}" for i in range(count)]


def check_transactions_commit_abort():
    """A commit, an abort (flushed first, so that its records are in the log) and a second commit on two
    partitions: read_committed sees the committed records only, read_uncommitted all of them."""
    create_topic(TX_TOPIC, TX_PARTITIONS)
    committed, aborted, committed_after = tx_values("committed", 6), tx_values("aborted", 4), tx_values("after", 2)
    producer = transactional_producer(checklib.unique("confluent-tx"))
    for values, commit in [(committed, True), (aborted, False), (committed_after, True)]:
        producer.begin_transaction()
        produce_in_transaction(producer, TX_TOPIC, values)
        if commit:
            producer.commit_transaction(TIMEOUT_S)
        else:
            producer.abort_transaction(TIMEOUT_S)
    expect_equal(read_values(TX_TOPIC, range(TX_PARTITIONS), "read_committed", 8), sorted(committed + committed_after),
                 "records read with read_committed")
    expect_equal(read_values(TX_TOPIC, range(TX_PARTITIONS), "read_uncommitted", 12),
                 sorted(committed + aborted + committed_after), "records read with read_uncommitted")


def check_transactions_consume_transform_produce():
    """Reads an input topic in a group, produces the records upper-cased to an output topic and commits the
    group's offsets (the ends of the input) with send_offsets_to_transaction: one transaction. An aborted second
    round, which would rewind the offsets to 0, leaves neither its output nor its offsets behind."""
    source, sink, group = (checklib.unique(f"confluent-ctp-{what}") for what in ("in", "out", "group"))
    create_topic(source, TX_PARTITIONS)
    create_topic(sink, TX_PARTITIONS)
    produce(source, [(f"key-{i}", f"word-{i}", []) for i in range(6)])
    consumer = Consumer(config(group_id=group, enable_auto_commit=False, isolation_level="read_committed"))
    producer = transactional_producer(checklib.unique("confluent-ctp"))
    inputs = [TopicPartition(source, p) for p in range(TX_PARTITIONS)]
    try:
        consumer.assign([TopicPartition(source, p, 0) for p in range(TX_PARTITIONS)])
        words = [m.value().decode() for m in poll(consumer, 6)]
        ends = [consumer.get_watermark_offsets(tp, timeout=TIMEOUT_S)[1] for tp in inputs]
        for commit in (True, False):
            producer.begin_transaction()
            produce_in_transaction(producer, sink, [word.upper() + ("" if commit else "-aborted") for word in words])
            offsets = [TopicPartition(source, p, ends[p] if commit else 0) for p in range(TX_PARTITIONS)]
            producer.send_offsets_to_transaction(offsets, consumer.consumer_group_metadata(), TIMEOUT_S)
            if commit:
                producer.commit_transaction(TIMEOUT_S)
            else:
                producer.abort_transaction(TIMEOUT_S)
        committed = consumer.committed(inputs, timeout=TIMEOUT_S)
        expect_equal([tp.offset for tp in committed], ends, "offsets committed with the transaction")
    finally:
        consumer.close()
    expect_equal(read_values(sink, range(TX_PARTITIONS), "read_committed", 6, linger_s=0.5),
                 sorted(f"WORD-{i}" for i in range(6)), "transformed records read with read_committed")


def check_transactions_zombie_fenced():
    """A second producer with the same transactional.id fences the first: the first's next transactional
    operation fails with a fatal error, and only the second's records are committed."""
    topic = checklib.unique("confluent-zombie")
    create_topic(topic, TX_PARTITIONS)
    transactional_id = checklib.unique("confluent-zombie")
    zombie = transactional_producer(transactional_id)
    zombie.begin_transaction()
    produce_in_transaction(zombie, topic, tx_values("zombie", 2))
    successor = transactional_producer(transactional_id)
    try:
        zombie.produce(topic, value=b"zombie-late", partition=0)
        zombie.flush(TIMEOUT_S)
        zombie.commit_transaction(TIMEOUT_S)
        raise AssertionError("the fenced producer committed its transaction")
    except KafkaException as e:
        error = e.args[0]
        expect(error.fatal(), f"fencing is a fatal error for the first producer, got {error}")
    successor.begin_transaction()
    produce_in_transaction(successor, topic, tx_values("successor", 2))
    successor.commit_transaction(TIMEOUT_S)
    expect_equal(read_values(topic, range(TX_PARTITIONS), "read_committed", 2), tx_values("successor", 2),
                 "records read with read_committed")


def main():
    checks = checklib.Checks()
    checks.run("metadata", check_metadata)
    checks.run("admin-create-delete-topic", check_admin_create_delete)
    checks.run("produce-keyed-with-headers", check_produce_keyed_with_headers)
    checks.run("consume-from-beginning", check_consume_from_beginning)
    for codec in CODECS:
        checks.run(f"compression-{codec}", check_codec, codec)
    checks.run("idempotent-produce", check_idempotent_produce)
    checks.run("produce-acks-0", check_acks_zero)
    checks.run("offsets-for-times", check_offsets_for_times)
    checklib.run_group_checks(checks, check_group_split, check_group_resume)
    checklib.run_transaction_checks(checks, [
        ("transactions-commit-abort", check_transactions_commit_abort),
        ("transactions-consume-transform-produce", check_transactions_consume_transform_produce),
        ("transactions-zombie-fenced", check_transactions_zombie_fenced)])
    admin.poll(0.5)  # hands the admin client's queued log lines to the logger
    checklib.report_versions(negotiated)
    return checks.exit_code()


if __name__ == "__main__":
    checklib.run_script(main)
