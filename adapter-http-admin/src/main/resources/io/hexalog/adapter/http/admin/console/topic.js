// One topic: its partitions with their offsets, leaders, replicas and in-sync replicas, its configs (editable), a
// message browser and a form to produce a message.

import * as api from './api.js';
import {el, errorBox, field, formatNumber, noticeBox, replace, table} from './dom.js';
import {messageBrowser, produceForm} from './records.js';

export async function topicPage(container, name) {
    const topic = await api.get('topics', name);
    const partitionsSection = el('section', {id: 'partitions'});
    const configsSection = el('section', {id: 'configs'});

    async function loadPartitions() {
        const [partitions, replicaList] = await Promise.all([
            api.get('topics', name, 'partitions').then(list => list.data),
            api.get('topics', name, 'partitions', '-', 'replicas').then(list => list.data)]);
        const replicas = new Map(partitions.map(partition => [partition.partition_id, []]));
        replicaList.forEach(replica => replicas.get(replica.partition_id)?.push(replica));
        replace(partitionsSection, el('h2', {}, 'Partitions'), partitionsTable(partitions, replicas));
        return partitions;
    }

    const partitions = await loadPartitions();
    const browser = messageBrowser(name, partitions);
    replace(container,
        el('p', {className: 'crumbs'}, el('a', {href: '#/topics'}, 'Topics'), ' / '),
        el('h1', {id: 'topic-name'}, topic.topic_name),
        el('p', {className: 'facts'},
            `${topic.partitions_count} ${topic.partitions_count === 1 ? 'partition' : 'partitions'}`,
            ` · replication factor ${topic.replication_factor}`,
            topic.is_internal ? ' · internal' : ''),
        partitionsSection,
        growForm(name, topic.partitions_count, () => topicPage(container, name)),
        browser.element,
        produceForm(name, partitions, async produced => {
            await loadPartitions();
            await browser.showAt(produced.partition_id, produced.offset);
        }),
        configsSection);
    await Promise.all([loadConfigs(configsSection, name), browser.showNewest()]);
}

/** @param replicas each partition's replicas, by partition ID */
function partitionsTable(partitions, replicas) {
    const brokers = (partition, keep) => (replicas.get(partition.partition_id) ?? [])
        .filter(keep).map(replica => replica.broker_id).join(', ') || '—';
    return table([
        {title: 'Partition', className: 'number', cell: partition => partition.partition_id},
        {title: 'Leader', className: 'number', cell: partition => api.idOf(partition.leader) ?? '—'},
        {title: 'Replicas', className: 'number', cell: partition => brokers(partition, () => true)},
        {title: 'In sync', className: 'number', cell: partition => brokers(partition, replica => replica.is_in_sync)},
        {title: 'Beginning offset', className: 'number', cell: partition => formatNumber(partition.beginning_offset)},
        {title: 'End offset', className: 'number', cell: partition => formatNumber(partition.end_offset)},
        {title: 'Messages', className: 'number', cell: partition => formatNumber(partition.end_offset - partition.beginning_offset)},
    ], partitions, {id: 'partitions-table', rowKey: partition => partition.partition_id});
}

/** Kafka only ever adds partitions to a topic. */
function growForm(name, count, grown) {
    const partitions = el('input', {type: 'number', id: 'grow-partitions', min: count + 1, value: count + 1});
    const status = el('div');
    const form = el('form', {className: 'inline', id: 'grow-topic'},
        field('Grow to', partitions), el('button', {type: 'submit'}, 'Add partitions'), status);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        try {
            await api.patch({partitions_count: Number(partitions.value)}, 'topics', name);
            await grown();
        } catch (error) {
            replace(status, errorBox(error));
        }
    });
    return form;
}

/** Each config in force, where its value comes from, and a way to set or reset the ones that can change. */
async function loadConfigs(section, name) {
    const configs = (await api.get('topics', name, 'configs')).data;
    const status = el('div', {id: 'configs-status'});

    async function change(config, action, done) {
        try {
            await action();
            await loadConfigs(section, name);
            section.querySelector('#configs-status').replaceChildren(noticeBox(done));
        } catch (error) {
            replace(status, errorBox(error, 'configs-error'));
        }
    }

    replace(section, el('h2', {}, 'Configs'), status, table([
        {title: 'Name', cell: config => config.name},
        {title: 'Value', cell: config => {
            if (config.is_read_only || config.is_sensitive) {
                return config.is_sensitive ? '(hidden)' : config.value;
            }
            const input = el('input', {value: config.value ?? '', 'aria-label': config.name, dataset: {config: config.name}});
            const save = () => change(config, () => api.put({value: input.value}, 'topics', name, 'configs', config.name),
                `${config.name} set to ${input.value}.`);
            input.addEventListener('keydown', event => event.key === 'Enter' && save());
            return el('span', {className: 'edit'}, input, el('button', {onclick: save, className: 'save'}, 'Save'));
        }},
        {title: 'Source', cell: config => config.source},
        {title: '', cell: config => config.is_default || config.is_read_only ? '' : el('button', {
            className: 'reset',
            onclick: () => change(config, () => api.remove('topics', name, 'configs', config.name),
                `${config.name} reset to its default.`),
        }, 'Reset')},
    ], configs, {id: 'configs-table', rowKey: config => config.name}));
}
