// The editor: the form and the YAML pane of one object, kept in sync through the server. A form edit sends the
// edited content and shows the text the server writes for it; typed YAML is sent as it is. Either way the pane
// shows the text the server keeps, which is the text saved, and diagnostics point at its lines.
import { ApiError } from './api.js';
import { byId, clear, h } from './dom.js';
import { formHooks, template } from './fields.js';
import { renderForm } from './form.js';
import { onLanguageChange, t } from './i18n.js';
import { emit, namespaces, on, remove, save, saveToDisk, select, store } from './store.js';
import { focusLine, initYamlPane, lineOf, markDecidedLine, markProblems, refreshPane, showText, yamlText }
  from './yaml-pane.js';

export { protocolClass } from './form.js';
export { yamlText };

/** The object shown: its key and the draft the form edits (a copy of its content). */
let current = null;
let localError = null;

export function initEditor() {
  initYamlPane(yamlEdited);
  formHooks.saveDraft = formEdited;
  formHooks.rerender = () => renderForm(current.draft);
  formHooks.guarded = guarded;
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
    // a rename of the object shown is not its removal: the save that renames it moves the editor to the new key
    if (current && !store.saving && removed.includes(current.key) && !keys.includes(current.key)) {
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
      renderForm(current.draft);
      markDiagnostics();
      markDecided();
    }
  });
  byId('new-egress').addEventListener('click', () => create('Egress'));
  byId('new-route').addEventListener('click', () => create('HTTPRouteGroup'));
  byId('save-workspace').addEventListener('click', saveWorkspace);
  byId('delete-object').addEventListener('click', async () => {
    if (current && window.confirm(t('editor.confirmDelete', current.key))) {
      await guarded(remove(current.key));
    }
  });
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
  localError = null;
  current = { key, draft: structuredClone(o.content) };
  byId('form-empty').hidden = true;
  byId('object-form').hidden = false;
  byId('delete-object').hidden = false;
  renderForm(current.draft);
  showText(o.text, true);
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
  showText('', true);
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
  const stored = await guarded(save(null, content));
  if (stored) {
    select(stored.key);
  }
}

/** Writes every changed object into the workspace folder, exactly as the pane shows it. */
async function saveWorkspace() {
  const answer = await guarded(saveToDisk());
  if (answer) {
    emit('status', { text: t('editor.savedFiles', answer.saved.length, answer.folder) });
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

/** After a form edit: the draft goes to the server, and the pane shows the text it wrote. */
async function formEdited(startedAt) {
  localError = null;
  await stored(current.key, save(current.key, structuredClone(current.draft), startedAt), true);
}

/** After typing: the text goes to the server as it is; the form shows what it reads. */
async function yamlEdited(text) {
  if (!current) {
    return;
  }
  localError = null;
  await stored(current.key, save(current.key, text, performance.now()), false);
}

async function stored(oldKey, saving, showServerText) {
  const entry = await guarded(saving);
  if (!entry || !current || current.key !== oldKey) {
    return;
  }
  current.key = entry.key;
  if (showServerText) {
    // the form keeps its draft (and the field the user moved to keeps its focus); the pane shows the server's text
    showText(entry.text, false);
  } else {
    current.draft = structuredClone(entry.content);
    renderForm(current.draft);
  }
  markDiagnostics();
  if (entry.key !== oldKey) {
    select(entry.key);
  }
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

/** Diagnostics on the YAML lines, the form fields and the problem list. */
function markDiagnostics() {
  if (!current) {
    return;
  }
  const form = byId('object-form');
  form.querySelectorAll('.field-error, .field-warning').forEach(el => el.remove());
  form.querySelectorAll('.has-error').forEach(el => el.classList.remove('has-error'));
  const problems = clear(byId('object-problems'));
  const positions = store.objects.get(current.key)?.positions;
  // the server's lines are lines of the object's own text, the one the pane shows
  const items = (store.diagnosticsByKey.get(current.key) || []).map(d => ({ severity: d.severity, code: d.code,
    field: d.field || '', message: d.message, line: d.line > 0 ? d.line : lineOf(positions, d.field) }));
  if (localError) {
    items.unshift({ severity: 'error', code: 'YAML', field: '', message: localError.message, line: localError.line });
  }
  const lines = markProblems(items);
  items.forEach((item, i) => {
    const target = item.code === 'YAML' ? null : targetFor(item.field);
    if (target) {
      if (item.severity === 'error') {
        target.classList.add('has-error');
      }
      target.append(h('div', { class: item.severity === 'error' ? 'field-error' : 'field-warning',
        dataset: { code: item.code } }, item.message));
    }
    problems.append(h('li', { class: item.severity, dataset: { line: lines[i] + 1 }, onclick: () => focusLine(lines[i]) },
      h('span', { class: 'code' }, item.code), (item.field ? item.field + ': ' : '') + item.message,
      h('span', { class: 'muted' }, ' — ' + t('editor.line', lines[i] + 1))));
  });
  byId('yaml-status').textContent = items.length === 0 ? t('editor.noProblems')
    : t('editor.problems', items.filter(i => i.severity === 'error').length, items.filter(i => i.severity !== 'error').length);
}

/** Highlights the rule the last simulation was decided by, in the form and on its YAML line. */
function markDecided() {
  const form = byId('object-form');
  form.querySelectorAll('.decided').forEach(el => el.classList.remove('decided'));
  const decided = store.decided;
  let path = null;
  if (decided && current && decided.rule) {
    if (decided.policyKey === current.key) {
      path = decided.rule.field;
    } else if (decided.routeGroupKey === current.key) {
      const index = (current.draft.spec?.matches || []).findIndex(m => m.name === decided.rule.routeMatch);
      path = index < 0 ? null : 'spec.matches[' + index + ']';
    }
  }
  if (!path) {
    markDecidedLine(null);
    return;
  }
  form.querySelector('[data-path="' + path + '"]')?.classList.add('decided');
  markDecidedLine(lineOf(store.objects.get(current.key)?.positions, path));
}

/** Shows the CodeMirror pane again after its tab was hidden. */
export function refreshEditor() {
  refreshPane();
}
