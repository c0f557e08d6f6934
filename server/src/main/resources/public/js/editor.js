// The editor: a form for Egress and HTTPRouteGroup objects and a YAML pane, kept in sync both ways. Every
// edit is saved to the workspace and validated; diagnostics show on the field and on the YAML line.
import { ApiError, call } from './api.js';
import { byId, clear, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { emit, fileOf, keyOf, knownServiceAccounts, namespaces, on, remove,
  save, select, store } from './store.js';
import { fromYaml, lineOf, toYaml } from './yaml.js';

const YAML_DELAY_MS = 400;

let cm;
let current = null;
let settingText = false;
let yamlTimer = null;
let lineMarks = [];
let localError = null;

export function initEditor() {
  cm = window.CodeMirror(byId('yaml-editor'), {
    mode: 'yaml', lineNumbers: true, tabSize: 2, indentUnit: 2, lineWrapping: false,
    gutters: ['diag-gutter', 'CodeMirror-linenumbers'],
    extraKeys: { Tab: editor => editor.replaceSelection('  ') },
  });
  cm.on('change', () => {
    if (settingText || !current) {
      return;
    }
    clearTimeout(yamlTimer);
    yamlTimer = setTimeout(yamlEdited, YAML_DELAY_MS);
  });
  on('select', ({ key }) => open(key));
  on('diagnostics', ({ keys }) => {
    // during a save the 'updated' that follows marks the edited object once, after the views
    if (current && keys.has(current.key) && !store.saving) {
      markDiagnostics();
    }
  });
  on('updated', ({ key }) => {
    if (current && current.key === key) {
      markDiagnostics();
      markDecided();
    }
  });
  on('changed', ({ keys, removed }) => {
    if (current && removed.includes(current.key) && !keys.includes(current.key)) {
      close();
    }
  });
  on('decided', () => {
    if (current) {
      markDecided();
    }
  });
  onLanguageChange(() => {
    if (current) {
      renderForm();
      markDiagnostics();
      markDecided();
    }
  });
  byId('new-egress').addEventListener('click', () => create('Egress'));
  byId('new-route').addEventListener('click', () => create('HTTPRouteGroup'));
  byId('delete-object').addEventListener('click', async () => {
    if (current && window.confirm(t('editor.confirmDelete', current.key))) {
      await guarded(remove(current.key));
    }
  });
}

/** For the tests and the benchmark: the editor's YAML text. */
export function yamlText() {
  return cm.getValue();
}

function setText(text) {
  settingText = true;
  try {
    if (cm.getValue() !== text) {
      const scroll = cm.getScrollInfo();
      cm.setValue(text);
      cm.scrollTo(scroll.left, scroll.top);
    }
  } finally {
    settingText = false;
  }
}

function open(key) {
  if (current && current.key === key) {
    return;
  }
  const o = store.objects.get(key);
  if (!o) {
    close();
    return;
  }
  clearTimeout(yamlTimer);
  localError = null;
  current = { key, draft: structuredClone(o.content) };
  byId('form-empty').hidden = true;
  byId('object-form').hidden = false;
  byId('delete-object').hidden = false;
  renderForm();
  setText(o.text);
  cm.clearHistory();
  markDiagnostics();
  markDecided();
  emit('show-tab', 'editor');
}

function close() {
  current = null;
  byId('form-empty').hidden = false;
  byId('object-form').hidden = true;
  byId('delete-object').hidden = true;
  clear(byId('object-form'));
  clear(byId('object-problems'));
  setText('');
}

function defaultNamespace() {
  const selected = store.selected && store.objects.get(store.selected);
  if (selected && selected.namespace) {
    return selected.namespace;
  }
  return namespaces().find(n => n !== 'default') || 'default';
}

/** A new object from the server's template (policy's, the same the desktop app starts from). */
async function create(kind) {
  const content = await guarded(template({ kind, namespace: defaultNamespace() }));
  if (!content) {
    return;
  }
  const key = await guarded(save(null, content, toYaml(content)));
  if (key) {
    select(key);
  }
}

/** Runs a save or delete, showing a failure in the status bar (and a YAML error on its line). */
async function guarded(promise) {
  try {
    return await promise;
  } catch (e) {
    const detail = e instanceof ApiError ? (e.problem.details || [])[0] : null;
    if (detail && detail.line > 0) {
      localError = { line: detail.line, message: detail.message };
      markDiagnostics();
    }
    emit('status', { error: true, text: e.message + (detail ? ': ' + (detail.field ? detail.field + ': ' : '')
        + detail.message : '') });
    return null;
  }
}

/** After a form edit: the YAML follows, then the object is saved and validated. */
async function formEdited(startedAt) {
  const draft = current.draft;
  tidy(draft);
  const text = toYaml(draft);
  setText(text);
  localError = null;
  const oldKey = current.key;
  const newKey = keyOf(draft.kind, draft.metadata?.namespace, draft.metadata?.name);
  current.key = newKey;
  const saved = await guarded(save(oldKey, structuredClone(draft), text, startedAt));
  if (saved === null) {
    current.key = oldKey;
  } else if (saved !== oldKey) {
    select(saved);
  }
}

async function yamlEdited() {
  const startedAt = performance.now();
  const text = cm.getValue();
  const parsed = fromYaml(text);
  if (parsed.error) {
    localError = parsed.error;
    markDiagnostics();
    emit('status', { error: true, text: t('editor.yamlError', parsed.error.line, parsed.error.message) });
    return;
  }
  const content = parsed.content;
  if (!content.kind || !content.metadata || !content.metadata.name) {
    localError = { line: 1, message: t('editor.needsName') };
    markDiagnostics();
    emit('status', { error: true, text: t('editor.needsName') });
    return;
  }
  localError = null;
  const oldKey = current.key;
  current.draft = structuredClone(content);
  current.key = keyOf(content.kind, content.metadata.namespace, content.metadata.name);
  renderForm();
  const saved = await guarded(save(oldKey, content, text, startedAt));
  if (saved === null) {
    current.key = oldKey;
  } else if (saved !== oldKey) {
    select(saved);
  }
}

/** Drops empty optional lists so the YAML stays as a person would write it. */
function tidy(draft) {
  const spec = draft.spec || {};
  for (const field of ['hosts', 'ipAddresses', 'matches']) {
    if (Array.isArray(spec[field]) && spec[field].length === 0) {
      delete spec[field];
    }
  }
  if (draft.kind === 'HTTPRouteGroup') {
    for (const m of spec.matches || []) {
      for (const field of ['methods']) {
        if (Array.isArray(m[field]) && m[field].length === 0) {
          delete m[field];
        }
      }
      if (m.headers && Object.keys(m.headers).length === 0) {
        delete m.headers;
      }
    }
  }
}

/**
 * A template from the server: {kind: Egress|HTTPRouteGroup, namespace}, {kind: 'match', index}, {kind: 'port'},
 * {kind: 'routeGroupRef', name}.
 */
function template(request) {
  return call('POST', '/api/vocabulary/template', request);
}

/**
 * A list field edited as text, by policy's rule for it ('list', 'methods', 'headers'): the server gives the text
 * for the value, and the value (in the schema's shape) for the text typed; a null value leaves the field out.
 */
function listField(tag, attrs, rule, value, apply) {
  const control = h(tag, { ...attrs, onchange: async e => {
    const startedAt = performance.now();
    const answer = await guarded(call('POST', '/api/vocabulary/field', { rule, text: e.target.value }));
    if (answer) {
      apply(answer.value);
      formEdited(startedAt);
    }
  } });
  control.addEventListener('input', () => { control.dataset.typed = 'true'; });
  if (value !== undefined && value !== null) {
    call('POST', '/api/vocabulary/field', { rule, value }).then(answer => {
      if (!control.dataset.typed) {
        control.value = answer.text;
      }
    }, e => emit('status', { error: true, text: e.message }));
  }
  return control;
}

function setOrDelete(object, field, value) {
  if (value === null || value === undefined) {
    delete object[field];
  } else {
    object[field] = value;
  }
}

/** A labelled field whose errors show under it; {@code path} is the field path diagnostics name. */
function field(labelKey, path, ...controls) {
  return h('div', { class: 'field', dataset: { path } },
    h('span', { class: 'label' }, t(labelKey)), ...controls);
}

function edited(mutate) {
  return e => {
    const startedAt = performance.now();
    mutate(e.target.value, e);
    formEdited(startedAt);
  };
}

function rerenderAfter(mutate) {
  return async e => {
    const startedAt = performance.now();
    try {
      await mutate(e);
    } catch (error) {
      emit('status', { error: true, text: error.message });
      return;
    }
    renderForm();
    formEdited(startedAt);
  };
}

function renderForm() {
  const form = byId('object-form');
  clear(form);
  const d = current.draft;
  d.metadata = d.metadata || {};
  d.spec = d.spec || {};
  const head = h('div', { class: 'object-head', dataset: { path: '' } },
    h('span', { class: 'kind-title' }, d.kind || '?'),
    h('span', { class: 'muted' }, d.apiVersion || ''));
  const identity = h('div', { class: 'two' },
    field('form.name', 'metadata.name', h('input', { id: 'f-name', value: d.metadata.name || '',
      onchange: edited(v => { d.metadata.name = v.trim(); }) })),
    field('form.namespace', 'metadata.namespace', h('input', { id: 'f-namespace', list: 'f-namespaces',
      value: d.metadata.namespace || '', onchange: edited(v => { d.metadata.namespace = v.trim(); }) }),
    h('datalist', { id: 'f-namespaces' }, namespaces().map(n => h('option', { value: n })))));
  form.append(head, identity);
  if (d.kind === 'Egress') {
    egressForm(form, d);
  } else if (d.kind === 'HTTPRouteGroup') {
    routeGroupForm(form, d);
  } else {
    form.append(h('p', { class: 'muted' }, t('form.yamlOnly', d.kind)));
  }
}

function egressForm(form, d) {
  const spec = d.spec;
  spec.sources = spec.sources || [];
  spec.ports = spec.ports || [];
  const present = new Set(spec.sources.map(s => s.namespace + '/' + s.name));
  const candidates = knownServiceAccounts().filter(sa => !present.has(sa));
  const pick = h('select', { id: 'f-source-pick' },
    candidates.length === 0 ? h('option', { value: '' }, t('form.noKnownSources')) : null,
    candidates.map(sa => h('option', { value: sa }, sa)));
  const typed = h('input', { id: 'f-source-text', placeholder: t('form.sourcePrompt'), size: 18 });
  const addSource = value => {
    const slash = value.indexOf('/');
    if (slash <= 0 || slash === value.length - 1) {
      emit('status', { error: true, text: t('form.badSource', value) });
      return false;
    }
    spec.sources.push({ kind: 'ServiceAccount', name: value.substring(slash + 1), namespace: value.substring(0, slash) });
    return true;
  };
  form.append(field('form.sources', 'spec.sources',
    h('div', { class: 'chips' }, spec.sources.map((s, i) => h('span', { class: 'chip', dataset: { path: 'spec.sources[' + i + ']' } },
      (s.kind && s.kind !== 'ServiceAccount' ? s.kind + ' ' : '') + (s.namespace || '') + '/' + (s.name || ''),
      h('button', { type: 'button', title: t('common.remove'), class: 'remove-source',
        onclick: rerenderAfter(() => spec.sources.splice(i, 1)) }, '×')))),
    h('div', { class: 'row' }, pick,
      h('button', { type: 'button', id: 'f-source-add', disabled: candidates.length === 0,
        onclick: e => { if (pick.value && addSource(pick.value)) { rerenderAfter(() => {})(e); } } }, t('common.add')),
      typed,
      h('button', { type: 'button', id: 'f-source-add-typed',
        onclick: e => { if (addSource(typed.value.trim())) { rerenderAfter(() => {})(e); } } }, t('common.add')))));
  form.append(h('div', { class: 'two' },
    field('form.hosts', 'spec.hosts', listField('textarea', { id: 'f-hosts', rows: 3, class: 'code', spellcheck: 'false' },
      'list', spec.hosts, v => setOrDelete(spec, 'hosts', v))),
    field('form.ipAddresses', 'spec.ipAddresses', listField('textarea', { id: 'f-ips', rows: 3, class: 'code',
      spellcheck: 'false', placeholder: '10.0.0.0/8' }, 'list', spec.ipAddresses, v => setOrDelete(spec, 'ipAddresses', v)))));
  form.append(field('form.ports', 'spec.ports',
    h('div', { class: 'rows' }, spec.ports.map((p, i) => h('div', { class: 'port-row', dataset: { path: 'spec.ports[' + i + ']' } },
      h('input', { id: 'f-port-' + i + '-number', type: 'number', min: 1, max: 65535, value: p.number ?? '',
        onchange: edited(v => { p.number = v === '' ? undefined : Number(v); }) }),
      h('select', { id: 'f-port-' + i + '-protocol', onchange: rerenderAfter(e => { p.protocol = e.target.value; }) },
        store.vocabulary.protocols.map(proto => h('option', { value: proto, selected: (p.protocol || '').toLowerCase() === proto }, proto)),
        p.protocol && !store.vocabulary.protocols.includes(p.protocol.toLowerCase())
          ? h('option', { value: p.protocol, selected: true }, p.protocol) : null),
      h('span', { class: 'proto ' + protocolClass(p.protocol) }, p.protocol || '?'),
      h('button', { type: 'button', class: 'small ghost', title: t('common.remove'),
        onclick: rerenderAfter(() => spec.ports.splice(i, 1)) }, '×')))),
    h('div', { class: 'row' }, h('button', { type: 'button', id: 'f-port-add', class: 'small',
      onclick: rerenderAfter(async () => spec.ports.push(await template({ kind: 'port' }))) }, t('form.addPort')))));
  const groups = [...store.objects.values()].filter(o => o.kind === 'HTTPRouteGroup'
      && o.namespace === (d.metadata.namespace || '')).map(o => o.name);
  spec.matches = spec.matches || [];
  form.append(field('form.routeGroups', 'spec.matches',
    h('div', { class: 'rows' }, spec.matches.map((m, i) => h('div', { class: 'match-row', dataset: { path: 'spec.matches[' + i + ']' } },
      m.kind && m.kind !== 'HTTPRouteGroup'
        ? h('span', {}, m.kind + ' ' + (m.name || ''))
        : h('select', { id: 'f-match-' + i + '-group', onchange: edited(v => { m.name = v; }) },
          [...new Set([...groups, m.name].filter(Boolean))].map(g => h('option', { value: g, selected: g === m.name }, g))),
      h('button', { type: 'button', class: 'small ghost', title: t('common.remove'),
        onclick: rerenderAfter(() => spec.matches.splice(i, 1)) }, '×')))),
    h('div', { class: 'row' },
      h('button', { type: 'button', id: 'f-match-add', class: 'small', disabled: groups.length === 0,
        onclick: rerenderAfter(async () => spec.matches.push(await template({ kind: 'routeGroupRef', name: groups[0] }))) },
      t('form.addRouteGroup')),
      groups.length === 0 ? h('span', { class: 'hint' }, t('form.noRouteGroups')) : null)));
}

export function protocolClass(protocol) {
  const p = (protocol || '').toLowerCase();
  return p === 'http' || p === 'https' ? p : 'tcp';
}

function routeGroupForm(form, d) {
  const spec = d.spec;
  spec.matches = spec.matches || [];
  form.append(field('route.matches', 'spec.matches',
    h('div', { class: 'rows' }, spec.matches.map((m, i) => matchCard(spec, m, i))),
    h('div', { class: 'row' }, h('button', { type: 'button', id: 'f-rm-add', class: 'small',
      onclick: rerenderAfter(async () => spec.matches.push(await template({ kind: 'match', index: spec.matches.length + 1 }))) },
    t('route.addMatch')))));
}

function matchCard(spec, m, i) {
  const base = 'spec.matches[' + i + ']';
  const tryInput = h('input', { id: 'f-rm-' + i + '-try', placeholder: '/status/200', size: 16 });
  const tryResult = h('span', { id: 'f-rm-' + i + '-tryresult', class: 'try-result' });
  const pathInput = h('input', { id: 'f-rm-' + i + '-path', class: 'code', value: m.pathRegex || '', placeholder: '/get',
    onchange: edited(v => { m.pathRegex = v; if (v === '') { delete m.pathRegex; } }) });
  const tryIt = () => { tryPath(pathInput.value, tryInput.value, tryResult); };
  tryInput.addEventListener('input', tryIt);
  pathInput.addEventListener('input', tryIt);
  return h('div', { class: 'match-card', dataset: { path: base, match: m.name || '' } },
    h('div', { class: 'two' },
      field('route.matchName', base + '.name', h('input', { id: 'f-rm-' + i + '-name', value: m.name || '',
        onchange: edited(v => { m.name = v.trim(); }) })),
      field('route.pathRegex', base + '.pathRegex', pathInput)),
    h('div', { class: 'try' }, h('span', { class: 'muted' }, t('route.tryPath')), tryInput, tryResult),
    h('div', { class: 'two' },
      field('route.methods', base + '.methods', listField('input', { id: 'f-rm-' + i + '-methods', placeholder: 'GET, POST' },
        'methods', m.methods, v => setOrDelete(m, 'methods', v))),
      field('route.headers', base + '.headers', listField('textarea', { id: 'f-rm-' + i + '-headers', rows: 2, class: 'code',
        spellcheck: 'false', placeholder: 'x-team: payments' }, 'headers', m.headers, v => setOrDelete(m, 'headers', v)))),
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'small ghost danger',
      onclick: rerenderAfter(() => spec.matches.splice(i, 1)) }, t('route.removeMatch'))));
}

/**
 * The live "try a path" answer, decided by the server with the matcher's own RE2 routes: osm matches the regex
 * against the whole path, pipy finds it anywhere in the path and query. Only the latest answer is shown.
 */
async function tryPath(regex, path, out) {
  const asked = (out.dataset.asked = String(Number(out.dataset.asked || 0) + 1));
  if (!path) {
    out.className = 'try-result';
    out.textContent = '';
    return;
  }
  let answer;
  try {
    answer = await call('POST', '/api/routes/try', { pathRegex: regex, path });
  } catch (e) {
    answer = { error: e.message };
  }
  if (out.dataset.asked !== asked) {
    return;
  }
  out.className = 'try-result';
  if (answer.error) {
    out.classList.add('no');
    out.textContent = t('route.tryError', answer.error);
    return;
  }
  const { osm, pipy } = answer;
  out.classList.add(osm ? 'yes' : 'no');
  out.textContent = 'osm: ' + t(osm ? 'route.tryMatch' : 'route.tryNoMatch') + ' · pipy: '
      + t(pipy ? 'route.tryMatch' : 'route.tryNoMatch');
}

/** The form element that shows a field path's errors: the deepest one whose path is a prefix of it. */
function targetFor(path) {
  let best = null;
  let bestLength = -1;
  for (const el of byId('object-form').querySelectorAll('[data-path]')) {
    const p = el.dataset.path;
    const prefix = p === '' || path === p || path.startsWith(p + '.') || path.startsWith(p + '[');
    if (prefix && p.length > bestLength) {
      best = el;
      bestLength = p.length;
    }
  }
  return best;
}

/** Diagnostics on the YAML lines, the form fields and the problem list; one CodeMirror operation. */
function markDiagnostics() {
  if (current) {
    cm.operation(markDiagnosticsNow);
  }
}

function markDiagnosticsNow() {
  for (const mark of lineMarks.filter(m => m.cls !== 'cm-line-decided')) {
    cm.removeLineClass(mark.handle, 'wrap', mark.cls);
  }
  lineMarks = lineMarks.filter(m => m.cls === 'cm-line-decided');
  cm.clearGutter('diag-gutter');
  const form = byId('object-form');
  form.querySelectorAll('.field-error, .field-warning').forEach(el => el.remove());
  form.querySelectorAll('.has-error').forEach(el => el.classList.remove('has-error'));
  const problems = clear(byId('object-problems'));
  const text = cm.getValue();
  const diagnostics = [...(store.diagnosticsByKey.get(current.key) || [])];
  const file = fileOf(current.key);
  const items = diagnostics.map(d => ({ severity: d.severity, code: d.code, field: d.field || '', message: d.message,
    line: d.file === file && d.line > 0 ? d.line : lineOf(text, d.field || '') }));
  if (localError) {
    items.unshift({ severity: 'error', code: 'YAML', field: '', message: localError.message, line: localError.line });
  }
  for (const item of items) {
    const lineIndex = Math.min(Math.max(item.line - 1, 0), cm.lineCount() - 1);
    const cls = item.severity === 'error' ? 'cm-line-error' : 'cm-line-warning';
    const handle = cm.addLineClass(lineIndex, 'wrap', cls);
    lineMarks.push({ handle, cls });
    const info = cm.lineInfo(lineIndex);
    const existing = info.gutterMarkers && info.gutterMarkers['diag-gutter'];
    if (!existing || item.severity === 'error') {
      cm.setGutterMarker(lineIndex, 'diag-gutter', h('span', { class: 'diag-marker ' + item.severity,
        title: (item.field ? item.field + ': ' : '') + item.message }));
    }
    const target = item.code === 'YAML' ? null : targetFor(item.field);
    if (target) {
      if (item.severity === 'error') {
        target.classList.add('has-error');
      }
      target.append(h('div', { class: item.severity === 'error' ? 'field-error' : 'field-warning',
        dataset: { code: item.code } }, item.message));
    }
    problems.append(h('li', { class: item.severity, onclick: () => { cm.focus(); cm.setCursor(lineIndex, 0); } },
      h('span', { class: 'code' }, item.code), (item.field ? item.field + ': ' : '') + item.message,
      h('span', { class: 'muted' }, ' — ' + t('editor.line', lineIndex + 1))));
  }
  byId('yaml-status').textContent = items.length === 0 ? t('editor.noProblems')
    : t('editor.problems', items.filter(i => i.severity === 'error').length, items.filter(i => i.severity !== 'error').length);
}

/** Highlights the rule the last simulation was decided by, in the form and on its YAML line. */
function markDecided() {
  cm.operation(markDecidedNow);
}

function markDecidedNow() {
  const form = byId('object-form');
  form.querySelectorAll('.decided').forEach(el => el.classList.remove('decided'));
  for (const mark of lineMarks.filter(m => m.cls === 'cm-line-decided')) {
    cm.removeLineClass(mark.handle, 'wrap', mark.cls);
  }
  lineMarks = lineMarks.filter(m => m.cls !== 'cm-line-decided');
  const decided = store.decided;
  if (!decided || !current) {
    return;
  }
  let path = null;
  if (decided.policyKey === current.key && decided.rule) {
    path = decided.rule.field;
  } else if (decided.routeGroupKey === current.key && decided.rule) {
    const index = (current.draft.spec?.matches || []).findIndex(m => m.name === decided.rule.routeMatch);
    path = index < 0 ? null : 'spec.matches[' + index + ']';
  }
  if (!path) {
    return;
  }
  form.querySelector('[data-path="' + path + '"]')?.classList.add('decided');
  const handle = cm.addLineClass(lineOf(cm.getValue(), path) - 1, 'wrap', 'cm-line-decided');
  lineMarks.push({ handle, cls: 'cm-line-decided' });
}

/** Shows the CodeMirror pane again after its tab was hidden. */
export function refreshEditor() {
  cm.refresh();
}
