// The learning report: SVG plots of a LearningSummary (server/src/protocol/learning.ts).
// No innerHTML with data: every text goes through textContent.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const app = document.getElementById('app');

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children || []) e.append(c);
    return e;
  }
  function s(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  const pct = (x) => (x === undefined || x === null ? '—' : `${Math.round(100 * x)}%`);
  const fmt = (n) => (n >= 10000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n)));

  function tile(value, label) {
    return el('div', { class: 'tile' }, [el('div', { class: 'value' }, [value]), el('div', { class: 'label' }, [label])]);
  }
  function card(title, body, legend) {
    const c = el('section', { class: 'card' }, [el('h2', {}, [title])]);
    c.append(body);
    if (legend) c.append(legend);
    return c;
  }
  function legend(items) {
    return el('div', { class: 'legend' }, items.map(([cls, text]) => el('span', {}, [el('span', { class: `swatch ${cls}` }), text])));
  }
  function empty(text) {
    return el('div', { class: 'empty' }, [text]);
  }

  /** Rate lines (0..1) over buckets: acceptance and validation. */
  function rateChart(buckets, bucketSize) {
    if (!buckets.length) return empty('No outcomes yet: generate some code and keep, edit or undo it.');
    const W = 480, H = 220, L = 40, R = 12, T = 10, B = 34;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Acceptance and validation rate over time' });
    const x = (i) => L + (buckets.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (buckets.length - 1));
    const y = (v) => T + (1 - v) * (H - T - B);
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      svg.append(s('line', { class: v === 0 ? 'axis' : 'grid-line', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      svg.append(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${v * 100}%`));
    }
    buckets.forEach((b, i) => {
      if (buckets.length <= 12 || i % Math.ceil(buckets.length / 12) === 0) {
        svg.append(s('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle' }, b.from));
      }
    });
    svg.append(s('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle' }, `generation (buckets of ${bucketSize})`));
    for (const key of ['acceptance', 'validation']) {
      const pts = buckets.map((b, i) => [i, b[key]]).filter(([, v]) => v !== undefined && v !== null);
      if (pts.length > 1) svg.append(s('polyline', { class: `line ${key}`, points: pts.map(([i, v]) => `${x(i)},${y(v)}`).join(' ') }));
      for (const [i, v] of pts) {
        const dot = s('circle', { class: key, cx: x(i), cy: y(v), r: 3.5 });
        dot.append(s('title', {}, `${key} ${pct(v)} (generations ${buckets[i].from}–${buckets[i].from + buckets[i].generations - 1})`));
        svg.append(dot);
      }
    }
    return svg;
  }

  /** Per-provider posterior mean with its credible interval. */
  function reliabilityChart(providers, level) {
    if (!providers.length) return empty('Nothing learned yet: every provider has the same weight.');
    const rowH = 30, L = 120, R = 60, T = 8, W = 480;
    const H = T + providers.length * rowH + 28;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Provider reliability' });
    const x = (v) => L + v * (W - L - R);
    for (const v of [0, 0.5, 1]) {
      svg.append(s('line', { class: v === 0 ? 'axis' : 'grid-line', x1: x(v), x2: x(v), y1: T, y2: H - 24 }));
      svg.append(s('text', { x: x(v), y: H - 8, 'text-anchor': 'middle' }, `${v * 100}%`));
    }
    providers.forEach((p, i) => {
      const cy = T + i * rowH + rowH / 2;
      svg.append(s('text', { class: 'label', x: L - 8, y: cy + 4, 'text-anchor': 'end' }, p.providerId));
      const bar = s('line', { class: 'interval', x1: x(p.lower), x2: x(p.upper), y1: cy, y2: cy });
      bar.append(s('title', {}, `${p.providerId}: ${pct(p.mean)} (${Math.round(level * 100)}% interval ${pct(p.lower)}–${pct(p.upper)}), ${p.events} outcomes`));
      svg.append(bar);
      svg.append(s('circle', { class: 'mean', cx: x(p.mean), cy, r: 5 }));
      svg.append(s('text', { x: W - R + 6, y: cy + 4 }, `${pct(p.mean)} · ${p.events}`));
    });
    return svg;
  }

  /** Repair runs per bucket: fixed vs not (stacked) and tokens (bars, own scale). */
  function repairChart(repair) {
    if (!repair.buckets.length) return empty('The repair loop has not run yet.');
    const W = 480, H = 200, L = 40, R = 44, T = 10, B = 30;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Repair loop success and tokens' });
    const n = repair.buckets.length;
    const slot = (W - L - R) / n;
    const maxRuns = Math.max(1, ...repair.buckets.map((b) => b.runs));
    const maxTok = Math.max(1, ...repair.buckets.map((b) => b.tokens));
    const y = (v, max) => T + (1 - v / max) * (H - T - B);
    svg.append(s('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
    svg.append(s('text', { x: L - 6, y: T + 8, 'text-anchor': 'end' }, maxRuns));
    svg.append(s('text', { x: W - R + 6, y: T + 8 }, fmt(maxTok)));
    repair.buckets.forEach((b, i) => {
      const x0 = L + i * slot + slot * 0.12;
      const w = slot * 0.38;
      const fixedTop = y(b.fixed, maxRuns);
      const allTop = y(b.runs, maxRuns);
      svg.append(s('rect', { class: 'unfixed', x: x0, y: allTop, width: w, height: Math.max(0, fixedTop - allTop) }));
      const f = s('rect', { class: 'fixed', x: x0, y: fixedTop, width: w, height: Math.max(0, H - B - fixedTop) });
      f.append(s('title', {}, `${b.fixed}/${b.runs} repaired`));
      svg.append(f);
      const t = s('rect', { class: 'tokens', x: x0 + w + 2, y: y(b.tokens, maxTok), width: w, height: Math.max(0, H - B - y(b.tokens, maxTok)) });
      t.append(s('title', {}, `${b.tokens} tokens`));
      svg.append(t);
      svg.append(s('text', { x: x0 + w, y: H - B + 14, 'text-anchor': 'middle' }, b.from));
    });
    svg.append(s('text', { x: (L + W - R) / 2, y: H - 2, 'text-anchor': 'middle' }, 'repair run'));
    return svg;
  }

  function render(d) {
    app.replaceChildren();
    const refresh = el('button', { type: 'button' }, ['Refresh']);
    refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
    app.append(el('header', {}, [el('h1', {}, ['What WeaverGen learned']), refresh]));
    app.append(el('p', { class: 'muted' }, [
      d.enabled ? `From ${d.events} outcomes kept on this machine; older evidence counts half after ${d.halfLifeEvents} outcomes.`
        : 'Learning is switched off (weavergen.learning.enabled): providers keep equal weights.',
    ]));
    const last = d.buckets[d.buckets.length - 1];
    app.append(el('div', { class: 'tiles' }, [
      tile(String(d.events), 'outcomes'),
      tile(pct(last && last.acceptance), 'acceptance (latest)'),
      tile(pct(last && last.validation), 'validation (latest)'),
      tile(pct(d.repair.successRate), `repairs fixed (${d.repair.fixed}/${d.repair.runs})`),
      tile(fmt(d.repair.tokens), 'repair tokens'),
    ]));
    app.append(el('div', { class: 'grid' }, [
      card('Acceptance and validation over time', rateChart(d.buckets, d.bucketSize), legend([['acceptance', 'kept by you'], ['validation', 'passed its own checks']])),
      card(`Provider reliability (${Math.round(d.level * 100)}% interval)`, reliabilityChart(d.providers, d.level)),
      card('Repair loop', repairChart(d.repair), legend([['fixed', 'fixed'], ['unfixed', 'not fixed'], ['tokens', 'tokens spent']])),
    ]));
    document.body.dataset.rendered = 'true';
  }

  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'data' && e.data.data) render(e.data.data);
  });
  vscode.postMessage({ type: 'ready' });
})();
