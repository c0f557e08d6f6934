// EgressTest files: loaded from a file or pasted, run by the server, results as a table.
import { ApiError, call } from './api.js';
import { byId, clear, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { emit } from './store.js';

let fileName = 'tests.yaml';
let last = null;
let lastText = null;

function describe(map) {
  return Object.entries(map || {}).map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join('\n');
}

function render() {
  const summary = byId('tests-summary');
  const table = byId('tests-table');
  if (!last) {
    summary.textContent = t('tests.none');
    summary.className = 'summary';
    table.hidden = true;
    return;
  }
  summary.textContent = t('tests.summary', last.passed, last.failed);
  summary.className = 'summary ' + (last.failed === 0 ? 'pass' : 'fail');
  const body = clear(table.tBodies[0]);
  for (const c of last.cases) {
    body.append(h('tr', {},
      h('td', { class: c.passed ? 'pass' : 'fail' }, c.passed ? '✓ ' + t('tests.passed') : '✗ ' + t('tests.failed')),
      h('td', {}, c.name),
      h('td', {}, h('code', {}, describe(c.expected))),
      h('td', {}, h('code', {}, describe(c.actual))),
      h('td', {}, (c.failures || []).join('\n'))));
  }
  table.hidden = false;
}

async function run() {
  const text = byId('tests-text').value;
  if (!text.trim()) {
    emit('status', { error: true, text: t('tests.empty') });
    return;
  }
  byId('tests-run').disabled = true;
  try {
    last = await call('POST', '/api/tests?file=' + encodeURIComponent(fileName), text);
    lastText = text;
    render();
    emit('status', { text: t('tests.summary', last.passed, last.failed) });
  } catch (e) {
    const detail = e instanceof ApiError ? (e.problem.details || [])[0] : null;
    last = null;
    render();
    byId('tests-summary').textContent = e.message + (detail ? ': ' + detail.message : '');
    byId('tests-summary').className = 'summary fail';
  } finally {
    byId('tests-run').disabled = false;
  }
}

export function initTests() {
  byId('tests-file').addEventListener('change', async e => {
    const file = e.target.files[0];
    if (!file) {
      return;
    }
    fileName = file.name.replace(/[^A-Za-z0-9._-]/g, '_');
    byId('tests-file-name').textContent = file.name;
    byId('tests-text').value = await file.text();
  });
  byId('tests-text').addEventListener('input', () => {
    if (!byId('tests-file').value) {
      fileName = 'tests.yaml';
    }
  });
  byId('tests-run').addEventListener('click', run);
  onLanguageChange(async () => {
    render();
    if (last && lastText) { // failures are explained by the server, in the language asked for
      try {
        last = await call('POST', '/api/tests?file=' + encodeURIComponent(fileName), lastText);
      } catch (e) {
        // keep the last run as it was explained
      }
      render();
    }
  });
  render();
}
