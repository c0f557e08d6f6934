// The list of workspace objects with error and warning counts; one row per object, updated row by row.
import { byId, clear, h } from './dom.js';
import { t, onLanguageChange } from './i18n.js';
import { on, select, store } from './store.js';

const rows = new Map();
let filter = '';

function counts(key) {
  let errors = 0;
  let warnings = 0;
  for (const d of store.diagnosticsByKey.get(key) || []) {
    if (d.severity === 'error') {
      errors++;
    } else {
      warnings++;
    }
  }
  return { errors, warnings };
}

function fill(li, o) {
  const { errors, warnings } = counts(o.key);
  const parts = [
    h('span', { class: 'kind ' + o.kind }, o.kind === 'HTTPRouteGroup' ? 'Route' : o.kind),
    h('span', { class: 'name', title: o.key }, o.namespace ? h('span', { class: 'ns' }, o.namespace + '/') : null, o.name),
    errors ? h('span', { class: 'badge error', title: t('list.errors', errors) }, errors) : null,
    warnings ? h('span', { class: 'badge warning', title: t('list.warnings', warnings) }, warnings) : null];
  clear(li).append(...parts.filter(Boolean));
  li.classList.toggle('selected', store.selected === o.key);
  li.classList.toggle('decided', !!store.decided && (store.decided.policyKey === o.key
      || store.decided.routeGroupKey === o.key));
  li.hidden = filter !== '' && !o.key.toLowerCase().includes(filter);
}

function row(o) {
  let li = rows.get(o.key);
  if (!li) {
    li = h('li', { dataset: { key: o.key }, onclick: () => select(o.key) });
    rows.set(o.key, li);
  }
  fill(li, o);
  return li;
}

function renderAll() {
  const list = byId('policy-list');
  clear(list);
  rows.clear();
  const fragment = document.createDocumentFragment();
  for (const o of store.objects.values()) {
    fragment.append(row(o));
  }
  list.append(fragment);
  summary();
}

function summary() {
  let errors = 0;
  let warnings = 0;
  for (const d of store.diagnostics) {
    if (d.severity === 'error') {
      errors++;
    } else {
      warnings++;
    }
  }
  byId('list-count').textContent = t('list.count', store.objects.size);
  byId('problem-summary').textContent = t('list.problems', errors, warnings);
}

function refresh(keys) {
  for (const key of keys) {
    const o = store.objects.get(key);
    if (!o) {
      continue;
    }
    const existed = rows.has(key);
    const li = row(o);
    if (!existed) {
      byId('policy-list').append(li);
    }
  }
  summary();
}

export function initList() {
  byId('list-filter').addEventListener('input', e => {
    filter = e.target.value.trim().toLowerCase();
    for (const o of store.objects.values()) {
      const li = rows.get(o.key);
      if (li) {
        li.hidden = filter !== '' && !o.key.toLowerCase().includes(filter);
      }
    }
  });
  on('loaded', renderAll);
  on('changed', ({ keys, removed }) => {
    for (const key of removed) {
      rows.get(key)?.remove();
      rows.delete(key);
    }
    refresh(keys);
  });
  on('diagnostics', ({ keys }) => refresh(keys));
  on('select', ({ key }) => {
    for (const [k, li] of rows) {
      li.classList.toggle('selected', k === key);
    }
    rows.get(key)?.scrollIntoView({ block: 'nearest' });
  });
  on('decided', () => refresh([...rows.keys()]));
  onLanguageChange(renderAll);
}
