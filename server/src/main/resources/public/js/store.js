// The workspace as the page sees it: objects by key, the diagnostics of the last validation, the cluster's
// service accounts, and the rule the last simulation was decided by. Saves go to the server one at a time.
import { call, resourcePath } from './api.js';

/**
 * Notifications: 'loaded', 'changed' {keys, removed}, 'diagnostics' {keys}, 'select' {key}, 'decided', 'busy',
 * 'engine' (store.engine changed).
 */
export const bus = new EventTarget();

export function emit(type, detail) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

export function on(type, listener) {
  bus.addEventListener(type, e => listener(e.detail));
}

export const store = {
  /**
   * key -> {key, apiVersion, kind, namespace, name, content, file, text, positions} in the order first seen: text
   * is the YAML the server keeps (shown and saved as it is), positions where each field path sits in it.
   */
  objects: new Map(),
  /**
   * Egress key -> who reaches what through it, as the engine builds it (POST /api/graph, policy's reach graph):
   * [{client, portIndex, port, protocol, destination}].
   */
  reach: new Map(),
  /** What GET /api/vocabulary gives: {protocols}. */
  vocabulary: { protocols: [] },
  /** key -> [diagnostic] and the whole list, from POST /api/validate. */
  diagnostics: [],
  diagnosticsByKey: new Map(),
  clusterServiceAccounts: [],
  engine: 'osm',
  selected: null,
  /** {policyKey, rule, routeGroupKey, verdict} from the last simulation, or null. */
  decided: null,
  /** The last edit's timings in ms: {key, total, save, validate, apply}, and how many edits were saved. */
  lastUpdate: null,
  updates: 0,
  saving: false,
};

/** Kinds whose edit can change any policy's reach (monitored namespaces, MeshConfig, UpstreamTrafficSetting). */
export const SCOPE_KINDS = new Set(['Namespace', 'MeshConfig', 'UpstreamTrafficSetting']);

function changesScope(keys) {
  return keys.some(key => SCOPE_KINDS.has(key.substring(0, key.indexOf('/'))));
}

/** Fetches the reach of the given Egress keys (of every Egress when {@code keys} is null) into store.reach. */
export async function fetchReach(keys) {
  const egresses = [...store.objects.values()].filter(o => o.kind === 'Egress' && (keys === null || keys.includes(o.key)));
  if (keys !== null && egresses.length === 0) {
    return;
  }
  const policies = egresses.map(o => o.namespace + '/' + o.name);
  const answer = await call('POST', '/api/graph', keys === null ? { engine: store.engine }
    : { engine: store.engine, policies });
  const byPolicy = new Map();
  for (const e of answer.edges) {
    if (!byPolicy.has(e.policy)) {
      byPolicy.set(e.policy, []);
    }
    byPolicy.get(e.policy).push(e);
  }
  if (keys === null) {
    store.reach.clear();
  }
  for (const o of egresses) {
    store.reach.set(o.key, byPolicy.get(o.namespace + '/' + o.name) || []);
  }
}

export function keyOf(kind, namespace, name) {
  return kind + '/' + (namespace || '-') + '/' + name;
}

/** The key of an object named in a diagnostic: "Egress curl/httpbin-80". */
export function keyOfDiagnosticObject(text) {
  if (!text) {
    return null;
  }
  const space = text.indexOf(' ');
  if (space < 0) {
    return null;
  }
  const kind = text.substring(0, space);
  const rest = text.substring(space + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? keyOf(kind, '', rest) : keyOf(kind, rest.substring(0, slash), rest.substring(slash + 1));
}

function entry(view) {
  const key = keyOf(view.kind, view.namespace, view.name);
  return { key, apiVersion: view.apiVersion, kind: view.kind, namespace: view.namespace || '', name: view.name,
    content: view.content, file: view.file, text: view.text, positions: view.positions || {} };
}

export async function loadWorkspace() {
  const [vocabulary, resources, serviceAccounts] = await Promise.all([
    call('GET', '/api/vocabulary'),
    call('GET', '/api/workspace/resources'),
    call('GET', '/api/cluster/serviceaccounts').catch(() => []),
  ]);
  store.vocabulary = vocabulary;
  store.objects.clear();
  for (const view of resources) {
    const e = entry(view);
    store.objects.set(e.key, e);
  }
  store.clusterServiceAccounts = serviceAccounts;
  await fetchReach(null);
  emit('loaded');
  await validate();
}

/** Every service account the page knows: the workspace's own, the cluster's, and those Egresses name. */
export function knownServiceAccounts() {
  const out = new Set(store.clusterServiceAccounts);
  for (const o of store.objects.values()) {
    if (o.kind === 'ServiceAccount') {
      out.add((o.namespace || 'default') + '/' + o.name);
    }
    if (o.kind === 'Egress') {
      for (const s of o.content?.spec?.sources || []) {
        // a source without a namespace selects no pod (the matcher does not default it), so it names no one
        if (s && s.kind === 'ServiceAccount' && s.name && s.namespace) {
          out.add(s.namespace + '/' + s.name);
        }
      }
    }
  }
  return [...out].sort();
}

export function namespaces() {
  const out = new Set(['default']);
  for (const o of store.objects.values()) {
    if (o.namespace) {
      out.add(o.namespace);
    }
    if (o.kind === 'Namespace') {
      out.add(o.name);
    }
  }
  return [...out].sort();
}

async function validate() {
  const report = await call('POST', '/api/validate?engine=' + encodeURIComponent(store.engine));
  setDiagnostics(report.diagnostics);
}

function setDiagnostics(diagnostics) {
  const before = store.diagnosticsByKey;
  const after = new Map();
  for (const d of diagnostics) {
    const key = keyOfDiagnosticObject(d.object);
    if (!after.has(key)) {
      after.set(key, []);
    }
    after.get(key).push(d);
  }
  const changed = new Set();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key) || [];
    const b = after.get(key) || [];
    if (a.length !== b.length || a.some((d, i) => d.message !== b[i].message || d.field !== b[i].field
        || d.line !== b[i].line)) {
      changed.add(key);
    }
  }
  store.diagnostics = diagnostics;
  store.diagnosticsByKey = after;
  emit('diagnostics', { keys: changed });
}

export async function revalidate() {
  await validate();
}

let queue = Promise.resolve();

/**
 * Stores one object in the workspace, then validates the workspace and tells every view. {@code body}: the content
 * a form edited (the server writes its text, as the desktop app does) or the text the user typed (kept as typed).
 * {@code oldKey} is the key it had before (null for a new object); a rename replaces the old one.
 * {@code startedAt}: performance.now() of the edit, for the timing in store.lastUpdate. Answers the stored entry.
 */
export function save(oldKey, body, startedAt) {
  const job = queue.then(() => doSave(oldKey, body, startedAt ?? performance.now()));
  queue = job.catch(() => {});
  return job;
}

async function doSave(oldKey, body, startedAt) {
  emit('busy', true);
  store.saving = true;
  try {
    const view = await call('POST', '/api/workspace/resources'
        + (oldKey ? '?replaces=' + encodeURIComponent(oldKey) : ''), body);
    const key = keyOf(view.kind, view.namespace, view.name);
    const saved = performance.now();
    const removed = [];
    if (oldKey && oldKey !== key && store.objects.has(oldKey)) {
      store.objects.delete(oldKey);
      removed.push(oldKey);
    }
    store.objects.set(key, entry(view));
    removed.forEach(k => store.reach.delete(k));
    const [report] = await Promise.all([call('POST', '/api/validate?engine=' + encodeURIComponent(store.engine)),
      fetchReach(changesScope([key, ...removed]) ? null : [key])]);
    const validated = performance.now();
    emit('changed', { keys: [key], removed });
    const viewsUpdated = performance.now();
    setDiagnostics(report.diagnostics);
    emit('updated', { key });
    const done = performance.now();
    store.lastUpdate = { key, total: done - startedAt, save: saved - startedAt, validate: validated - saved,
      apply: done - validated, views: viewsUpdated - validated, markers: done - viewsUpdated };
    store.updates++;
    emit('timed', store.lastUpdate);
    return store.objects.get(key);
  } finally {
    store.saving = false;
    emit('busy', false);
  }
}

export async function remove(key) {
  const o = store.objects.get(key);
  if (!o) {
    return;
  }
  await call('DELETE', resourcePath(o.kind, o.namespace, o.name));
  store.objects.delete(key);
  store.reach.delete(key);
  if (changesScope([key])) {
    await fetchReach(null);
  }
  emit('changed', { keys: [], removed: [key] });
  await validate();
}

/** Writes the changed objects' texts into the workspace folder (POST /api/workspace/save): {saved, folder}. */
export function saveToDisk() {
  const job = queue.then(() => call('POST', '/api/workspace/save'));
  queue = job.catch(() => {});
  return job;
}

export function select(key) {
  store.selected = key;
  emit('select', { key });
}
