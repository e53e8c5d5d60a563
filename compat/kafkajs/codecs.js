'use strict'
// The compression codecs KafkaJS leaves to plugins. gzip is built in; snappy comes from kafkajs-snappy;
// lz4 and zstd are small adapters over pure JavaScript / WebAssembly libraries (no native build).
const { CompressionTypes, CompressionCodecs } = require('kafkajs')
const SnappyCodec = require('kafkajs-snappy')
const lz4 = require('lz4js')
const zstd = require('@bokuweb/zstd-wasm')

const ZSTD_LEVEL = 3

// Kafka's lz4 is the LZ4 frame format, which lz4js reads and writes.
const Lz4Codec = () => ({
  async compress (encoder) {
    return Buffer.from(lz4.compress(encoder.buffer))
  },
  async decompress (buffer) {
    return Buffer.from(lz4.decompress(buffer))
  }
})

const zstdReady = zstd.init()

const ZstdCodec = () => ({
  async compress (encoder) {
    await zstdReady
    return Buffer.from(zstd.compress(encoder.buffer, ZSTD_LEVEL))
  },
  async decompress (buffer) {
    await zstdReady
    return Buffer.from(zstd.decompress(buffer))
  }
})

function registerCodecs () {
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec
  CompressionCodecs[CompressionTypes.LZ4] = Lz4Codec
  CompressionCodecs[CompressionTypes.ZSTD] = ZstdCodec
}

module.exports = { registerCodecs }
