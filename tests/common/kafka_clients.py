"""The independent client of the end-to-end tests: small confluent-kafka programs, the way the
SPM services use Kafka. Run by tests/common/mod.rs (`kafka_client`):

    python3 tests/common/kafka_clients.py CMD '{"bootstrap": ..., ...}'

Each command fails (non-zero exit, the reason on stderr) rather than print a partial answer.
"""
import json
import sys
import threading
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

cmd, a = sys.argv[1], json.loads(sys.argv[2])
bs = a["bootstrap"]


def send(p, *args, **kw):
    """p.produce, waiting for deliveries while the local queue is full instead of failing."""
    while True:
        try:
            return p.produce(*args, **kw)
        except BufferError:
            p.poll(0.1)


def group_consumer(**extra):
    conf = {"bootstrap.servers": bs, "group.id": a["group"], "enable.auto.commit": False,
            "auto.offset.reset": "earliest"}
    conf.update(extra)
    return Consumer(conf)


if cmd == "produce":
    # records: [{value (text or null), key?, partition?, headers?, timestamp_ms?}];
    # prints the offset each record was written at, in order.
    p = Producer({"bootstrap.servers": bs, "linger.ms": 5})
    offsets = [None] * len(a["records"])

    def delivered(i):
        def report(err, msg):
            assert err is None, err
            offsets[i] = msg.offset()
        return report

    for i, r in enumerate(a["records"]):
        kw = {}
        for k in ("key", "partition", "headers"):
            if r.get(k) is not None:
                kw[k] = r[k]
        if r.get("timestamp_ms") is not None:
            kw["timestamp"] = r["timestamp_ms"]
        value = None if r["value"] is None else r["value"].encode()
        send(p, a["topic"], value=value, on_delivery=delivered(i), **kw)
    left = p.flush(30)
    assert left == 0, "%d messages not delivered" % left
    print(json.dumps(offsets))

elif cmd == "produce_counts":
    # counts: {partition: n}; timestamps_ms: {partition: [ts, ...]} (optional)
    # value_bytes: pad each value to this length (optional).
    p = Producer({"bootstrap.servers": bs, "linger.ms": 5})
    pad = a.get("value_bytes", 0)
    for part, n in a["counts"].items():
        stamps = a.get("timestamps_ms", {}).get(part)
        for i in range(n):
            kw = {"timestamp": stamps[i]} if stamps else {}
            send(p, a["topic"], value=(b"m%d" % i).ljust(pad, b"."), partition=int(part), **kw)
            if i % 10000 == 0:
                p.poll(0)
    left = p.flush(30)
    assert left == 0, "%d messages not delivered" % left

elif cmd == "produce_events":
    # The seed services' way: json.dumps({"event_type": ..., "data": ...}), key = data id.
    p = Producer({"bootstrap.servers": bs})
    for e in a["events"]:
        send(p, a["topic"], key=e["data"]["id"], value=json.dumps(e).encode())
    assert p.flush(30) == 0

elif cmd == "read":
    # Reads exactly n messages from the beginning (no group offsets involved) and prints them
    # as the services see them: the value parsed with json.loads.
    c = Consumer({"bootstrap.servers": bs, "group.id": "unused-" + a["topic"],
                  "enable.auto.commit": False})
    md = c.list_topics(a["topic"], timeout=10).topics[a["topic"]]
    c.assign([TopicPartition(a["topic"], p, 0) for p in md.partitions])
    out, deadline = [], time.time() + 60
    while len(out) < a["n"] and time.time() < deadline:
        m = c.poll(0.5)
        if m is None or m.error():
            continue
        event = json.loads(m.value())
        out.append({"partition": m.partition(), "offset": m.offset(),
                    "key": m.key().decode() if m.key() is not None else None,
                    "headers": {k: v.decode() for k, v in (m.headers() or [])},
                    "event_type": event["event_type"], "data": event["data"], "event": event})
    c.close()
    assert len(out) == a["n"], "consumed %d of %d" % (len(out), a["n"])
    print(json.dumps(out))

elif cmd == "read_back":
    # Reads the whole topic to its end: how many records, how many distinct data.id values.
    c = Consumer({"bootstrap.servers": bs, "group.id": "unused-read-back",
                  "enable.auto.commit": False, "enable.partition.eof": True})
    md = c.list_topics(a["topic"], timeout=15)
    parts = [TopicPartition(a["topic"], p, 0) for p in md.topics[a["topic"]].partitions]
    c.assign(parts)
    done, ids = set(), []
    while len(done) < len(parts):
        m = c.poll(15)
        if m is None:
            sys.exit("read-back timed out")
        if m.error():
            if m.error().code() == -191:  # _PARTITION_EOF
                done.add(m.partition())
                continue
            sys.exit(str(m.error()))
        ids.append(json.loads(m.value())["data"]["id"])
    c.close()
    print(json.dumps({"records": len(ids), "distinct": len(set(ids))}))

elif cmd == "count":
    # Records on the topic now: the sum of high - low watermarks.
    c = Consumer({"bootstrap.servers": bs, "group.id": "unused-count"})
    md = c.list_topics(a["topic"], timeout=10).topics[a["topic"]]
    total = 0
    for p in md.partitions:
        lo, hi = c.get_watermark_offsets(TopicPartition(a["topic"], p), timeout=10)
        total += hi - lo
    c.close()
    print(total)

elif cmd == "groups":
    admin = AdminClient({"bootstrap.servers": bs})
    print(json.dumps(sorted(g.group_id for g in admin.list_consumer_groups().result().valid)))

elif cmd == "group_consume":
    # A real group member: subscribe, consume exactly n messages, commit what was consumed.
    c = group_consumer()
    c.subscribe(a["topics"])
    got, deadline = 0, time.time() + 60
    while got < a["n"] and time.time() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            got += 1
    assert got == a["n"], "consumed %d of %d" % (got, a["n"])
    c.commit(asynchronous=False)
    c.close()

elif cmd == "consume_and_commit":
    # A consumer that assigns its partitions itself, reads up to each offset and commits it.
    c = group_consumer()
    offsets = {int(p): o for p, o in a["offsets"].items()}
    c.assign([TopicPartition(a["topic"], p, 0) for p in offsets])
    seen, deadline = {p: 0 for p in offsets}, time.time() + 60
    while any(seen[p] < o for p, o in offsets.items()) and time.time() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            seen[m.partition()] = max(seen[m.partition()], m.offset() + 1)
    assert all(seen[p] >= o for p, o in offsets.items()), seen
    c.commit(offsets=[TopicPartition(a["topic"], p, o) for p, o in offsets.items()],
             asynchronous=False)
    c.close()

elif cmd == "group_state":
    admin = AdminClient({"bootstrap.servers": bs})
    d = admin.describe_consumer_groups([a["group"]])[a["group"]].result()
    print(json.dumps({"state": d.state.name, "members": len(d.members)}))

elif cmd == "raw_values":
    # The first n values from the beginning, as text, exactly as stored.
    c = Consumer({"bootstrap.servers": bs, "group.id": "unused-raw", "enable.auto.commit": False})
    md = c.list_topics(a["topic"], timeout=10).topics[a["topic"]]
    c.assign([TopicPartition(a["topic"], p, 0) for p in md.partitions])
    out, deadline = [], time.time() + 60
    while len(out) < a["n"] and time.time() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            out.append(m.value().decode())
    c.close()
    assert len(out) == a["n"], "read %d of %d" % (len(out), a["n"])
    print(json.dumps(out))

elif cmd == "committed":
    # Reads the group's committed offsets without joining the group (no subscribe);
    # null where nothing is committed.
    c = group_consumer()
    tps = [TopicPartition(a["topic"], p) for p in range(a["partitions"])]
    out = {str(tp.partition): (tp.offset if tp.offset >= 0 else None)
           for tp in c.committed(tps, timeout=30)}
    c.close()
    print(json.dumps(out))

elif cmd == "delete_records":
    admin = AdminClient({"bootstrap.servers": bs})
    tps = [TopicPartition(a["topic"], int(p), o) for p, o in a["before"].items()]
    for f in admin.delete_records(tps, request_timeout=30).values():
        f.result()

elif cmd == "hold":
    # An active member: subscribed and polling until stdin closes; says "assigned N" on stdout
    # once it has its partitions.
    c = group_consumer(**{"client.id": a["client_id"]})
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()

    def on_assign(consumer, partitions):
        print("assigned %d" % len(partitions), flush=True)

    c.subscribe(a["topics"], on_assign=on_assign)
    while not stop.is_set():
        c.poll(0.2)
    c.close()

elif cmd in ("acls", "add_acls", "delete_acls"):
    # The ACLs as spm-kafka prints them ("User:x WRITE topic t", "... group g*" for a prefix);
    # add_acls / delete_acls take acls: [{principal, resource, name, operation}] (literal, or
    # "name*" for a prefix; allow, any host).
    from confluent_kafka.admin import (AclBinding, AclBindingFilter, AclOperation,
                                       AclPermissionType, ResourcePatternType, ResourceType)
    admin = AdminClient({"bootstrap.servers": bs})
    kinds = {"topic": ResourceType.TOPIC, "group": ResourceType.GROUP,
             "cluster": ResourceType.BROKER}

    def binding(x, cls):
        name, pattern = x["name"], ResourcePatternType.LITERAL
        if len(name) > 1 and name.endswith("*"):
            name, pattern = name[:-1], ResourcePatternType.PREFIXED
        return cls(kinds[x["resource"]], name, pattern, x["principal"], "*",
                   AclOperation[x["operation"].upper()], AclPermissionType.ALLOW)

    if cmd == "add_acls":
        for f in admin.create_acls([binding(x, AclBinding) for x in a["acls"]],
                                   request_timeout=30).values():
            f.result()
    elif cmd == "delete_acls":
        for f in admin.delete_acls([binding(x, AclBindingFilter) for x in a["acls"]],
                                   request_timeout=30).values():
            f.result()
    else:
        got = admin.describe_acls(AclBindingFilter(
            ResourceType.ANY, None, ResourcePatternType.ANY, None, None, AclOperation.ANY,
            AclPermissionType.ANY), request_timeout=30).result()
        names = {ResourceType.TOPIC: "topic", ResourceType.GROUP: "group",
                 ResourceType.BROKER: "cluster"}
        out = []
        for b in got:
            name = b.name + ("*" if b.resource_pattern_type == ResourcePatternType.PREFIXED else "")
            out.append("%s %s %s %s" % (b.principal, b.operation.name,
                                        names.get(b.restype, b.restype.name.lower()), name))
        print(json.dumps(sorted(out)))

elif cmd == "try_as":
    # As a SCRAM user on the SASL_SSL listener: produce one record to each of `produce` with an
    # idempotent producer, and read one record from each {topic, group} of `consume` and commit
    # it. Prints {"produce": {topic: "ok" | error name}, "consume": {"topic group": ...},
    # "login": "ok" | error name}.
    from confluent_kafka import KafkaError
    sec = {"bootstrap.servers": bs, "security.protocol": "SASL_SSL",
           "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": a["user"],
           "sasl.password": a["password"], "ssl.ca.location": a["ca"]}
    result = {"produce": {}, "consume": {}}
    fatal = []

    def on_error(e):
        if e.code() in (KafkaError._AUTHENTICATION, KafkaError.SASL_AUTHENTICATION_FAILED):
            fatal.append("AUTHENTICATION")

    for t in a.get("produce", []):
        del fatal[:]
        p = Producer(dict(sec, **{"enable.idempotence": True, "message.timeout.ms": 10000,
                                  "error_cb": on_error}))
        got = []
        send(p, t, b"probe", on_delivery=lambda err, msg: got.append(err))
        deadline = time.time() + 15
        try:
            while not got and not fatal and time.time() < deadline:
                p.flush(0.5)
        except Exception as e:  # a fatal error, e.g. no right to an idempotent producer id
            fatal.append(e.args[0].name())
        err = got[0] if got else None
        result["produce"][t] = fatal[0] if fatal else "ok" if got and err is None else (
            err.name() if err is not None else "no answer")
    for x in a.get("consume", []):
        del fatal[:]
        c = Consumer(dict(sec, **{"group.id": x["group"], "enable.auto.commit": False,
                                  "auto.offset.reset": "earliest", "error_cb": on_error}))
        c.subscribe([x["topic"]])
        outcome, deadline = None, time.time() + 20
        while outcome is None and time.time() < deadline:
            m = c.poll(0.5)
            if fatal:
                outcome = fatal[0]
            elif m is None:
                continue
            elif m.error():
                if m.error().code() != KafkaError._PARTITION_EOF:
                    outcome = m.error().name()
            else:
                try:
                    c.commit(message=m, asynchronous=False)
                    outcome = "ok"
                except Exception as e:
                    outcome = e.args[0].name()
        c.close()
        result["consume"]["%s %s" % (x["topic"], x["group"])] = outcome or "no answer"
    print(json.dumps(result))

elif cmd == "produce_bytes":
    # records: [{partition, key, value (hex or null), value_repeat, headers: [[name, hex or null]],
    # timestamp_ms}]; message_max_bytes: the producer's limit
    p = Producer({"bootstrap.servers": bs, "linger.ms": 5, "enable.idempotence": True,
                  "message.max.bytes": a.get("message_max_bytes", 1000000)})
    unhex = lambda h: None if h is None else bytes.fromhex(h)
    for r in a["records"]:
        # value_repeat: the value is its bytes this many times (records larger than argv allows).
        value = unhex(r.get("value"))
        if value is not None and "value_repeat" in r:
            value = value * r["value_repeat"]
        send(p, a["topic"], key=unhex(r.get("key")), value=value,
                  partition=r.get("partition", 0), timestamp=r.get("timestamp_ms", 0),
                  headers=[(k, unhex(v)) for k, v in r.get("headers", [])])
    assert p.flush(30) == 0

elif cmd == "produce_transactions":
    # transactions: [{"values": [text], "commit": bool}], all to partition 0, in order.
    p = Producer({"bootstrap.servers": bs, "transactional.id": a["topic"] + "-tx"})
    p.init_transactions(30)
    for t in a["transactions"]:
        p.begin_transaction()
        for v in t["values"]:
            send(p, a["topic"], value=v.encode(), partition=0)
        if t["commit"]:
            p.commit_transaction(30)
        else:
            p.flush(30)
            p.abort_transaction(30)

elif cmd == "dump":
    # Every record of every partition up to the end, as stored: {partition: [{key, value
    # (hex or null), headers [[name, hex or null]], timestamp_ms}]}.
    c = Consumer({"bootstrap.servers": bs, "group.id": "unused-dump",
                  "enable.auto.commit": False, "enable.partition.eof": True})
    md = c.list_topics(a["topic"], timeout=15).topics[a["topic"]]
    parts = [TopicPartition(a["topic"], p, 0) for p in md.partitions]
    ends = {}
    for tp in parts:
        lo, hi = c.get_watermark_offsets(tp, timeout=10)
        ends[tp.partition] = hi
    c.assign([TopicPartition(a["topic"], p, -2) for p in ends if ends[p] > 0])
    hexed = lambda b: None if b is None else b.hex()
    out = {str(p): [] for p in ends}
    done = {p for p, hi in ends.items() if hi == 0}
    deadline = time.time() + 60
    while len(done) < len(ends) and time.time() < deadline:
        m = c.poll(1)
        if m is None:
            continue
        if m.error():
            if m.error().code() == -191:
                done.add(m.partition())
                continue
            sys.exit(str(m.error()))
        out[str(m.partition())].append({"key": hexed(m.key()), "value": hexed(m.value()),
                                        "headers": [[k, hexed(v)] for k, v in (m.headers() or [])],
                                        "timestamp_ms": m.timestamp()[1]})
        if m.offset() + 1 >= ends[m.partition()]:
            done.add(m.partition())
    c.close()
    assert len(done) == len(ends), "timed out"
    print(json.dumps(out))

else:
    sys.exit("unknown command %r" % cmd)
