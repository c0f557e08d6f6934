// The object form: name and namespace for every kind, and an Egress's sources, hosts, addresses, ports and route
// groups. Edits change the draft in place and save it through the editor.
import { byId, clear, h } from './dom.js';
import { field, edited, listField, rerenderAfter, setOrDelete, template } from './fields.js';
import { t } from './i18n.js';
import { routeGroupForm } from './routes.js';
import { emit, knownServiceAccounts, namespaces, store } from './store.js';

/** Draws the form of a draft (its content, edited in place); kinds without a form get a note. */
export function renderForm(d) {
  const form = clear(byId('object-form'));
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
