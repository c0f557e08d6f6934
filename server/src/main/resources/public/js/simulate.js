// The simulation panel: a source and a curl line in; what curl would print, the verdict, and the deciding
// policy and rule (highlighted in the list, the form and the graph), or the nearest miss.
import { ApiError, call } from './api.js';
import { byId, clear, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { emit, keyOf, knownServiceAccounts, on, select, store } from './store.js';

let last = null;

function refKey(kind, ref) {
  if (!ref) {
    return null;
  }
  const slash = ref.indexOf('/');
  return keyOf(kind, ref.substring(0, slash), ref.substring(slash + 1));
}

function link(key, text) {
  return h('span', { class: 'rule-link', onclick: () => { select(key); emit('show-tab', 'editor'); } }, text);
}

function render() {
  const r = last;
  if (!r) {
    return;
  }
  byId('sim-result').hidden = false;
  const verdict = byId('sim-verdict');
  verdict.className = 'verdict ' + r.verdict;
  verdict.textContent = t('verdict.' + r.verdict);
  byId('sim-signal').textContent = r.signal + (r.exitCode === null || r.exitCode === undefined ? ''
    : ' · ' + t('sim.exitCode', r.exitCode));
  byId('sim-output').textContent = r.output || t('sim.noOutput');
  const rule = clear(byId('sim-rule'));
  if (r.policy) {
    const policyKey = refKey('Egress', r.policy);
    rule.append(h('div', {}, link(policyKey, 'Egress ' + r.policy)));
    if (r.rule) {
      rule.append(h('div', { class: 'muted' }, r.rule.field + ' · ' + r.rule.port + '/' + r.rule.protocol
        + (r.rule.host ? ' · ' + t('sim.host', r.rule.host) : '')));
      if (r.rule.routeGroup) {
        rule.append(h('div', {}, link(refKey('HTTPRouteGroup', r.rule.routeGroup),
          'HTTPRouteGroup ' + r.rule.routeGroup), ' · ' + t('sim.match', r.rule.routeMatch)));
      }
    }
  } else {
    rule.append(h('div', { class: 'muted' }, t('sim.noPolicy')));
  }
  if (r.reason) {
    rule.append(h('div', { class: 'reason' }, r.reason));
  }
  byId('sim-miss-block').hidden = !r.nearestMiss;
  byId('sim-miss').textContent = r.nearestMiss || '';
  byId('sim-explain').textContent = r.explanation || '';
}

/** The last result again in the page's new language: reasons and nearest misses are explained by the server. */
async function explainAgain() {
  if (!last) {
    return;
  }
  try {
    last = await call('POST', '/api/simulate', { from: last.from, curl: last.curl, engine: store.engine });
  } catch (e) {
    // keep the last result as it was explained
  }
  render();
}

async function run() {
  const from = byId('sim-from').value.trim();
  const curl = byId('sim-curl').value.trim();
  const button = byId('sim-run');
  button.disabled = true;
  try {
    last = await call('POST', '/api/simulate', { from, curl, engine: store.engine });
    store.decided = last.policy ? {
      policyKey: refKey('Egress', last.policy),
      routeGroupKey: last.rule && last.rule.routeGroup ? refKey('HTTPRouteGroup', last.rule.routeGroup) : null,
      rule: last.rule, verdict: last.verdict } : null;
    render();
    emit('decided');
    emit('status', { text: t('sim.done', last.verdict) });
  } catch (e) {
    const detail = e instanceof ApiError ? (e.problem.details || [])[0] : null;
    emit('status', { error: true, text: e.message + (detail ? ': ' + detail.message : '') });
  } finally {
    button.disabled = false;
  }
}

function fillSources() {
  const list = clear(byId('known-sas'));
  for (const sa of knownServiceAccounts()) {
    list.append(h('option', { value: sa }));
  }
}

export function initSimulation() {
  byId('sim-run').addEventListener('click', run);
  byId('sim-curl').addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      run();
    }
  });
  on('loaded', fillSources);
  on('changed', fillSources);
  onLanguageChange(() => { render(); explainAgain(); });
}
