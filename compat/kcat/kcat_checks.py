#!/usr/bin/python3
"""kcat (librdkafka) against a running broker: compat/kcat/kcat_checks.py HOST:PORT

Topics are auto-created by producing to them; the runner starts the broker with --num-partitions 4 so that
the consumer group checks have partitions to share. kcat has no admin commands.
"""

import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import checklib  # noqa: E402
from checklib import expect, expect_equal  # noqa: E402

KCAT = os.environ.get("KCAT", "kcat")
CODECS = ["gzip", "snappy", "lz4", "zstd"]
HEADERS = [("trace-id", "kcat-trace"), ("source", "compat")]
KEY_DELIMITER = "|"
COMMAND_TIMEOUT_S = 30
MEMBER_TIMEOUT_S = 45
SENT_REQUEST = re.compile(r"Sent (\w+)Request \(v(\d+)")

bootstrap = checklib.bootstrap_server()
negotiated = {}


def kcat(*args, stdin=None, timeout=COMMAND_TIMEOUT_S):
    """Runs kcat with protocol debugging on, records the request versions it sent, returns its stdout."""
    command = [KCAT, "-b", bootstrap, "-X", "debug=protocol", *args]
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout)
    for api, version in SENT_REQUEST.findall(result.stderr):
        negotiated.setdefault(api, set()).add(int(version))
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if "ERROR" in line or "FAIL" in line]
        raise RuntimeError(f"kcat {' '.join(args[:4])} exited {result.returncode}: {' | '.join(errors[-3:])}")
    return result.stdout


def produce(topic, records, *extra):
    if topic not in created:
        create(topic)
    lines = "".join(f"{key}{KEY_DELIMITER}{value}\n" for key, value in records)
    header_flags = [flag for name, value in HEADERS for flag in ("-H", f"{name}={value}")]
    kcat("-P", "-t", topic, "-K", KEY_DELIMITER, *header_flags, *extra, stdin=lines)


created = set()


def create(topic):
    """
    Creates the topic by asking for it (kcat has no admin commands) and waits until every broker knows it. kcat gives
    up on metadata after 5 s; a cluster just started once took longer to create its first topic, its metadata
    group's first commands going from one node to another meanwhile, so a timed-out ask is asked once more, as a
    client's next metadata refresh would.
    """
    try:
        kcat("-L", "-t", topic, "-X", "allow.auto.create.topics=true")
    except RuntimeError as timed_out:
        if "Timed out" not in str(timed_out):
            raise
        checklib.info(f"the first ask for {topic} timed out ({timed_out}); asking again")
        kcat("-L", "-t", topic, "-X", "allow.auto.create.topics=true")
    checklib.await_topic_on_every_broker(topic)
    created.add(topic)


def consume_all(topic):
    out = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-J")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def partition_count(topic):
    metadata = json.loads(kcat("-L", "-J", "-t", topic))
    return len([t for t in metadata["topics"] if t["topic"] == topic][0]["partitions"])


def as_records(messages):
    return [(m["key"], m["payload"]) for m in messages]


def records(prefix, count):
    return [(key, value) for key, value, _ in checklib.keyed_records(prefix, count)]


def compare(consumed, produced):
    checklib.expect_same_records(as_records(consumed), produced)


def check_metadata():
    metadata = json.loads(kcat("-L", "-J"))
    addresses = sorted(broker["name"].rsplit("/", 1)[0] for broker in metadata["brokers"])
    expect_equal(addresses, checklib.expected_brokers(), "brokers at their advertised addresses")


TOPIC = checklib.unique("kcat-records")
PRODUCED = records("kcat", 30)


def check_produce_keyed_with_headers():
    produce(TOPIC, PRODUCED)
    metadata = json.loads(kcat("-L", "-J", "-t", TOPIC))
    topics = [t for t in metadata["topics"] if t["topic"] == TOPIC]
    expect(topics and len(topics[0]["partitions"]) >= 2, f"topic {TOPIC} has no partitions listed: {topics}")


def check_consume_from_beginning():
    consumed = consume_all(TOPIC)
    compare(consumed, PRODUCED)
    for message in consumed:
        pairs = message["headers"] or []
        headers = list(zip(pairs[0::2], pairs[1::2]))
        expect_equal(headers, HEADERS, f"headers of offset {message['offset']}")
    for key, partitions in partitions_by_key(consumed).items():
        expect_equal(len(partitions), 1, f"partitions of key {key}")


def partitions_by_key(messages):
    by_key = {}
    for message in messages:
        by_key.setdefault(message["key"], set()).add(message["partition"])
    return by_key


def builtin_features():
    """What this librdkafka build supports, from `kcat -V` (builtin.features=gzip,snappy,...)."""
    version = subprocess.run([KCAT, "-V"], capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S).stdout
    match = re.search(r"builtin\.features=([\w,]+)", version)
    return set(match.group(1).split(",")) if match else set()


def check_codec(codec):
    if codec not in builtin_features():
        return f"this librdkafka build has no {codec} (builtin.features)"
    topic = checklib.unique(f"kcat-{codec}")
    produced = [(key, value) for key, value, _ in checklib.keyed_records(f"kcat-{codec}", 40, padding=60)]
    produce(topic, produced, "-z", codec)
    compare(consume_all(topic), produced)
    if codec == "lz4" and checklib.librdkafka_lz4_unavailable():
        return checklib.librdkafka_lz4_unavailable()
    checklib.expect_stored_with(bootstrap, topic, range(partition_count(topic)), codec)
    return None


def check_idempotent_produce():
    topic = checklib.unique("kcat-idempotent")
    produced = records("kcat-idempotent", 30)
    produce(topic, produced, "-X", "enable.idempotence=true")
    compare(consume_all(topic), produced)


def check_offsets_for_times():
    """ListOffsets by timestamp: 0 finds the first record, a future time none (-1), -1 the log end."""
    topic = checklib.unique("kcat-times")
    produce(topic, records("kcat-times", 3), "-p", "0")
    future = int(time.time() * 1000) + 3_600_000
    for timestamp, expected in [(0, 0), (future, -1), (-1, 3), (-2, 0)]:
        out = kcat("-Q", "-t", f"{topic}:0:{timestamp}")
        expect_equal(out.split(), [topic, "[0]", "offset", str(expected)], f"offset for time {timestamp}")


def check_acks_zero():
    topic = checklib.unique("kcat-acks0")
    produced = records("kcat-acks0", 10)
    produce(topic, produced, "-X", "acks=0")
    compare(consume_all(topic), produced)


GROUP_TOPIC = checklib.unique("kcat-group")
GROUP = checklib.unique("kcat-group")


def group_member(stdout_path):
    """Starts a kcat balanced consumer that exits once its partitions reach their end."""
    # under `timeout` too, so that no member outlives this script
    command = ["timeout", str(MEMBER_TIMEOUT_S), KCAT, "-b", bootstrap, "-G", GROUP, GROUP_TOPIC,
               "-X", "auto.offset.reset=earliest",
               "-X", "debug=protocol", "-e", "-J"]
    stdout = open(stdout_path, "w")
    stderr = open(stdout_path + ".err", "w")
    return subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True), stdout, stderr


def finish(member, timeout):
    process, stdout, stderr = member
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.terminate()  # `timeout` passes SIGTERM on to kcat
        process.wait(timeout=10)
        raise TimeoutError(f"group member did not reach the end of its partitions within {timeout}s")
    finally:
        stdout.close()
        stderr.close()
    with open(stdout.name) as out, open(stderr.name) as err:
        log = err.read()
        for api, version in SENT_REQUEST.findall(log):
            negotiated.setdefault(api, set()).add(int(version))
        if process.returncode != 0:
            raise RuntimeError(f"group member exited {process.returncode}: {log.splitlines()[-1:]}")
        return [json.loads(line) for line in out if line.strip()], log


def check_group_split(work_dir):
    produced = records("kcat-group", 40)
    produce(GROUP_TOPIC, produced)
    members = [group_member(os.path.join(work_dir, f"member-{i}.json")) for i in range(2)]
    results = [finish(member, 35) for member in members]
    consumed = [messages for messages, _ in results]
    assigned = [set(map(int, re.findall(r"\[(\d+)\]", assignment(log)))) for _, log in results]
    expect(all(assigned), f"both members get partitions, got {assigned}")
    expect(not (assigned[0] & assigned[1]), f"members share no partition, got {assigned}")
    for messages, partitions in zip(consumed, assigned):
        expect({m["partition"] for m in messages} <= partitions, "a member reads only its own partitions")
    compare(consumed[0] + consumed[1], produced)


DEBUG_LINE = re.compile(r"%7\|[^\n]*\n")


def assignment(log):
    """The partitions of the first assignment a kcat member logged.

    kcat's own lines and librdkafka's debug lines share stderr and are written by different threads, so a debug
    line can land in the middle of the assignment line: the debug lines are taken out before it is read.
    """
    match = re.search(r"rebalanced \(memberid [^)]*\): assigned: (.*)", DEBUG_LINE.sub("", log))
    return match.group(1) if match else ""


def check_group_resume(work_dir):
    partitions = partition_count(GROUP_TOPIC)
    produced = []
    for partition in range(partitions):
        batch = [(f"resume-{partition}", f"after-restart-{partition}-{i}") for i in range(2)]
        produce(GROUP_TOPIC, batch, "-p", str(partition))
        produced += batch
    consumed, _ = finish(group_member(os.path.join(work_dir, "restarted.json")), 35)
    compare(consumed, produced)


def main():
    checks = checklib.Checks()
    work_dir = os.environ.get("COMPAT_WORK_DIR", "/tmp")
    checks.run("metadata", check_metadata)
    checks.run("produce-keyed-with-headers", check_produce_keyed_with_headers)
    checks.run("consume-from-beginning", check_consume_from_beginning)
    for codec in CODECS:
        checks.run(f"compression-{codec}", check_codec, codec)
    checks.run("idempotent-produce", check_idempotent_produce)
    checks.run("produce-acks-0", check_acks_zero)
    checks.run("offsets-for-times", check_offsets_for_times)
    checklib.run_group_checks(checks, check_group_split, check_group_resume, work_dir)
    checks.skip("admin-create-delete-topic", "kcat has no admin commands")
    checklib.report_versions(negotiated)
    return checks.exit_code()


if __name__ == "__main__":
    checklib.run_script(main)
