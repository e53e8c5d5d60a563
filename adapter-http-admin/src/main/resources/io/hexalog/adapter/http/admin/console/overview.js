// The overview: the brokers, how many topics and partitions, whether the broker is ready, and how busy it
// is, from /metrics sampled every few seconds while the page is open.

import * as api from './api.js';
import {LiveChart} from './chart.js';
import {el, errorBox, formatBytes, formatNumber, replace, table} from './dom.js';
import {BYTES_IN, BYTES_OUT, MESSAGES_IN, RateMeter, scrape} from './metrics.js';

const SAMPLE_EVERY_MS = 2000;

export async function overviewPage(container) {
    const [brokers, topics, health] = await Promise.all([api.get('brokers'), api.get('topics'), readiness()]);
    const partitions = topics.data.reduce((sum, topic) => sum + topic.partitions_count, 0);

    const messages = new LiveChart({
        id: 'messages-chart',
        title: 'Messages in per second',
        series: [{name: 'in', color: '#2f6f8f'}],
        format: value => formatNumber(Math.round(value)),
    });
    const bytes = new LiveChart({
        id: 'bytes-chart',
        title: 'Bytes per second',
        series: [{name: 'in', color: '#2f6f8f'}, {name: 'out', color: '#c0703a'}],
        format: value => formatBytes(Math.round(value)),
    });
    const metricsStatus = el('div', {id: 'metrics-status'});

    replace(container,
        el('h1', {}, 'Overview'),
        el('section', {className: 'cards'},
            card('Brokers', brokers.data.length, 'brokers-count'),
            card('Topics', topics.data.length, 'topics-count'),
            card('Partitions', partitions, 'partitions-count'),
            el('div', {className: `card health ${health.status === 'UP' ? 'up' : 'down'}`, id: 'health'},
                el('span', {className: 'value'}, health.status),
                el('span', {className: 'title'}, 'Health'),
                el('ul', {}, health.checks.map(check => el('li', {},
                    `${check.name}: ${check.status}${check.reason ? ` (${check.reason})` : ''}`))))),
        el('h2', {}, 'Throughput'),
        metricsStatus,
        el('section', {className: 'charts'}, messages.element, bytes.element),
        el('h2', {}, 'Brokers'),
        table([
            {title: 'ID', cell: broker => broker.broker_id},
            {title: 'Host', cell: broker => broker.host},
            {title: 'Port', cell: broker => broker.port},
        ], brokers.data, {id: 'brokers'}));

    const meter = new RateMeter([MESSAGES_IN, BYTES_IN, BYTES_OUT]);
    async function sample() {
        try {
            const rates = meter.next(await scrape(), Date.now());
            replace(metricsStatus);
            if (rates !== null) {
                messages.add([rates[0]]);
                bytes.add([rates[1], rates[2]]);
            }
        } catch (error) {
            replace(metricsStatus, errorBox(error));
        }
    }
    await sample();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    return () => clearInterval(timer);
}

function card(title, value, id) {
    return el('div', {className: 'card', id},
        el('span', {className: 'value'}, formatNumber(value)),
        el('span', {className: 'title'}, title));
}

/** /health/ready answers 503 with the same body when a check fails: both are worth showing. */
async function readiness() {
    try {
        const response = await api.getRaw('/health/ready');
        return JSON.parse(response.text);
    } catch (error) {
        return {status: 'UNKNOWN', checks: [{name: 'health', status: String(error.message || error)}]};
    }
}
