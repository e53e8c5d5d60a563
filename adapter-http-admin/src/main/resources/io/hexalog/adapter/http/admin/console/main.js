// The console's entry point: a router from the address's #fragment to one page at a time.
// Each page is a function (container, ...parameters) that fills the container and may return a function
// that stops what it started (such as a chart's timer) when the user moves to another page.

import {el, errorBox, replace} from './dom.js';
import {overviewPage} from './overview.js';
import {topicsPage} from './topics.js';
import {topicPage} from './topic.js';
import {groupsPage, groupPage} from './groups.js';

const ROUTES = [
    {pattern: /^#?\/?$/, nav: 'overview', page: overviewPage},
    {pattern: /^#\/topics\/?$/, nav: 'topics', page: topicsPage},
    {pattern: /^#\/topics\/([^/]+)$/, nav: 'topics', page: topicPage},
    {pattern: /^#\/groups\/?$/, nav: 'groups', page: groupsPage},
    {pattern: /^#\/groups\/([^/]+)$/, nav: 'groups', page: groupPage},
];

const container = document.getElementById('page');
let stopPage = null;

async function show() {
    if (stopPage) {
        stopPage();
        stopPage = null;
    }
    const hash = window.location.hash;
    const route = ROUTES.find(candidate => candidate.pattern.test(hash));
    document.querySelectorAll('nav a[data-page]').forEach(link =>
        link.classList.toggle('current', route !== undefined && link.dataset.page === route.nav));
    if (!route) {
        replace(container, el('h1', {}, 'Not found'), errorBox(`The console has no page at ${hash}.`));
        return;
    }
    const parameters = route.pattern.exec(hash).slice(1).map(decodeURIComponent);
    replace(container, el('p', {className: 'loading'}, 'Loading…'));
    const shown = hash;
    try {
        const stop = await route.page(container, ...parameters);
        if (window.location.hash === shown) {
            stopPage = typeof stop === 'function' ? stop : null;
        } else if (typeof stop === 'function') {
            stop();
        }
    } catch (error) {
        // A page that cannot load says why, instead of leaving a blank screen (unless the user already left it).
        if (window.location.hash === shown) {
            replace(container, el('h1', {}, 'Something went wrong'), errorBox(error, 'page-error'));
        }
    }
}

// A failure nothing else caught still reaches the user.
window.addEventListener('unhandledrejection', event => {
    container.prepend(errorBox(event.reason));
});
window.addEventListener('hashchange', show);
show();
