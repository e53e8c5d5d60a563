// Building the page from data. Every text goes in as a text node, never as HTML, so a topic name or a
// message value cannot inject markup into the console.

/**
 * An element: el('a', {href: '#/topics', className: 'link'}, 'Topics').
 * Properties starting with "on" are event listeners; "dataset" sets data-* attributes; null children are skipped.
 */
export function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on')) {
            node.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (name === 'dataset') {
            Object.assign(node.dataset, value);
        } else if (name in node && typeof node[name] !== 'function' && !name.includes('-')) {
            node[name] = value;
        } else {
            node.setAttribute(name, value === true ? '' : value);
        }
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        node.append(child instanceof Node ? child : String(child));
    }
}

/** Replaces what a node holds. */
export function replace(node, ...children) {
    node.replaceChildren();
    append(node, children);
}

/**
 * A table: columns are {title, cell: row => content, className?}. An empty list shows `empty` instead.
 */
export function table(columns, rows, {empty = 'Nothing here yet.', id, rowKey} = {}) {
    if (rows.length === 0) {
        return el('p', {className: 'empty', id}, empty);
    }
    return el('table', {id},
        el('thead', {}, el('tr', {}, columns.map(column => el('th', {className: column.className}, column.title)))),
        el('tbody', {}, rows.map(row => el('tr', {dataset: rowKey ? {key: rowKey(row)} : {}},
            columns.map(column => el('td', {className: column.className}, column.cell(row)))))));
}

/** A message saying what failed, in words a person can act on. */
export function errorBox(error, id) {
    return el('div', {className: 'error', role: 'alert', id}, describeError(error));
}

export function describeError(error) {
    return error && error.message ? error.message : String(error);
}

/** A short success note. */
export function noticeBox(text, id) {
    return el('div', {className: 'notice', role: 'status', id}, text);
}

/**
 * Asks before something that cannot be undone: a modal dialog with the question and two buttons.
 * Resolves to true when the user confirms, false when they cancel or press Escape.
 */
export function confirmed(question, action) {
    return new Promise(resolve => {
        let answer = false;
        const dialog = el('dialog', {id: 'confirm'},
            el('p', {}, question),
            el('div', {className: 'actions'},
                el('button', {id: 'confirm-cancel', onclick: () => dialog.close()}, 'Cancel'),
                el('button', {id: 'confirm-ok', className: 'danger', onclick: () => {
                    answer = true;
                    dialog.close();
                }}, action)));
        dialog.addEventListener('close', () => {
            dialog.remove();
            resolve(answer);
        });
        document.body.append(dialog);
        dialog.showModal();
    });
}

/** A labelled form field. */
export function field(label, input, hint) {
    return el('label', {className: 'field'}, el('span', {}, label), input, hint ? el('small', {}, hint) : null);
}

export function formatNumber(value) {
    return value === null || value === undefined || Number.isNaN(value) ? '—' : Number(value).toLocaleString('en');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes) {
    if (bytes === null || bytes === undefined || Number.isNaN(bytes)) {
        return '—';
    }
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A timestamp in milliseconds as an ISO-8601 date and time in UTC, as Kafka's tools print them. */
export function formatTimestamp(millis) {
    return millis === null || millis === undefined ? '—' : new Date(Number(millis)).toISOString();
}
