// Reading the broker's /metrics, Prometheus' text format, into numbers the console can show.
// Only what the console needs: sample lines "name{label="value",...} number"; comments are skipped.

import {getRaw} from './api.js';

export const MESSAGES_IN = 'kafka_server_brokertopicmetrics_messagesin_total';
export const BYTES_IN = 'kafka_server_brokertopicmetrics_bytesin_total';
export const BYTES_OUT = 'kafka_server_brokertopicmetrics_bytesout_total';
export const LOG_SIZE = 'kafka_log_log_size';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of a scrape, as {name, labels, value}. */
export function parseMetrics(text) {
    const samples = [];
    for (const line of text.split('\n')) {
        if (line.startsWith('#')) {
            continue;
        }
        const match = SAMPLE.exec(line);
        if (!match) {
            continue;
        }
        const labels = {};
        for (const [, name, value] of (match[2] || '').matchAll(LABEL)) {
            labels[name] = value.replace(/\\(.)/g, (escaped, char) => (char === 'n' ? '\n' : char));
        }
        samples.push({name: match[1], labels, value: Number(match[3])});
    }
    return samples;
}

/** The sum of every sample of one metric, over all its labels. */
export function total(samples, name) {
    return samples.filter(sample => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);
}

/** The sum of one metric per value of one label: sumBy(samples, LOG_SIZE, 'topic') is the size of each topic. */
export function sumBy(samples, name, label) {
    const sums = new Map();
    for (const sample of samples) {
        if (sample.name === name && sample.labels[label] !== undefined) {
            sums.set(sample.labels[label], (sums.get(sample.labels[label]) || 0) + sample.value);
        }
    }
    return sums;
}

/** A scrape of /metrics; throws with a readable message when the broker has none to give. */
export async function scrape() {
    const response = await getRaw('/metrics');
    if (!response.ok) {
        throw new Error(`The broker serves no metrics (${response.status}).`);
    }
    return parseMetrics(response.text);
}

/**
 * Turns counters into rates: each call with a fresh scrape gives the per-second increase of every counter
 * named since the previous call, or null for the first call.
 */
export class RateMeter {
    constructor(names) {
        this.names = names;
        this.previous = null;
    }

    next(samples, atMillis) {
        const now = {at: atMillis, totals: this.names.map(name => total(samples, name))};
        const before = this.previous;
        this.previous = now;
        if (before === null || now.at <= before.at) {
            return null;
        }
        const seconds = (now.at - before.at) / 1000;
        // A counter that went down was reset, by a restart: count from zero again.
        return now.totals.map((value, i) => Math.max(0, value - before.totals[i]) / seconds);
    }
}
