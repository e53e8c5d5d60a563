"""Reporting and small helpers shared by the Python check scripts of the compatibility suite.

A check script prints one line per check on stdout:
    PASS name
    FAIL name: why
    SKIP name: why          (the client or the broker does not offer what the check needs)
    INFO text               (not a check: e.g. the API versions the client negotiated)
The runner (compat/run.sh) counts them.
"""

import os
import sys
import threading
import time
import traceback
import uuid

# API keys a classic consumer group needs from the broker.
GROUP_APIS = {
    "FindCoordinator": 10, "JoinGroup": 11, "Heartbeat": 12, "LeaveGroup": 13, "SyncGroup": 14,
    "OffsetCommit": 8, "OffsetFetch": 9,
}

# API keys a transactional producer needs from the broker, besides the group APIs for its offsets.
TRANSACTION_APIS = {
    "InitProducerId": 22, "AddPartitionsToTxn": 24, "AddOffsetsToTxn": 25, "EndTxn": 26, "TxnOffsetCommit": 28,
}


class Checks:
    """Runs named checks and prints one result line per check.

    Each check runs on its own thread and is given CHECK_TIMEOUT_S: some clients block without a bound when
    the broker misbehaves (kafka-python resets a position with an unbounded ListOffsets wait), and one stuck
    check must not hide the results of the others. A stuck check's thread is left behind; finish() ends
    the script without waiting for it.
    """

    CHECK_TIMEOUT_S = 60

    def __init__(self):
        self.failed = 0

    def run(self, name, function, *args):
        """Runs function(*args); an exception fails the check, a returned string is a SKIP reason."""
        outcome = {}

        def attempt():
            try:
                outcome["skipped"] = function(*args)
            except BaseException as e:  # a check must never take the script down with it
                outcome["error"] = e
                if os.environ.get("COMPAT_VERBOSE"):
                    traceback.print_exc(file=sys.stderr)

        worker = threading.Thread(target=attempt, name=f"check-{name}", daemon=True)
        worker.start()
        worker.join(self.CHECK_TIMEOUT_S)
        if worker.is_alive():
            self.failed += 1
            emit(f"FAIL {name}: did not finish within {self.CHECK_TIMEOUT_S}s")
        elif "error" in outcome:
            self.failed += 1
            e = outcome["error"]
            emit(f"FAIL {name}: " + f"{type(e).__name__}: {e}".replace("\n", " "))
        elif isinstance(outcome.get("skipped"), str):
            emit(f"SKIP {name}: {outcome['skipped']}")
        else:
            emit(f"PASS {name}")

    def skip(self, name, why):
        emit(f"SKIP {name}: {why}")

    def exit_code(self):
        return 1 if self.failed else 0



def finish(code):
    """Ends the script with this exit code, without waiting for the threads of stuck checks or clients."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def emit(line):
    print(line, flush=True)


def info(text):
    emit(f"INFO {text}")


def bootstrap_server():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} HOST:PORT")
    return sys.argv[1]


def expected_brokers():
    """The advertised HOST:PORT of every broker of the cluster, sorted, as the runner started them (in
    HEXALOG_BROKERS, comma-separated); the bootstrap address alone when run by hand against a single broker."""
    listed = os.environ.get("HEXALOG_BROKERS")
    return sorted(listed.split(",")) if listed else [bootstrap_server()]


def replication_factor():
    """The replication factor the checks create topics with: every broker holds a replica, as on Kafka."""
    return len(expected_brokers())


def await_topic_on_every_broker(topic):
    """Waits until every broker knows the topic. In a cluster each learns of a new one a little after the broker
    that created it; a produce to a leader that does not know it yet is refused: retried, it can overtake a later
    batch of the same partition (the per-key order checks would fail), and with acks=0 it is lost without a
    word. Kafka is the same."""
    from cluster_metadata import await_topic
    await_topic(topic, expected_brokers())


def broker_api_keys():
    """The API keys the broker advertises, as probed by the runner (all of them when run by hand)."""
    advertised = os.environ.get("HEXALOG_API_KEYS")
    if not advertised:
        return None
    return {int(key) for key in advertised.split(",") if key}


def missing_group_apis():
    """Why group checks cannot run on this broker, or None when it serves consumer groups."""
    keys = broker_api_keys()
    if keys is None:
        return None
    missing = [name for name, key in GROUP_APIS.items() if key not in keys]
    if missing:
        return f"broker serves no consumer groups ({missing[0]} not advertised)"
    return None


# Clients name some requests after older names of the API.
API_ALIASES = {"ApiVersion": "ApiVersions", "GroupCoordinator": "FindCoordinator", "Offset": "ListOffsets"}


def report_versions(negotiated):
    """Prints the request versions a client sent, {api name: {versions}}, as one INFO line."""
    merged = {}
    for api, versions in negotiated.items():
        merged.setdefault(API_ALIASES.get(api, api), set()).update(versions)
    listed = ", ".join(f"{api} v{'/'.join(map(str, sorted(v)))}" for api, v in sorted(merged.items()))
    info(f"requests sent: {listed}")


def stored_codecs(bootstrap, topic, partitions):
    """The codec of every batch the broker stores for these partitions of topic."""
    from stored_codecs import stored_codecs as read_codecs
    host, port = bootstrap.rsplit(":", 1)
    return set(read_codecs(host, int(port), topic, list(partitions)))


def expect_stored_with(bootstrap, topic, partitions, codec):
    """Fails unless every batch of topic is stored compressed with codec, as the client sent it."""
    codecs = stored_codecs(bootstrap, topic, partitions)
    expect_equal(codecs, {codec}, f"codecs of the stored batches of {topic}")


# librdkafka takes a broker without FindCoordinator for one older than 0.8.2, and sends lz4 batches uncompressed
# to it (rdkafka_feature.c: RD_KAFKA_FEATURE_LZ4 depends on FindCoordinator v0).
LIBRDKAFKA_LZ4_NEEDS = ("FindCoordinator", 10)


def librdkafka_lz4_unavailable():
    """Why librdkafka will not compress with lz4 on this broker, or None."""
    keys = broker_api_keys()
    name, key = LIBRDKAFKA_LZ4_NEEDS
    if keys is not None and key not in keys:
        return (f"records round-trip, but librdkafka sends lz4 batches uncompressed to a broker that does not "
                f"advertise {name}")
    return None


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {shorten(expected)}, got {shorten(actual)}")


def shorten(value, limit=300):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def keyed_records(prefix, count, padding=0):
    """Records to produce: (key, value, headers) with a few keys repeated, so per-key order can be checked.

    padding adds that many compressible characters to each value: clients send a batch uncompressed when
    compressing does not make it smaller.
    """
    records = []
    for i in range(count):
        key = f"{prefix}-key-{i % 5}"
        value = f"{prefix}-value-{i}-" + "x" * (i % 7) + "-" * padding
        headers = [("trace-id", f"t-{i}".encode()), ("source", prefix.encode())]
        records.append((key, value, headers))
    return records


def per_key_order(records):
    """key -> list of values, in the order the records were seen; records are (key, value[, headers])."""
    by_key = {}
    for key, value, *_ in records:
        by_key.setdefault(key, []).append(value)
    return by_key


def expect_same_records(consumed, produced):
    """What was read back is what was produced, and in the same order for each key."""
    expect_equal(sorted(consumed), sorted(produced), "records read back")
    expect_equal(per_key_order(consumed), per_key_order(produced), "per-key order")


def group_records(what, count, partitions=4):
    """Records for every partition of a group check's topic, one key per partition."""
    return [(f"partition-{i % partitions}", f"{what}-{i}", [("phase", what.encode())]) for i in range(count)]


def run_group_checks(checks, split, resume, *args):
    """The two consumer group checks, or their skips when the broker lacks the group APIs."""
    no_groups = missing_group_apis()
    for name, check in [("group-two-members-split-and-commit", split),
                        ("group-member-restart-resumes-from-commit", resume)]:
        if no_groups:
            checks.skip(name, no_groups)
        else:
            checks.run(name, check, *args)


def missing_transaction_apis():
    """Why transaction checks cannot run on this broker, or None when it serves transactions."""
    keys = broker_api_keys()
    if keys is None:
        return None
    missing = [name for name, key in {**TRANSACTION_APIS, **GROUP_APIS}.items() if key not in keys]
    if missing:
        return f"broker serves no transactions ({missing[0]} not advertised)"
    return None


def run_transaction_checks(checks, named_checks):
    """The transaction checks, [(name, check)], or their skips when the broker lacks the transaction APIs."""
    no_transactions = missing_transaction_apis()
    for name, check in named_checks:
        if no_transactions:
            checks.skip(name, no_transactions)
        else:
            checks.run(name, check)


def run_script(main):
    """Runs a check script's main, reports how long it took and exits with its code."""
    started = time.monotonic()
    code = main()
    info(f"took {time.monotonic() - started:.1f}s")
    finish(code)


def wait_until(condition, timeout_s, what, interval_s=0.2):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval_s)
    raise TimeoutError(f"{what} within {timeout_s}s")
