// The broker's admin API, as the console uses it: Confluent's REST v3 paths under the one cluster this
// broker belongs to. A failed request throws an ApiError carrying the broker's own message.

/** A request the API refused or could not answer: `status` is the HTTP status, `code` Confluent's error_code. */
export class ApiError extends Error {
    constructor(status, code, message) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.code = code;
    }
}

async function request(method, path, body) {
    const init = {method, headers: {Accept: 'application/json'}};
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch (unreachable) {
        throw new ApiError(0, 0, `The broker cannot be reached (${method} ${path}): is it running?`);
    }
    const text = await response.text();
    const json = text ? parse(text) : null;
    if (!response.ok) {
        const message = json && json.message ? json.message : `${response.status} ${response.statusText}`;
        throw new ApiError(response.status, json ? json.error_code : response.status, message);
    }
    return json;
}

function parse(text) {
    try {
        return JSON.parse(text);
    } catch (notJson) {
        return {message: text};
    }
}

let clusterPath = null;

/** The path of this broker's cluster, such as /v3/clusters/hexalog-1; asked once, then remembered. */
export async function cluster() {
    if (clusterPath === null) {
        const clusters = await request('GET', '/v3/clusters');
        clusterPath = `/v3/clusters/${encodeURIComponent(clusters.data[0].cluster_id)}`;
    }
    return clusterPath;
}

/**
 * A path under the cluster, each part encoded: inCluster('topics', name) is /v3/clusters/<id>/topics/<name>.
 * A colon stays as it is, for actions such as configs:alter.
 */
export async function inCluster(...parts) {
    return [await cluster(), ...parts.map(part => encodeURIComponent(part).replaceAll('%3A', ':'))].join('/');
}

/** GET of a whole path, such as one with a query string built by the caller. */
export const getPath = path => request('GET', path);

export const get = async (...parts) => request('GET', await inCluster(...parts));
export const post = async (body, ...parts) => request('POST', await inCluster(...parts), body);
export const put = async (body, ...parts) => request('PUT', await inCluster(...parts), body);
export const patch = async (body, ...parts) => request('PATCH', await inCluster(...parts), body);
export const remove = async (...parts) => request('DELETE', await inCluster(...parts));

/** A path outside /v3, such as /health/ready; answers the body even when the status says not ready. */
export async function getRaw(path) {
    const response = await fetch(path, {headers: {Accept: 'application/json'}});
    return {status: response.status, ok: response.ok, text: await response.text()};
}

/** The last path segment of a related link: the broker id in {"related": ".../brokers/1"}. */
export function idOf(relationship) {
    return relationship && relationship.related ? decodeURIComponent(relationship.related.split('/').pop()) : null;
}
