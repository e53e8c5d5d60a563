// Reading and producing a topic's messages: a browser over one partition at a time, paged by offset, and a
// form that produces one message through the API.

import * as api from './api.js';
import {el, errorBox, field, formatTimestamp, noticeBox, replace} from './dom.js';

const PAGE_SIZE = 20;

/**
 * A browser of one partition's messages, starting at an offset, at a time, or at the newest, paging forward
 * and back. Returns {element, showNewest(), showAt(partition, offset)}.
 */
export function messageBrowser(topic, partitions) {
    const partition = el('select', {id: 'browse-partition', 'aria-label': 'Partition'},
        partitions.map(p => el('option', {value: p.partition_id}, `Partition ${p.partition_id}`)));
    const from = el('select', {id: 'browse-from', 'aria-label': 'Start'},
        el('option', {value: 'newest'}, 'Newest'),
        el('option', {value: 'offset'}, 'At offset'),
        el('option', {value: 'timestamp'}, 'At time'));
    const position = el('input', {id: 'browse-position', 'aria-label': 'Offset or time', placeholder: 'offset, or 2024-05-01T12:00:00Z'});
    const older = el('button', {type: 'button', id: 'browse-older'}, '‹ Older');
    const newer = el('button', {type: 'button', id: 'browse-newer'}, 'Newer ›');
    const status = el('div', {id: 'browse-status'});
    const list = el('div', {id: 'records'});
    let shown = null; // {partition, beginning, end, first, last}

    async function bounds(partitionId) {
        const described = await api.get('topics', topic, 'partitions', String(partitionId));
        return {beginning: described.beginning_offset, end: described.end_offset};
    }

    async function load(partitionId, query, {beginning, end}) {
        const path = await api.inCluster('topics', topic, 'partitions', String(partitionId), 'records');
        const response = await api.getPath(`${path}?${query}&max_records=${PAGE_SIZE}`);
        const records = response.data;
        shown = {
            partition: partitionId, beginning, end,
            first: records.length ? records[0].offset : null,
            last: records.length ? records[records.length - 1].offset : null,
        };
        older.disabled = shown.first === null || shown.first <= beginning;
        newer.disabled = shown.last === null || shown.last + 1 >= end;
        replace(list, records.length === 0
            ? el('p', {className: 'empty'}, `No messages there: partition ${partitionId} holds offsets ${beginning} to ${end - 1}.`)
            : records.map(recordView));
    }

    async function show(partitionId, offsetOf) {
        replace(status);
        try {
            const limits = await bounds(partitionId);
            const query = offsetOf(limits);
            await load(partitionId, query, limits);
        } catch (error) {
            replace(list);
            replace(status, errorBox(error, 'browse-error'));
        }
    }

    const newest = ({beginning, end}) => `offset=${Math.max(beginning, end - PAGE_SIZE)}`;

    async function go() {
        const partitionId = Number(partition.value);
        if (from.value === 'newest') {
            return show(partitionId, newest);
        }
        if (from.value === 'offset') {
            return show(partitionId, () => `offset=${parseOffset(position.value)}`);
        }
        return show(partitionId, () => `timestamp=${parseTime(position.value)}`);
    }

    older.addEventListener('click', () => show(shown.partition,
        ({beginning}) => `offset=${Math.max(beginning, shown.first - PAGE_SIZE)}`));
    newer.addEventListener('click', () => show(shown.partition, () => `offset=${shown.last + 1}`));
    const form = el('form', {className: 'inline', id: 'browse-form'},
        field('Partition', partition), field('Start', from), field('At', position),
        el('button', {type: 'submit', className: 'primary'}, 'Show'), older, newer);
    form.addEventListener('submit', event => {
        event.preventDefault();
        go();
    });

    return {
        element: el('section', {id: 'browser'}, el('h2', {}, 'Messages'), form, status, list),
        showNewest: () => go(),
        showAt: (partitionId, offset) => {
            partition.value = String(partitionId);
            from.value = 'offset';
            position.value = String(offset);
            return show(partitionId, () => `offset=${offset}`);
        },
    };
}

function parseOffset(text) {
    const offset = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(offset) || offset < 0) {
        throw new Error(`"${text}" is not an offset: give a whole number, 0 or more.`);
    }
    return offset;
}

/** A time as milliseconds since the epoch, or as a date such as 2024-05-01T12:00:00Z. */
function parseTime(text) {
    const trimmed = text.trim();
    const millis = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
    if (trimmed === '' || Number.isNaN(millis)) {
        throw new Error(`"${text}" is not a time: give milliseconds since the epoch or a date such as 2024-05-01T12:00:00Z.`);
    }
    return millis;
}

function recordView(record) {
    return el('article', {className: 'record', dataset: {offset: record.offset}},
        el('header', {},
            el('span', {className: 'offset'}, `#${record.offset}`),
            el('time', {}, formatTimestamp(record.timestamp)),
            el('span', {className: 'key'}, 'key: ', dataView(record.key))),
        el('pre', {className: 'value'}, dataView(record.value)),
        record.headers && record.headers.length
            ? el('ul', {className: 'headers'}, record.headers.map(header =>
                el('li', {}, el('span', {className: 'name'}, header.name), ': ', headerView(header))))
            : null);
}

/** Key and value come as {type: STRING | JSON | BINARY, data}; JSON is pretty-printed, binary stays base64. */
function dataView(data) {
    if (data === null || data === undefined || data.data === null || data.data === undefined) {
        return el('em', {}, 'null');
    }
    if (data.type === 'JSON') {
        return JSON.stringify(data.data, null, 2);
    }
    if (data.type === 'BINARY') {
        return el('span', {className: 'binary', title: 'base64'}, data.data);
    }
    return String(data.data);
}

/** Header values come base64-encoded; most are text, shown as such, and the rest stay base64. */
function headerView(header) {
    if (header.value === null || header.value === undefined) {
        return el('em', {}, 'null');
    }
    const bytes = Uint8Array.from(atob(header.value), char => char.charCodeAt(0));
    try {
        return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
    } catch (notText) {
        return el('span', {className: 'binary', title: 'base64'}, header.value);
    }
}

/** A form producing one message: key, value (text or JSON), headers, and a partition or the partitioner's choice. */
export function produceForm(topic, partitions, produced) {
    const partition = el('select', {id: 'produce-partition', 'aria-label': 'Partition'},
        el('option', {value: ''}, 'Any (by key)'),
        partitions.map(p => el('option', {value: p.partition_id}, `Partition ${p.partition_id}`)));
    const key = el('input', {id: 'produce-key', placeholder: 'no key'});
    const valueType = el('select', {id: 'produce-value-type', 'aria-label': 'Value type'},
        el('option', {value: 'STRING'}, 'Text'), el('option', {value: 'JSON'}, 'JSON'));
    const value = el('textarea', {id: 'produce-value', rows: 4});
    const headers = el('textarea', {id: 'produce-headers', rows: 2, placeholder: 'name=value, one a line'});
    const status = el('div', {id: 'produce-status'});
    const form = el('form', {id: 'produce', className: 'panel'},
        el('h2', {}, 'Produce a message'),
        field('Partition', partition), field('Key', key), field('Value as', valueType), field('Value', value),
        field('Headers', headers),
        el('button', {type: 'submit', className: 'primary'}, 'Produce'),
        status);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        replace(status);
        try {
            const request = {
                value: valueType.value === 'JSON'
                    ? {type: 'JSON', data: parseJson(value.value)}
                    : {type: 'STRING', data: value.value},
                headers: parseHeaders(headers.value),
            };
            if (key.value !== '') {
                request.key = {type: 'STRING', data: key.value};
            }
            if (partition.value !== '') {
                request.partition_id = Number(partition.value);
            }
            const result = await api.post(request, 'topics', topic, 'records');
            if (result.error_code && result.error_code !== 200) {
                throw new api.ApiError(result.error_code, result.error_code, result.message);
            }
            replace(status, noticeBox(`Produced to partition ${result.partition_id} at offset ${result.offset}.`, 'produce-result'));
            await produced(result);
        } catch (error) {
            replace(status, errorBox(error, 'produce-error'));
        }
    });
    return form;
}

function parseJson(text) {
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new Error(`The value is not JSON: ${error.message}`);
    }
}

/** "name=value" lines into Confluent's headers, whose values are base64. */
function parseHeaders(text) {
    return text.split('\n').map(line => line.trim()).filter(line => line !== '').map(line => {
        const equals = line.indexOf('=');
        if (equals <= 0) {
            throw new Error(`"${line}" is not a header: write name=value.`);
        }
        return {name: line.slice(0, equals).trim(), value: base64(line.slice(equals + 1))};
    });
}

function base64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    bytes.forEach(byte => {
        binary += String.fromCharCode(byte);
    });
    return btoa(binary);
}
