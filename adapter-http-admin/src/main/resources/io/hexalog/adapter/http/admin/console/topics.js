// The topics: a searchable list with each topic's partitions, replication factor, size and messages; a form
// to create one, and deleting one after confirming.

import * as api from './api.js';
import {confirmed, el, errorBox, field, formatBytes, formatNumber, noticeBox, replace, table} from './dom.js';
import {LOG_SIZE, scrape, sumBy} from './metrics.js';

export async function topicsPage(container) {
    const list = el('div', {id: 'topics-list'});
    const status = el('div', {id: 'topics-status'});
    const search = el('input', {type: 'search', id: 'topic-search', placeholder: 'Search topics', 'aria-label': 'Search topics'});
    let topics = [];

    async function load() {
        topics = await describeTopics();
        render();
    }

    function render() {
        const query = search.value.trim().toLowerCase();
        const shown = topics.filter(topic => topic.topic_name.toLowerCase().includes(query));
        replace(list, table([
            {title: 'Name', cell: topic => el('a', {href: `#/topics/${encodeURIComponent(topic.topic_name)}`}, topic.topic_name)},
            {title: 'Partitions', className: 'number', cell: topic => topic.partitions_count},
            {title: 'Replication factor', className: 'number', cell: topic => topic.replication_factor},
            {title: 'Size', className: 'number', cell: topic => formatBytes(topic.size)},
            {title: 'Messages', className: 'number', cell: topic => formatNumber(topic.messages)},
            {title: '', cell: topic => el('button', {className: 'danger', onclick: () => confirmDelete(topic.topic_name)}, 'Delete')},
        ], shown, {id: 'topics', rowKey: topic => topic.topic_name,
            empty: query ? `No topic matches "${search.value}".` : 'No topics yet: create one below.'}));
    }

    async function confirmDelete(name) {
        if (!await confirmed(`Delete the topic ${name} and every message in it? This cannot be undone.`, 'Delete')) {
            return;
        }
        try {
            await api.remove('topics', name);
            await load();
            replace(status, noticeBox(`Topic ${name} deleted.`));
        } catch (error) {
            replace(status, errorBox(error));
        }
    }

    search.addEventListener('input', render);
    replace(container,
        el('h1', {}, 'Topics'),
        status,
        search,
        list,
        createForm(async name => {
            await load();
            replace(status, noticeBox(`Topic ${name} created.`));
        }));
    await load();
}

/** Every topic with its size (from /metrics, when the broker has them) and count of messages. */
async function describeTopics() {
    const [topics, sizes] = await Promise.all([api.get('topics'), topicSizes()]);
    return Promise.all(topics.data.map(async topic => ({
        ...topic,
        size: sizes === null ? null : (sizes.get(topic.topic_name) || 0),
        messages: await messageCount(topic.topic_name),
    })));
}

async function topicSizes() {
    try {
        return sumBy(await scrape(), LOG_SIZE, 'topic');
    } catch (noMetrics) {
        return null;
    }
}

/** Messages between each partition's beginning and end offsets: what a consumer from the start would read. */
async function messageCount(topic) {
    const partitions = await api.get('topics', topic, 'partitions');
    if (partitions.data.some(partition => partition.end_offset === undefined)) {
        return null;
    }
    return partitions.data.reduce((sum, partition) => sum + partition.end_offset - partition.beginning_offset, 0);
}

function createForm(created) {
    const name = el('input', {name: 'topic_name', id: 'new-topic-name', required: true, pattern: '[a-zA-Z0-9._\\-]+', maxLength: 249});
    const partitions = el('input', {name: 'partitions_count', id: 'new-topic-partitions', type: 'number', min: 1, placeholder: 'broker default'});
    const configs = el('textarea', {name: 'configs', id: 'new-topic-configs', rows: 3, placeholder: 'retention.ms=86400000\ncleanup.policy=delete'});
    const status = el('div');
    const form = el('form', {id: 'create-topic', className: 'panel'},
        el('h2', {}, 'Create a topic'),
        field('Name', name),
        field('Partitions', partitions),
        field('Configs', configs, 'One name=value a line; anything not given takes the broker\'s default.'),
        el('button', {type: 'submit', className: 'primary'}, 'Create topic'),
        status);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        replace(status);
        try {
            const request = {topic_name: name.value.trim(), configs: parseConfigs(configs.value)};
            if (partitions.value) {
                request.partitions_count = Number(partitions.value);
            }
            await api.post(request, 'topics');
            form.reset();
            await created(request.topic_name);
        } catch (error) {
            replace(status, errorBox(error, 'create-topic-error'));
        }
    });
    return form;
}

/** "name=value" lines into Confluent's [{name, value}]; a line without "=" is refused before sending. */
export function parseConfigs(text) {
    return text.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#')).map(line => {
        const equals = line.indexOf('=');
        if (equals <= 0) {
            throw new Error(`"${line}" is not a config: write name=value.`);
        }
        return {name: line.slice(0, equals).trim(), value: line.slice(equals + 1).trim()};
    });
}
