'use strict'
// KafkaJS against a running broker: node compat/kafkajs/checks.js HOST:PORT
//
// Prints one line per check (PASS name / FAIL name: why / SKIP name: why) and INFO lines. KafkaJS
// consumes only through consumer groups: without them on the broker, nothing can be read back.
const crypto = require('crypto')
const path = require('path')
const { execFileSync } = require('child_process')
const { Kafka, CompressionTypes, Partitioners, logLevel } = require('kafkajs')
const { registerCodecs } = require('./codecs')

const TIMEOUT_MS = 20000
const PARTITIONS = 3
const TRANSACTION_APIS = { InitProducerId: 22, AddPartitionsToTxn: 24, AddOffsetsToTxn: 25, EndTxn: 26, TxnOffsetCommit: 28 }
const GROUP_APIS = { FindCoordinator: 10, JoinGroup: 11, Heartbeat: 12, LeaveGroup: 13, SyncGroup: 14, OffsetCommit: 8, OffsetFetch: 9 }
const CODECS = { gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD }

const bootstrap = process.argv[2]
if (!bootstrap) {
  console.error('usage: node checks.js HOST:PORT')
  process.exit(2)
}

// The advertised HOST:PORT of every broker, as the runner started them; the bootstrap address alone when run
// by hand against a single broker. Topics are created with a replica on each, as on Kafka.
const expectedBrokers = (process.env.HEXALOG_BROKERS ? process.env.HEXALOG_BROKERS.split(',') : [bootstrap]).sort()
const REPLICATION_FACTOR = expectedBrokers.length

const negotiated = {}
const REQUEST = /^Request (\w+)\(key: \d+, version: (\d+)\)/
const API_ALIASES = { GroupCoordinator: 'FindCoordinator' }

// Collects the request versions KafkaJS logs at debug level; shows errors on stderr.
const logCreator = () => ({ level, log }) => {
  const match = REQUEST.exec(log.message)
  if (match) {
    const api = API_ALIASES[match[1]] || match[1]
    ;(negotiated[api] = negotiated[api] || new Set()).add(Number(match[2]))
  } else if (level <= logLevel.ERROR && process.env.COMPAT_VERBOSE) {
    console.error(`[kafkajs] ${log.message} ${log.error || ''}`)
  }
}

registerCodecs()
const kafka = new Kafka({
  clientId: 'hexalog-compat',
  brokers: [bootstrap],
  connectionTimeout: 5000,
  requestTimeout: TIMEOUT_MS,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
  logLevel: logLevel.DEBUG,
  logCreator
})
const admin = kafka.admin()

let failed = 0
async function check (name, body) {
  try {
    const skipped = await withTimeout(body(), 60000, name)
    console.log(typeof skipped === 'string' ? `SKIP ${name}: ${skipped}` : `PASS ${name}`)
  } catch (e) {
    failed++
    console.log(`FAIL ${name}: ${String(e && e.message ? `${e.name}: ${e.message}` : e).replace(/\n/g, ' ')}`)
    if (process.env.COMPAT_VERBOSE) console.error(e)
  }
}

function withTimeout (promise, ms, what) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms}ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function expect (condition, message) {
  if (!condition) throw new Error(message)
}

function expectEqual (actual, expected, what) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e.slice(0, 300)}, got ${a.slice(0, 300)}`)
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const unique = prefix => `${prefix}-${crypto.randomBytes(4).toString('hex')}`

async function waitUntil (condition, ms, what) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await condition()) return
    await sleep(100)
  }
  throw new Error(`${what} within ${ms}ms`)
}

// padding adds compressible characters: a batch that compression does not shrink may be sent as it is.
function keyedRecords (prefix, count, padding = 0) {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}-key-${i % 5}`,
    value: `${prefix}-value-${i}-${'x'.repeat(i % 7)}${'-'.repeat(padding)}`,
    headers: { 'trace-id': `t-${i}`, source: prefix }
  }))
}

// Records for every partition of a group topic, one key per partition.
function partitionedRecords (what, count) {
  return Array.from({ length: count }, (_, i) => ({
    key: `partition-${i % 4}`, value: `${what}-${i}`, partition: i % 4, headers: { phase: what }
  }))
}

function decoded (message) {
  const headers = {}
  for (const [name, value] of Object.entries(message.headers || {})) headers[name] = value.toString()
  return { key: message.key.toString(), value: message.value.toString(), headers }
}

function compare (consumed, produced) {
  const normal = records => records
    .map(({ key, value, headers }) => JSON.stringify([key, value, headers]))
    .sort()
  expectEqual(normal(consumed), normal(produced), 'records read back')
  const order = records => {
    const byKey = {}
    for (const { key, value } of records) (byKey[key] = byKey[key] || []).push(value)
    return Object.keys(byKey).sort().map(key => [key, byKey[key]])
  }
  expectEqual(order(consumed), order(produced), 'per-key order')
}

// The codecs of the batches the broker stores for a topic, read from their headers by compat/lib.
function storedCodecs (topic, partitions) {
  const script = path.join(__dirname, '..', 'lib', 'stored_codecs.py')
  const out = execFileSync(process.env.COMPAT_PYTHON || '/usr/bin/python3', [script, bootstrap, topic, String(partitions)],
    { timeout: 15000 })
  return [...new Set(JSON.parse(out))].sort()
}

// Waits until every broker knows the topic. In a cluster each learns of a new one a little after the broker
// that created it; a produce to a leader that does not know it yet is refused: retried, it can overtake a later
// batch of the same partition, and with acks=0 it is lost without a word. Kafka is the same.
function awaitTopicOnEveryBroker (topic) {
  const script = path.join(__dirname, '..', 'lib', 'cluster_metadata.py')
  execFileSync(process.env.COMPAT_PYTHON || '/usr/bin/python3', [script, 'await-topic', topic, expectedBrokers.join(',')],
    { timeout: 30000 })
}

async function createTopic (topic, numPartitions = PARTITIONS) {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions, replicationFactor: REPLICATION_FACTOR }], waitForLeaders: true, timeout: TIMEOUT_MS
  })
  expect(created, `topic ${topic} was created`)
  awaitTopicOnEveryBroker(topic)
}

async function produce (topic, records, compression = CompressionTypes.None, settings = {}, acks = -1) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...settings })
  await producer.connect()
  try {
    await producer.send({ topic, compression, acks, messages: records })
  } finally {
    await producer.disconnect()
  }
}

// A group member that remembers what it read and which partitions it was given.
class Member {
  constructor (groupId, topic, settings = {}) {
    this.topic = topic
    this.read = []
    this.assigned = []
    this.consumer = kafka.consumer({ groupId, sessionTimeout: 10000, rebalanceTimeout: 15000, heartbeatInterval: 1000, maxWaitTimeInMs: 500, ...settings })
    this.consumer.on(this.consumer.events.GROUP_JOIN, event => {
      this.assigned = (event.payload.memberAssignment[topic] || []).slice().sort()
    })
  }

  async start () {
    await this.consumer.connect()
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true })
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => { this.read.push({ partition, ...decoded(message) }) }
    })
  }

  async stop () {
    await this.consumer.disconnect()
  }
}

// Reads a whole topic through a fresh consumer group, from the beginning.
async function readAll (topic, expectedCount, settings = {}) {
  const member = new Member(unique('kafkajs-reader'), topic, settings)
  await member.start()
  try {
    await waitUntil(() => member.read.length >= expectedCount, TIMEOUT_MS, `read ${expectedCount} records of ${topic}`)
    await sleep(300) // anything beyond what was produced would show up now
    return member.read
  } finally {
    await member.stop()
  }
}

function groupsMissing () {
  const keys = process.env.HEXALOG_API_KEYS
  if (!keys) return null
  const advertised = new Set(keys.split(',').map(Number))
  const missing = Object.entries(GROUP_APIS).filter(([, key]) => !advertised.has(key)).map(([name]) => name)
  return missing.length ? `broker serves no consumer groups (${missing[0]} not advertised)` : null
}

function transactionsMissing () {
  const keys = process.env.HEXALOG_API_KEYS
  if (!keys) return null
  const advertised = new Set(keys.split(',').map(Number))
  const missing = Object.entries(TRANSACTION_APIS).filter(([, key]) => !advertised.has(key)).map(([name]) => name)
  return missing.length ? `broker serves no transactions (${missing[0]} not advertised)` : null
}

// A transactional producer: KafkaJS wants it idempotent with one request in flight.
async function transactionalProducer () {
  const producer = kafka.producer({
    transactionalId: unique('kafkajs-tx'), idempotent: true, maxInFlightRequests: 1, transactionTimeout: 60000,
    createPartitioner: Partitioners.DefaultPartitioner
  })
  await producer.connect()
  return producer
}

// Values i of a transaction go to partition i % 2.
const txRecords = (what, count) => Array.from({ length: count }, (_, i) => ({ key: `key-${i % 2}`, value: `${what}-${i}`, partition: i % 2 }))
const values = records => records.map(record => record.value).sort()

const TOPIC = unique('kafkajs-records')
const PRODUCED = keyedRecords('kafkajs', 30)
const GROUP_TOPIC = unique('kafkajs-group')
const GROUP = unique('kafkajs-group')

async function main () {
  const started = Date.now()
  const noGroups = groupsMissing()
  const consuming = body => async () => (noGroups ? `KafkaJS reads only in a consumer group and the ${noGroups}` : body())

  await check('metadata', async () => {
    await admin.connect()
    const cluster = await admin.describeCluster()
    const addresses = cluster.brokers.map(broker => `${broker.host}:${broker.port}`).sort()
    expectEqual(addresses, expectedBrokers, 'brokers at their advertised addresses')
  })

  await check('admin-create-delete-topic', async () => {
    const topic = unique('kafkajs-admin')
    await createTopic(topic, 2)
    expect((await admin.listTopics()).includes(topic), `created topic ${topic} is listed`)
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
    expectEqual(topics[0].partitions.length, 2, 'partitions of the created topic')
    expectEqual(topics[0].partitions.map(partition => partition.replicas.length), [REPLICATION_FACTOR, REPLICATION_FACTOR],
      'replicas of each partition')
    await admin.deleteTopics({ topics: [topic], timeout: TIMEOUT_MS })
    await waitUntil(async () => !(await admin.listTopics()).includes(topic), 10000, 'deleted topic disappears from the listing')
  })

  await check('produce-keyed-with-headers', async () => {
    await createTopic(TOPIC)
    await produce(TOPIC, PRODUCED)
    const offsets = await admin.fetchTopicOffsets(TOPIC)
    const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)
    expectEqual(total, PRODUCED.length, 'records in the topic by its offsets')
  })

  await check('consume-from-beginning', consuming(async () => {
    const read = await readAll(TOPIC, PRODUCED.length)
    compare(read, PRODUCED)
  }))

  for (const [codec, type] of Object.entries(CODECS)) {
    await check(`compression-${codec}`, async () => {
      const topic = unique(`kafkajs-${codec}`)
      const produced = keyedRecords(`kafkajs-${codec}`, 40, 60)
      await createTopic(topic)
      await produce(topic, produced, type)
      expectEqual(storedCodecs(topic, PARTITIONS), [codec], `codecs of the stored batches of ${topic}`)
      if (noGroups) return `produced and stored as ${codec}, but KafkaJS reads only in a consumer group and the ${noGroups}`
      compare(await readAll(topic, produced.length), produced)
    })
  }

  await check('idempotent-produce', async () => {
    const topic = unique('kafkajs-idempotent')
    const produced = keyedRecords('kafkajs-idempotent', 30)
    await createTopic(topic)
    await produce(topic, produced, CompressionTypes.None, { idempotent: true, maxInFlightRequests: 1 })
    const offsets = await admin.fetchTopicOffsets(topic)
    expectEqual(offsets.reduce((sum, p) => sum + Number(p.high), 0), produced.length, 'records in the topic by its offsets')
    if (noGroups) return `produced, but KafkaJS reads only in a consumer group and the ${noGroups}`
    compare(await readAll(topic, produced.length), produced)
  })

  await check('produce-acks-0', async () => {
    const topic = unique('kafkajs-acks0')
    const produced = keyedRecords('kafkajs-acks0', 10)
    await createTopic(topic)
    await produce(topic, produced, CompressionTypes.None, {}, 0)
    const count = async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
    await waitUntil(async () => (await count()) === produced.length, 10000, `${produced.length} records arrive`)
    if (noGroups) return `produced, but KafkaJS reads only in a consumer group and the ${noGroups}`
    compare(await readAll(topic, produced.length), produced)
  })

  await check('offsets-for-times', async () => {
    const topic = unique('kafkajs-times')
    const timestamp = 1600000000000
    await createTopic(topic, 1)
    await produce(topic, [0, 1, 2].map(i => ({ value: `at-${i}`, partition: 0, timestamp: String(timestamp + 1000 * i) })))
    for (const [at, expected] of [[timestamp, '0'], [timestamp + 500, '1'], [timestamp + 5000, '3']]) {
      const [found] = await admin.fetchTopicOffsetsByTimestamp(topic, at)
      expectEqual(found.offset, expected, `offset for time ${at}`)
    }
  })

  await check('group-two-members-split-and-commit', consuming(async () => {
    await createTopic(GROUP_TOPIC, 4)
    const produced = partitionedRecords('before-restart', 40)
    await produce(GROUP_TOPIC, produced)
    const members = [new Member(GROUP, GROUP_TOPIC), new Member(GROUP, GROUP_TOPIC)]
    try {
      await Promise.all(members.map(member => member.start()))
      const total = () => members.reduce((sum, member) => sum + member.read.length, 0)
      await waitUntil(() => total() >= produced.length, 30000, `the group reads ${produced.length} records`)
      const assigned = members.map(member => member.assigned)
      expect(assigned.every(partitions => partitions.length > 0) &&
        JSON.stringify([...assigned[0], ...assigned[1]].sort()) === JSON.stringify([0, 1, 2, 3]),
      `two members split 4 partitions, got ${JSON.stringify(assigned)}`)
      for (const member of members) {
        expect(member.read.every(record => member.assigned.includes(record.partition)), 'a member reads only its own partitions')
      }
      compare(members.flatMap(member => member.read), produced)
    } finally {
      await Promise.all(members.map(member => member.stop()))
    }
    const ends = (await admin.fetchTopicOffsets(GROUP_TOPIC)).sort((a, b) => a.partition - b.partition).map(p => p.high)
    const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [GROUP_TOPIC] })
    expectEqual(committed.partitions.sort((a, b) => a.partition - b.partition).map(p => p.offset), ends, 'committed offsets')
  }))

  await check('group-member-restart-resumes-from-commit', consuming(async () => {
    const produced = partitionedRecords('after-restart', 8)
    await produce(GROUP_TOPIC, produced)
    const member = new Member(GROUP, GROUP_TOPIC)
    try {
      await member.start()
      await waitUntil(() => member.read.length >= produced.length, 30000, `the restarted member reads ${produced.length} records`)
      await sleep(1000) // anything before the committed offsets would show up now
      compare(member.read, produced)
    } finally {
      await member.stop()
    }
  }))

  const noTransactions = transactionsMissing() || noGroups
  const transactional = body => async () => (noTransactions ? `${noTransactions}` : body())

  // The two transaction checks run side by side: each waits seconds for its consumer groups.
  await Promise.all([
    // A commit, an abort and a second commit on two partitions: read with readUncommitted: false only the committed
    // records come back, with readUncommitted: true all of them.
    check('transactions-commit-abort', transactional(async () => {
      const topic = unique('kafkajs-tx')
      await createTopic(topic, 2)
      const committed = txRecords('committed', 6)
      const aborted = txRecords('aborted', 4)
      const after = txRecords('after', 2)
      const producer = await transactionalProducer()
      try {
        for (const [records, commit] of [[committed, true], [aborted, false], [after, true]]) {
          const transaction = await producer.transaction()
          await transaction.send({ topic, messages: records })
          await (commit ? transaction.commit() : transaction.abort())
        }
      } finally {
        await producer.disconnect()
      }
      const [readCommitted, readUncommitted] = await Promise.all([
        readAll(topic, 8, { readUncommitted: false }), readAll(topic, 12, { readUncommitted: true })])
      expectEqual(values(readCommitted), values([...committed, ...after]), 'records read with readUncommitted: false')
      expectEqual(values(readUncommitted), values([...committed, ...aborted, ...after]), 'records read with readUncommitted: true')
    })),

    // The step of a consume-transform-produce loop: the records of an input topic (3 in each partition) go
    // upper-cased to an output topic, and the group's offsets of the input with them in one transaction
    // (sendOffsets). A committed transaction sets the offsets, an aborted one, which would set them back to 0, leaves
    // them as they were, and its records are not read.
    check('transactions-send-offsets', transactional(async () => {
      const source = unique('kafkajs-ctp-in')
      const sink = unique('kafkajs-ctp-out')
      const group = unique('kafkajs-ctp-group')
      await createTopic(source, 2)
      await createTopic(sink, 2)
      const words = txRecords('word', 6)
      await produce(source, words)
      const producer = await transactionalProducer()
      try {
        for (const commit of [true, false]) {
          const transaction = await producer.transaction()
          await transaction.send({ topic: sink, messages: words.map(word => ({ ...word, value: word.value.toUpperCase() + (commit ? '' : '-aborted') })) })
          await transaction.sendOffsets({
            consumerGroupId: group,
            topics: [{ topic: source, partitions: [0, 1].map(partition => ({ partition, offset: commit ? '3' : '0' })) }]
          })
          await (commit ? transaction.commit() : transaction.abort())
        }
      } finally {
        await producer.disconnect()
      }
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [source] })
      expectEqual(offsets.partitions.sort((a, b) => a.partition - b.partition).map(p => p.offset), ['3', '3'],
        'offsets committed with the transaction')
      expectEqual(values(await readAll(sink, 6, { readUncommitted: false })), values(txRecords('WORD', 6)),
        'transformed records read with readUncommitted: false')
    }))
  ])

  await admin.disconnect()
  const listed = Object.entries(negotiated).sort().map(([api, versions]) => `${api} v${[...versions].sort((a, b) => a - b).join('/')}`)
  console.log(`INFO requests sent: ${listed.join(', ')}`)
  console.log(`INFO took ${((Date.now() - started) / 1000).toFixed(1)}s`)
  return failed ? 1 : 0
}

main().then(code => process.exit(code), e => {
  console.log(`FAIL kafkajs-script: ${e.message}`)
  process.exit(1)
})
