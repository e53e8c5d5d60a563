// Consumer groups: the list with each group's state and total lag, and one group's members, assignments and
// lag per partition; an empty group's committed offsets can be reset, and an empty group deleted.

import * as api from './api.js';
import {confirmed, el, errorBox, field, formatNumber, noticeBox, replace, table} from './dom.js';

export async function groupsPage(container) {
    const groups = (await api.get('consumer-groups')).data;
    const summaries = await Promise.all(groups.map(group => lagSummary(group.consumer_group_id)));
    const rows = groups.map((group, i) => ({...group, summary: summaries[i]}));
    replace(container,
        el('h1', {}, 'Consumer groups'),
        table([
            {title: 'Group', cell: group => el('a', {href: `#/groups/${encodeURIComponent(group.consumer_group_id)}`}, group.consumer_group_id)},
            {title: 'State', cell: group => stateBadge(group.state)},
            {title: 'Type', cell: group => groupType(group)},
            {title: 'Protocol', cell: group => group.partition_assignor || '—'},
            {title: 'Total lag', className: 'number', cell: group => formatNumber(group.summary?.total_lag)},
            {title: 'Most lagging', cell: group => group.summary && group.summary.max_lag > 0
                ? `${group.summary.max_lag_topic_name}-${group.summary.max_lag_partition_id} (${formatNumber(group.summary.max_lag)})`
                : '—'},
        ], rows, {id: 'groups', rowKey: group => group.consumer_group_id, empty: 'No consumer groups yet.'}));
}

async function lagSummary(groupId) {
    try {
        return await api.get('consumer-groups', groupId, 'lag-summary');
    } catch (noSummary) {
        return null;
    }
}

// CLASSIC: members join with JoinGroup/SyncGroup; CONSUMER: the consumer protocol of KIP-848.
function groupType(group) {
    return String(group.type).toLowerCase();
}

function stateBadge(state) {
    return el('span', {className: `state ${String(state).toLowerCase()}`}, state);
}

export async function groupPage(container, groupId) {
    const [group, consumers, lags] = await Promise.all([
        api.get('consumer-groups', groupId),
        api.get('consumer-groups', groupId, 'consumers'),
        api.get('consumer-groups', groupId, 'lags'),
    ]);
    const members = await Promise.all(consumers.data.map(async consumer => ({
        ...consumer,
        assignments: (await api.get('consumer-groups', groupId, 'consumers', consumer.consumer_id, 'assignments')).data,
    })));
    const totalLag = lags.data.reduce((sum, lag) => sum + lag.lag, 0);
    const empty = String(group.state).toUpperCase() === 'EMPTY';
    const status = el('div', {id: 'group-status'});

    replace(container,
        el('p', {className: 'crumbs'}, el('a', {href: '#/groups'}, 'Consumer groups'), ' / '),
        el('h1', {id: 'group-id'}, group.consumer_group_id),
        el('section', {className: 'cards'},
            el('div', {className: 'card', id: 'group-state'}, el('span', {className: 'value'}, stateBadge(group.state)), el('span', {className: 'title'}, 'State')),
            el('div', {className: 'card', id: 'group-type'}, el('span', {className: 'value'}, groupType(group)), el('span', {className: 'title'}, 'Type')),
            el('div', {className: 'card'}, el('span', {className: 'value'}, group.partition_assignor || '—'), el('span', {className: 'title'}, 'Protocol')),
            el('div', {className: 'card'}, el('span', {className: 'value'}, members.length), el('span', {className: 'title'}, 'Members')),
            el('div', {className: 'card', id: 'total-lag'}, el('span', {className: 'value'}, formatNumber(totalLag)), el('span', {className: 'title'}, 'Total lag'))),
        status,
        el('h2', {}, 'Members'),
        table([
            {title: 'Consumer', cell: member => member.consumer_id},
            {title: 'Client', cell: member => member.client_id || '—'},
            {title: 'Instance', cell: member => member.instance_id || '—'},
            {title: 'Assignments', cell: member => member.assignments.map(a => `${a.topic_name}-${a.partition_id}`).join(', ') || '—'},
        ], members, {id: 'members', empty: 'No members: the group is empty.'}),
        el('h2', {}, 'Lag'),
        table([
            {title: 'Topic', cell: lag => el('a', {href: `#/topics/${encodeURIComponent(lag.topic_name)}`}, lag.topic_name)},
            {title: 'Partition', className: 'number', cell: lag => lag.partition_id},
            {title: 'Committed offset', className: 'number', cell: lag => formatNumber(lag.current_offset)},
            {title: 'End offset', className: 'number', cell: lag => formatNumber(lag.log_end_offset)},
            {title: 'Lag', className: 'number lag', cell: lag => formatNumber(lag.lag)},
            {title: 'Consumer', cell: lag => lag.consumer_id || '—'},
        ], lags.data, {id: 'lags', rowKey: lag => `${lag.topic_name}-${lag.partition_id}`, empty: 'No committed offsets.'}),
        empty
            ? emptyGroupActions(groupId, status, () => groupPage(container, groupId))
            : el('p', {className: 'hint'}, 'Offsets can be reset and the group deleted once it is empty: stop its consumers first.'));
}

/** Resetting offsets and deleting are refused for a group with members, as Kafka's tools refuse them. */
function emptyGroupActions(groupId, status, reload) {
    const to = el('select', {id: 'reset-to', 'aria-label': 'Reset to'},
        el('option', {value: 'earliest'}, 'Earliest'),
        el('option', {value: 'latest'}, 'Latest'),
        el('option', {value: 'timestamp'}, 'At time'));
    const at = el('input', {id: 'reset-at', placeholder: '2024-05-01T12:00:00Z', 'aria-label': 'Time'});
    const reset = el('form', {className: 'inline', id: 'reset-offsets'},
        field('Reset offsets to', to), field('Time', at),
        el('button', {type: 'submit', className: 'primary'}, 'Reset offsets'));
    reset.addEventListener('submit', async event => {
        event.preventDefault();
        try {
            await resetOffsets(groupId, to.value, at.value);
            await reload();
            document.getElementById('group-status').replaceChildren(noticeBox('Offsets reset.', 'reset-result'));
        } catch (error) {
            replace(status, errorBox(error, 'reset-error'));
        }
    });
    const remove = el('button', {className: 'danger', id: 'delete-group', onclick: async () => {
        if (!await confirmed(`Delete the consumer group ${groupId} and its committed offsets?`, 'Delete group')) {
            return;
        }
        try {
            await api.remove('consumer-groups', groupId);
            window.location.hash = '#/groups';
        } catch (error) {
            replace(status, errorBox(error, 'delete-group-error'));
        }
    }}, 'Delete group');
    return el('section', {className: 'panel', id: 'group-actions'}, el('h2', {}, 'Change the group'), reset, remove);
}

async function resetOffsets(groupId, to, at) {
    const request = {reset_to: to.toUpperCase()};
    if (to === 'timestamp') {
        const millis = Date.parse(at);
        if (Number.isNaN(millis)) {
            throw new Error(`"${at}" is not a time: give a date such as 2024-05-01T12:00:00Z.`);
        }
        request.timestamp = millis;
    }
    return api.post(request, 'consumer-groups', `${groupId}`, 'offsets:reset');
}
