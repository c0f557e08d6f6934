// Deploy: which cluster, the diff, confirm (and whether to switch on enableEgressPolicy), progress, result.
import { ApiError, call, withToken } from './api.js';
import { byId, clear, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { emit, store } from './store.js';
import { renderDeployImpact } from './traffic.js';

const EVENT_TYPES = ['applied', 'failed', 'rolled_back', 'mesh_config', 'done'];
let cluster = null;
let plan = null;
let source = null;
let running = false;

function renderCluster() {
  const el = clear(byId('deploy-cluster'));
  if (cluster) {
    el.append(h('strong', {}, t('deploy.cluster')), ' ', cluster.context, ' — ', cluster.server,
      cluster.embedded ? h('span', { class: 'muted' }, ' (' + t('deploy.embedded') + ')') : null);
  }
}

function renderPlan() {
  const counts = clear(byId('deploy-counts'));
  const body = clear(byId('deploy-changes').tBodies[0]);
  if (!plan) {
    return;
  }
  for (const action of ['create', 'update', 'delete', 'unchanged']) {
    counts.append(h('span', {}, t('deploy.count.' + action, plan.counts[action] ?? 0)));
  }
  for (const c of plan.changes) {
    body.append(h('tr', {},
      h('td', { class: 'act-' + c.action }, t('deploy.action.' + c.action)),
      h('td', {}, c.kind),
      h('td', {}, (c.namespace ? c.namespace + '/' : '') + c.name),
      h('td', {}, (c.fields || []).join(', '))));
  }
  if (plan.changes.length === 0) {
    body.append(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, t('deploy.nothing'))));
  }
  byId('deploy-mesh').hidden = plan.egressPolicyEnabled !== false;
  renderDeployImpact(plan.impact);
}

async function loadPlan() {
  const prune = byId('deploy-prune').checked;
  plan = await call('GET', '/api/cluster/diff?prune=' + prune + '&engine=' + encodeURIComponent(store.engine));
  renderPlan();
}

function result(text, ok) {
  const el = byId('deploy-result');
  el.textContent = text;
  el.className = 'deploy-result ' + (ok ? 'ok' : 'bad');
}

async function open() {
  if (running) {
    byId('deploy-dialog').showModal();
    return;
  }
  clear(byId('deploy-progress'));
  result('', true);
  byId('deploy-enable').checked = false;
  byId('deploy-confirm').disabled = true;
  byId('deploy-dialog').showModal();
  try {
    cluster = await call('GET', '/api/cluster');
    renderCluster();
    await loadPlan();
    byId('deploy-confirm').disabled = false;
  } catch (e) {
    result(e.message, false);
  }
}

async function confirm() {
  byId('deploy-confirm').disabled = true;
  clear(byId('deploy-progress'));
  result(t('deploy.running'), true);
  const body = { dryRun: false, enableEgressPolicy: byId('deploy-enable').checked,
    prune: byId('deploy-prune').checked, engine: store.engine };
  let job;
  try {
    job = await call('POST', '/api/cluster/deploy', body);
  } catch (e) {
    const details = e instanceof ApiError ? e.problem.details || [] : [];
    result(e.message, false);
    const list = byId('deploy-progress');
    for (const d of details) {
      list.append(h('li', { class: 'failed' }, (d.file ? d.file + ':' + d.line + ' ' : '') + (d.field ? d.field + ': ' : '')
        + d.message));
    }
    byId('deploy-confirm').disabled = false;
    return;
  }
  running = true;
  source = new EventSource(withToken(job.eventsUrl));
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, e => progress(type, JSON.parse(e.data), job.id));
  }
  source.onerror = () => {
    if (running) {
      finish(job.id);
    }
  };
}

function progress(type, event, id) {
  if (type === 'done') {
    finish(id);
    return;
  }
  const total = event.total ? '[' + event.index + '/' + event.total + '] ' : '';
  byId('deploy-progress').append(h('li', { class: type }, total + event.message));
}

async function finish(id) {
  if (!running) {
    return;
  }
  running = false;
  source?.close();
  source = null;
  try {
    const job = await call('GET', '/api/cluster/deploys/' + encodeURIComponent(id));
    const ok = job.outcome === 'applied';
    result(t('deploy.outcome.' + job.outcome) + (job.failure ? ': ' + job.failure : ''), ok);
    emit('status', { error: !ok, text: t('deploy.outcome.' + job.outcome) });
    await loadPlan();
  } catch (e) {
    result(e.message, false);
  }
  byId('deploy-confirm').disabled = false;
}

export async function loadClusterBadge() {
  try {
    cluster = await call('GET', '/api/cluster');
    const badge = byId('cluster-badge');
    badge.textContent = '⎈ ' + cluster.context + (cluster.embedded ? ' · ' + t('deploy.embedded') : '');
    badge.title = cluster.server;
  } catch (e) {
    byId('cluster-badge').textContent = '⎈ ?';
  }
}

export function initDeploy() {
  byId('deploy-open').addEventListener('click', open);
  byId('deploy-confirm').addEventListener('click', confirm);
  byId('deploy-cancel').addEventListener('click', () => byId('deploy-dialog').close());
  byId('deploy-prune').addEventListener('change', () => loadPlan().catch(e => result(e.message, false)));
  onLanguageChange(() => {
    renderCluster();
    renderPlan();
    loadClusterBadge();
  });
}
