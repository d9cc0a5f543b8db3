// @ts-check
// The evidence webview: draws a trace as a waterfall (bars on a time axis, nested by
// parent, coloured by status; click a span for its attributes), the candidates per
// behavioural cluster and the probe results. Data comes from the extension by postMessage.
// Everything is built with DOM calls and textContent: no HTML strings from the data.
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const SVGNS = 'http://www.w3.org/2000/svg';

  /** @param {string} tag @param {Record<string,string>} [attrs] @param {(Node|string|null|undefined)[]} [kids] */
  function h(tag, attrs, kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      // Inline style attributes are blocked by the CSP; CSSOM properties are not.
      if (k === 'style') for (const decl of v.split(';')) {
        const i = decl.indexOf(':');
        if (i > 0) e.style.setProperty(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
      } else e.setAttribute(k, v);
    }
    for (const k of kids || []) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  /** @param {string} tag @param {Record<string,string|number>} attrs */
  function s(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  }
  const ms = (/** @type {number} */ v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);

  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (m && m.type === 'data') render(m.data || {});
  });
  vscode.postMessage({ type: 'ready' });

  /** @type {Record<string,string>} */
  let labels = {};
  /** The full, distinct stage name the extension computed (evidenceLabels.ts), else the span name. */
  const label = (/** @type {any} */ sp) => labels[sp.spanId] || sp.name;

  function render(/** @type {any} */ data) {
    app.replaceChildren();
    labels = data.labels || {};
    const region = data.region;
    const summary = region && region.summary;
    app.append(header(data, summary, region));
    const spans = (data.trace && data.trace.spans) || [];
    if (spans.length) app.append(section('Trace', waterfall(spans)));
    else if (data.traceId) app.append(section('Trace', h('p', { class: 'muted' }, [`Trace ${data.traceId} is not in the span store (tracing off, or evicted).`])));
    if (summary && summary.clusters && summary.clusters.length) app.append(section('Candidates by behaviour', clusters(summary.clusters)));
    const probes = probeRows(spans, summary);
    if (probes) app.append(section('Probe results', probes));
    if (summary && summary.outcomes && summary.outcomes.length) app.append(section('Providers', providers(summary.outcomes)));
    document.body.dataset.rendered = 'true';
    document.body.dataset.spans = String(spans.length);
  }

  function section(/** @type {string} */ title, /** @type {Node} */ body) {
    return h('section', {}, [h('h2', {}, [title]), body]);
  }

  function header(/** @type {any} */ data, /** @type {any} */ summary, /** @type {any} */ region) {
    const badges = h('div', { class: 'badges' });
    if (summary) {
      if (summary.quality) badges.append(gauge(summary.quality.score));
      if (summary.agreement) badges.append(badge(`${summary.agreement.agree} of ${summary.agreement.total} models agree`, 'agree'));
      if (summary.probes) badges.append(badge(`${summary.probes.passed}/${summary.probes.total} probes`, summary.probes.passed === summary.probes.total ? 'ok' : 'error'));
      for (const c of (summary.checks || []).filter((/** @type {any} */ c) => !(summary.probes && c.name === 'probes'))) badges.append(badge(`${c.name}${c.detail ? ` ${c.detail}` : ''}`, c.outcome === 'pass' ? 'ok' : c.outcome === 'fail' ? 'error' : 'unset'));
      if (summary.recorded) badges.append(badge('recorded demo', 'unset'));
    }
    if (region && region.stale) badges.append(badge('stale: edited since generation', 'error'));
    const title = h('h1', {}, ['WeaverGen evidence']);
    const meta = h('p', { class: 'muted' }, [
      summary ? `by ${summary.providers.join(', ')} (${summary.models.join(', ')})` : '',
      data.traceId ? ` · trace ${data.traceId}` : '',
    ]);
    const kids = [title, meta, badges];
    if (data.traceId) {
      const btn = h('button', { type: 'button' }, ['Open as text']);
      btn.addEventListener('click', () => vscode.postMessage({ type: 'showTrace', traceId: data.traceId }));
      kids.push(btn);
    }
    return h('header', {}, kids);
  }

  function badge(/** @type {string} */ text, /** @type {string} */ kind) {
    return h('span', { class: `badge ${kind}` }, [text]);
  }

  /** A small ring showing the 0–100 quality score. */
  function gauge(/** @type {number} */ score) {
    const svg = s('svg', { width: 56, height: 56, viewBox: '0 0 36 36', class: 'gauge', role: 'img', 'aria-label': `Quality ${Math.round(score)}` });
    svg.append(s('circle', { cx: 18, cy: 18, r: 15.9, class: 'gauge-bg' }));
    const arc = s('circle', { cx: 18, cy: 18, r: 15.9, class: `gauge-fg ${score >= 70 ? 'ok' : score >= 40 ? 'warn' : 'error'}`, 'stroke-dasharray': `${Math.max(0, Math.min(100, score))} 100`, transform: 'rotate(-90 18 18)' });
    svg.append(arc);
    const t = s('text', { x: 18, y: 21.5, 'text-anchor': 'middle', class: 'gauge-text' });
    t.textContent = String(Math.round(score));
    svg.append(t);
    return svg;
  }

  /** Spans ordered depth-first under their parents, each with its depth. */
  function tree(/** @type {any[]} */ spans) {
    const ids = new Set(spans.map((x) => x.spanId));
    /** @type {Map<string, any[]>} */
    const kids = new Map();
    const roots = [];
    for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
      if (sp.parentSpanId && ids.has(sp.parentSpanId)) {
        const list = kids.get(sp.parentSpanId) || [];
        list.push(sp);
        kids.set(sp.parentSpanId, list);
      } else roots.push(sp);
    }
    /** @type {{span:any, depth:number}[]} */
    const out = [];
    const walk = (/** @type {any} */ sp, /** @type {number} */ depth) => {
      out.push({ span: sp, depth });
      for (const k of kids.get(sp.spanId) || []) walk(k, depth + 1);
    };
    for (const r of roots) walk(r, 0);
    return out;
  }

  function statusOf(/** @type {any} */ sp) {
    if (sp.attributes && sp.attributes['weavergen.cancelled'] === true) return 'cancelled';
    return sp.status && sp.status.code ? sp.status.code : 'unset';
  }

  function waterfall(/** @type {any[]} */ spans) {
    const rows = tree(spans);
    const t0 = Math.min(...spans.map((x) => x.start));
    const t1 = Math.max(...spans.map((x) => x.end));
    const total = Math.max(t1 - t0, 0.001);
    const wrap = h('div', { class: 'waterfall' });
    const axis = h('div', { class: 'row axis' }, [h('div', { class: 'label' }, [`${spans.length} spans · ${ms(total)}`])]);
    const ticks = h('div', { class: 'track' });
    for (let i = 0; i <= 4; i++) {
      ticks.append(h('span', { class: 'tick', style: `left:${i * 25}%` }, [ms((total * i) / 4)]));
    }
    axis.append(ticks);
    wrap.append(axis);
    const details = h('div', { class: 'details muted' }, ['Click a span to see its attributes.']);
    for (const { span, depth } of rows) {
      const left = ((span.start - t0) / total) * 100;
      const width = Math.max((span.durationMs / total) * 100, 0.4);
      const status = statusOf(span);
      const bar = h('div', { class: `bar ${status}`, style: `left:${left}%;width:${width}%`, title: `${label(span)} ${ms(span.durationMs)} ${status}` });
      const row = h('div', { class: 'row span', tabindex: '0', role: 'button', 'data-span': span.spanId }, [
        h('div', { class: 'label', style: `padding-left:${depth * 12}px`, title: span.name }, [label(span)]),
        h('div', { class: 'track' }, [bar, h('span', { class: 'dur', style: left + width > 75 ? 'right:0' : `left:${left + width}%` }, [ms(span.durationMs)])]),
      ]);
      const select = () => {
        for (const r of wrap.querySelectorAll('.row.selected')) r.classList.remove('selected');
        row.classList.add('selected');
        details.replaceChildren(spanDetails(span, status));
      };
      row.addEventListener('click', select);
      row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); } });
      wrap.append(row);
    }
    return h('div', {}, [wrap, details]);
  }

  function spanDetails(/** @type {any} */ sp, /** @type {string} */ status) {
    const table = h('table', { class: 'attrs' });
    const add = (/** @type {string} */ k, /** @type {unknown} */ v) => table.append(h('tr', {}, [h('th', {}, [k]), h('td', {}, [typeof v === 'string' ? v : JSON.stringify(v)])]));
    add('stage', label(sp));
    add('span', sp.name);
    add('status', sp.status && sp.status.message ? `${status}: ${sp.status.message}` : status);
    add('duration', ms(sp.durationMs));
    for (const [k, v] of Object.entries(sp.attributes || {})) add(k, v);
    for (const ev of sp.events || []) add(`event ${ev.name}`, ev.attributes || '');
    return table;
  }

  function clusters(/** @type {any[]} */ list) {
    const total = list.reduce((n, c) => n + c.size, 0) || 1;
    const grid = h('div', { class: 'clusters' });
    for (const c of list) {
      const share = h('div', { class: 'share' }, [h('div', { class: `fill ${c.winner ? 'ok' : 'unset'}`, style: `width:${(c.size / total) * 100}%` })]);
      const probes = c.probesTotal > 0 ? h('div', { class: 'share probes' }, [h('div', { class: 'fill ok', style: `width:${(c.probesPassed / c.probesTotal) * 100}%` })]) : null;
      const code = h('details', {}, [h('summary', {}, ['representative']), h('pre', {}, [c.representative])]);
      grid.append(h('div', { class: `cluster${c.winner ? ' winner' : ''}` }, [
        h('div', { class: 'cluster-head' }, [h('strong', {}, [c.winner ? `★ ${c.id}` : c.id]), h('span', { class: 'muted' }, [` ${c.size} of ${total} candidates`])]),
        share,
        h('div', { class: 'chips' }, c.providers.map((/** @type {string} */ p) => h('span', { class: 'chip' }, [p]))),
        h('div', { class: 'muted' }, [c.behaviour]),
        probes,
        probes ? h('div', { class: 'muted' }, [`${c.probesPassed}/${c.probesTotal} probes passed`]) : null,
        code,
      ]));
    }
    return grid;
  }

  /** A row per sandbox/probe span (outcome from its status and attributes), else per cluster. */
  function probeRows(/** @type {any[]} */ spans, /** @type {any} */ summary) {
    const runs = spans.filter((x) => /probe|sandbox|test/i.test(x.name));
    if (runs.length) {
      const table = h('table', { class: 'grid' }, [h('tr', {}, ['run', 'outcome', 'time', 'details'].map((t) => h('th', {}, [t])))]);
      for (const r of runs) {
        const outcome = r.attributes['weavergen.sandbox.outcome'] ?? r.attributes['weavergen.probe.outcome'] ?? statusOf(r);
        const extra = Object.entries(r.attributes).filter(([k]) => /probe|limit|candidate|passed|total/.test(k)).map(([k, v]) => `${k.replace(/^weavergen\./, '')}=${v}`).join(' ');
        const cls = /ok|pass/i.test(String(outcome)) ? 'ok' : /error|fail|timeout|crash/i.test(String(outcome)) ? 'error' : 'unset';
        table.append(h('tr', {}, [h('td', {}, [label(r)]), h('td', {}, [badge(String(outcome), cls)]), h('td', {}, [ms(r.durationMs)]), h('td', { class: 'muted' }, [extra])]));
      }
      return table;
    }
    const list = (summary && summary.clusters) || [];
    if (!list.some((/** @type {any} */ c) => c.probesTotal > 0)) return null;
    const table = h('table', { class: 'grid' }, [h('tr', {}, ['cluster', 'providers', 'passed', ''].map((t) => h('th', {}, [t])))]);
    for (const c of list) {
      const cells = h('div', { class: 'cells' });
      for (let i = 0; i < c.probesTotal; i++) cells.append(h('span', { class: `cell ${i < c.probesPassed ? 'ok' : 'error'}` }));
      table.append(h('tr', {}, [h('td', {}, [c.id]), h('td', {}, [c.providers.join(', ')]), h('td', {}, [`${c.probesPassed}/${c.probesTotal}`]), h('td', {}, [cells])]));
    }
    return table;
  }

  function providers(/** @type {any[]} */ outcomes) {
    const max = Math.max(...outcomes.map((o) => o.latencyMs), 1);
    const wrap = h('div', { class: 'waterfall' });
    for (const o of outcomes) {
      const cls = o.status === 'ok' ? 'ok' : o.status === 'error' ? 'error' : 'cancelled';
      const tokens = o.inputTokens !== undefined ? ` · ${o.inputTokens}/${o.outputTokens ?? '?'} tokens` : '';
      wrap.append(h('div', { class: 'row' }, [
        h('div', { class: 'label', title: o.error || '' }, [`${o.id} (${o.model})`]),
        h('div', { class: 'track' }, [
          h('div', { class: `bar ${cls}`, style: `left:0;width:${Math.max((o.latencyMs / max) * 85, 0.5)}%` }),
          h('span', { class: 'dur', style: (o.latencyMs / max) * 85 > 40 ? 'right:0' : `left:${(o.latencyMs / max) * 85}%` }, [`${ms(o.latencyMs)} ${o.status}${tokens}`]),
        ]),
      ]));
    }
    return wrap;
  }
})();
