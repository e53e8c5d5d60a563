// A small live line chart in SVG: a fixed window of the latest points per series, redrawn whole on each
// new point. Enough for a few series of a few dozen points; no axes library needed.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 140;
const PADDING = {top: 10, right: 10, bottom: 20, left: 56};

function svg(tag, attributes = {}) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
        node.setAttribute(name, value);
    }
    return node;
}

export class LiveChart {
    /**
     * @param series [{name, color}] one line each
     * @param format how a value is written on the axis and in the legend, such as formatBytes
     * @param capacity how many points are kept per series
     * @param id the chart's element id
     */
    constructor({id, title, series, format, capacity = 60}) {
        this.series = series;
        this.format = format;
        this.capacity = capacity;
        this.points = series.map(() => []);
        this.plot = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title});
        this.legend = document.createElement('div');
        this.legend.className = 'legend';
        this.element = document.createElement('figure');
        this.element.className = 'chart';
        this.element.id = id;
        const caption = document.createElement('figcaption');
        caption.textContent = title;
        this.element.append(caption, this.plot, this.legend);
        this.draw();
    }

    /** Adds one value per series, in the order the series were given. */
    add(values) {
        values.forEach((value, i) => {
            this.points[i].push(value);
            if (this.points[i].length > this.capacity) {
                this.points[i].shift();
            }
        });
        this.draw();
    }

    draw() {
        const max = Math.max(1, ...this.points.flat());
        const x = i => PADDING.left + (i * (WIDTH - PADDING.left - PADDING.right)) / (this.capacity - 1);
        const y = value => HEIGHT - PADDING.bottom - (value / max) * (HEIGHT - PADDING.top - PADDING.bottom);
        this.plot.replaceChildren(
            svg('line', {x1: PADDING.left, x2: WIDTH - PADDING.right, y1: y(0), y2: y(0), class: 'axis'}),
            svg('line', {x1: PADDING.left, x2: WIDTH - PADDING.right, y1: y(max), y2: y(max), class: 'grid'}),
            label(PADDING.left - 6, y(max) + 4, this.format(max), 'peak'),
            label(PADDING.left - 6, y(0) + 4, this.format(0), 'zero'),
            ...this.points.map((points, i) => {
                // The newest point is at the right edge, so lines grow in from the right as samples arrive.
                const offset = this.capacity - points.length;
                const path = points.map((value, j) => `${j === 0 ? 'M' : 'L'}${x(offset + j).toFixed(1)},${y(value).toFixed(1)}`);
                return svg('path', {d: path.join(' ') || 'M0,0', stroke: this.series[i].color, class: 'line'});
            }),
            // A dot on each newest value, which also shows the first sample before there is a line to draw.
            ...this.points.map((points, i) => (points.length === 0 ? null : svg('circle', {
                cx: x(this.capacity - 1), cy: y(points[points.length - 1]), r: 3, fill: this.series[i].color,
            }))).filter(dot => dot !== null));
        this.legend.replaceChildren(...this.series.map((series, i) => {
            const item = document.createElement('span');
            item.style.setProperty('--color', series.color);
            const latest = this.points[i].length ? this.format(this.points[i][this.points[i].length - 1]) : '—';
            item.textContent = `${series.name}: ${latest}`;
            return item;
        }));
    }
}

/** An axis label; the top one is the highest value the chart holds, so the scale follows the traffic. */
function label(x, y, text, kind) {
    const node = svg('text', {x, y, 'text-anchor': 'end', class: `label ${kind}`});
    node.textContent = text;
    return node;
}
