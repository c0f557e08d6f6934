// The Traffic view: recorded requests, each with its verdict under the workspace as edited, the deciding rule and
// what changed since the baseline (the workspace as the server started with it or last deployed); the impact line
// that follows every edit ("this edit newly refuses 12 recorded requests from curl/curl to api.github.com"); load a
// file, follow a running enforcer, propose policies from the traffic; and the impact in the deploy dialog.
// Every verdict and text comes from the server (the shared matcher), in the page's language.
import { call, withToken, ApiError } from './api.js';
import { byId, clear, h } from './dom.js';
import { currentLanguage, onLanguageChange, t } from './i18n.js';
import { loadWorkspace, on, store } from './store.js';

/** How often the table is asked again while an enforcer is followed. */
const FOLLOW_REFRESH_MS = 2000;
/** Rows asked for after each edit: the changed ones come first. */
const ROWS = 200;

export const traffic = {
  /** The last GET /api/traffic answer: {status, impact, offset, matching, rows}, or null before the first. */
  table: null,
  /** Keys of the objects "propose from traffic" added: marked new in the list. */
  proposed: new Set(),
  refreshes: 0,
};

let inFlight = null;
let again = false;
let followTimer = null;

/** Asks for the table again (one call at a time; a call asked for meanwhile runs once after it). */
export function refreshTraffic() {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    try {
      const changedOnly = byId('traffic-changed-only').checked;
      const engine = encodeURIComponent(store.engine);
      if (traffic.table && traffic.table.status.distinct > 0) {
        // the line first: it costs less than the rows (their reasons and nearest misses)
        renderImpactLine(await call('GET', '/api/traffic/impact?engine=' + engine));
      }
      traffic.table = await call('GET', '/api/traffic?limit=' + ROWS + '&engine=' + engine
        + (changedOnly ? '&changed=true' : ''));
      traffic.proposed = new Set(traffic.table.status.proposed || []);
      traffic.refreshes++;
      render();
    } catch (e) {
      message(e.message, true);
    } finally {
      inFlight = null;
    }
    if (again) {
      again = false;
      await refreshTraffic();
    }
  })();
  return inFlight;
}

function message(text, error) {
  const el = byId('traffic-message');
  el.textContent = text || '';
  el.className = error ? 'traffic-message error' : 'traffic-message';
}

function loaded() {
  return traffic.table && traffic.table.status.distinct > 0;
}

function render() {
  renderStatus();
  renderImpactLine(traffic.table.impact);
  renderRows();
  markProposed();
  scheduleFollow();
}

function renderStatus() {
  const s = traffic.table.status;
  const el = clear(byId('traffic-status'));
  el.append(t('traffic.status', s.total, s.distinct, s.unreadable));
  if (s.notKept > 0) {
    el.append(' · ', t('traffic.notKept', s.notKept));
  }
  if (s.follow) {
    el.append(' · ', t('traffic.following', s.follow.url, s.follow.sequence));
    if (s.follow.missed > 0) {
      el.append(' · ', t('traffic.missed', s.follow.missed));
    }
    if (s.follow.error) {
      el.append(' · ', h('span', { class: 'error' }, s.follow.error));
    }
  }
  const problems = clear(byId('traffic-problems'));
  for (const p of s.problems || []) {
    problems.append(h('li', {}, p));
  }
  byId('traffic-follow-stop').hidden = !s.follow;
  byId('traffic-propose').disabled = s.distinct === 0;
}

/** The line under the tabs, on every view: what the edits since the baseline do to the loaded traffic. */
function renderImpactLine(impact) {
  const el = byId('traffic-impact-line');
  if (!impact || impact.requests === 0) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  el.textContent = impact.summary.join(' · ');
  el.classList.toggle('changed', impact.verdictChanges > 0);
  el.classList.toggle('refused', (impact.counts['newly-refused'] || 0) > 0);
}

function ruleText(row) {
  if (row.rule) {
    return row.rule.policy + ' · ' + row.rule.field + (row.rule.routeMatch ? ' · ' + row.rule.routeMatch : '');
  }
  return row.policy || t('traffic.noPolicy');
}

function renderRows() {
  const table = byId('traffic-table');
  const body = clear(table.tBodies[0]);
  const rows = traffic.table.rows;
  table.hidden = !loaded();
  for (const r of rows) {
    body.append(h('tr', { class: r.change ? 'change-' + r.change : null, dataset: { index: r.index } },
      h('td', { class: 'change' }, r.change ? t('traffic.change.' + r.change) : ''),
      h('td', { class: 'code request', title: r.file + ':' + r.line }, r.request),
      h('td', {}, r.from),
      h('td', { class: 'count' }, r.count.toLocaleString()),
      h('td', {}, h('span', { class: 'verdict ' + r.verdict }, r.verdict),
        r.recorded && r.recorded !== r.verdict ? h('span', { class: 'muted' }, ' ' + t('traffic.recorded', r.recorded)) : null),
      h('td', { class: 'rule' }, h('div', {}, ruleText(r)),
        h('div', { class: 'muted' }, r.reason), r.nearestMiss ? h('div', { class: 'muted miss' }, r.nearestMiss) : null)));
  }
  const more = traffic.table.matching - rows.length;
  byId('traffic-more').textContent = more > 0 ? t('traffic.more', more) : '';
}

/** Marks the objects "propose from traffic" added in the policy list (the list keeps an item's classes). */
function markProposed() {
  for (const li of document.querySelectorAll('#policy-list li')) {
    const isNew = traffic.proposed.has(li.dataset.key);
    li.classList.toggle('proposed', isNew);
    if (isNew) {
      li.dataset.newLabel = t('traffic.new');
    }
  }
}

function scheduleFollow() {
  const following = !!traffic.table.status.follow;
  if (following && followTimer === null) {
    followTimer = setInterval(() => refreshTraffic(), FOLLOW_REFRESH_MS);
  } else if (!following && followTimer !== null) {
    clearInterval(followTimer);
    followTimer = null;
  }
}

/** Posts a file as it is (gzip too): the server reads its bytes. */
async function upload(file) {
  const from = byId('traffic-from').value.trim();
  const query = '/api/traffic/upload?file=' + encodeURIComponent(file.name) + (from ? '&from=' + encodeURIComponent(from) : '');
  const response = await fetch(withToken(query), { method: 'POST', body: file, credentials: 'same-origin',
    headers: { 'Accept': 'application/json', 'Accept-Language': currentLanguage(),
      'Content-Type': 'application/octet-stream' } });
  const body = await response.json();
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

async function guarded(action) {
  try {
    message('');
    await action();
  } catch (e) {
    const details = e instanceof ApiError ? (e.problem.details || []).map(d => d.message).filter(Boolean) : [];
    message(e.message + (details.length ? ': ' + details.join('; ') : ''), true);
  }
}

async function propose() {
  const answer = await call('POST', '/api/traffic/propose', { engine: store.engine, routes: byId('traffic-routes').value });
  await loadWorkspace();
  await refreshTraffic();
  message(t('traffic.proposed', answer.added.length) + (answer.skipped.length
    ? ' ' + t('traffic.skipped', answer.skipped.join(', ')) : ''));
}

/** The deploy dialog's impact: what deploying the workspace over the cluster's objects does to the loaded traffic. */
export function renderDeployImpact(impact) {
  const el = clear(byId('deploy-impact'));
  el.hidden = !impact;
  if (!impact) {
    return;
  }
  el.classList.toggle('changed', impact.verdictChanges > 0);
  el.append(h('h3', {}, t('traffic.deployImpact')));
  for (const line of impact.summary) {
    el.append(h('div', { class: 'impact-summary' }, line));
  }
  const list = h('ul', { class: 'impact-groups' });
  for (const g of impact.groups.slice(0, 10)) {
    list.append(h('li', { class: 'change-' + g.change },
      t('traffic.group', t('traffic.change.' + g.change), g.requests, g.from, g.host, g.policy),
      g.examples.length ? h('div', { class: 'code muted' }, g.examples[0]) : null));
  }
  el.append(list);
}

export function initTraffic() {
  byId('traffic-file').addEventListener('change', e => guarded(async () => {
    for (const file of e.target.files) {
      await upload(file);
    }
    e.target.value = '';
    await refreshTraffic();
  }));
  byId('traffic-follow').addEventListener('click', () => guarded(async () => {
    await call('POST', '/api/traffic/follow', { url: byId('traffic-follow-url').value.trim() });
    await refreshTraffic();
  }));
  byId('traffic-follow-stop').addEventListener('click', () => guarded(async () => {
    await call('DELETE', '/api/traffic/follow');
    await refreshTraffic();
  }));
  byId('traffic-clear').addEventListener('click', () => guarded(async () => {
    await call('DELETE', '/api/traffic');
    await refreshTraffic();
  }));
  byId('traffic-baseline').addEventListener('click', () => guarded(async () => {
    await call('POST', '/api/traffic/baseline');
    await refreshTraffic();
  }));
  byId('traffic-propose').addEventListener('click', () => guarded(propose));
  byId('traffic-changed-only').addEventListener('change', () => refreshTraffic());
  // every edit, engine switch and language switch decides the traffic again
  on('updated', () => refreshTraffic());
  on('changed', ({ removed }) => {
    if (removed && removed.length) {
      refreshTraffic();
    } else {
      markProposed();
    }
  });
  on('loaded', () => refreshTraffic());
  on('engine', () => refreshTraffic());
  onLanguageChange(() => refreshTraffic());
}
