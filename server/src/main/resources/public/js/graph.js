// The graph: service accounts -> Egress policies -> destinations (hosts, CIDRs), one edge per port, coloured by
// protocol; HTTPRouteGroups hang off the policies that name them. Edits change only the edited policy's part.
// Who reaches what comes from the server (POST /api/graph: policy's reach graph for the engine chosen), so the
// page draws only the edges the engine builds.
import cytoscape from '/webjars/cytoscape/3.33.1/dist/cytoscape.esm.min.mjs';
import { byId } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { SCOPE_KINDS, emit, keyOf, on, select, store } from './store.js';
import { protocolClass } from './editor.js';

const COLUMN_X = { sa: 0, policy: 340, dest: 700, route: 1040 };
const ROW_HEIGHT = 44;
const SMALL_GRAPH = 400;

let cy;
let dirtyLayout = false;
const nextRow = { sa: 0, policy: 0, dest: 0, route: 0 };
/** Positions of nodes removed during one update, so a node that comes back stays where it was. */
const kept = new Map();

const STYLE = [
  { selector: 'node', style: { 'label': 'data(label)', 'font-size': 11, 'font-family': 'DejaVu Sans, sans-serif',
    'text-valign': 'center', 'text-halign': 'center', 'color': '#fff', 'text-wrap': 'ellipsis', 'text-max-width': 150,
    'width': 170, 'height': 28, 'shape': 'round-rectangle', 'min-zoomed-font-size': 6 } },
  { selector: 'node.sa', style: { 'background-color': '#2f8f4e', 'shape': 'round-rectangle', 'width': 150 } },
  { selector: 'node.policy', style: { 'background-color': '#1d2330' } },
  { selector: 'node.dest', style: { 'background-color': '#e3e7ee', 'color': '#1d2330', 'border-width': 1, 'border-color': '#c5cbd6' } },
  { selector: 'node.route', style: { 'background-color': '#8a3fd1', 'shape': 'tag' } },
  { selector: 'node.error', style: { 'border-width': 3, 'border-color': '#c53b3b' } },
  { selector: 'node.decided', style: { 'border-width': 4, 'border-color': '#f2c200', 'underlay-color': '#f2c200',
    'underlay-opacity': 0.35, 'underlay-padding': 6 } },
  { selector: 'node:selected', style: { 'underlay-color': '#2f6fde', 'underlay-opacity': 0.3, 'underlay-padding': 5 } },
  { selector: 'edge', style: { 'width': 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
    'line-color': '#9aa3b2', 'target-arrow-color': '#9aa3b2', 'font-size': 10, 'label': 'data(label)',
    'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-background-padding': 2,
    'min-zoomed-font-size': 7 } },
  { selector: 'edge.http', style: { 'line-color': '#2f6fde', 'target-arrow-color': '#2f6fde', 'color': '#2f6fde' } },
  { selector: 'edge.https', style: { 'line-color': '#8a3fd1', 'target-arrow-color': '#8a3fd1', 'color': '#8a3fd1' } },
  { selector: 'edge.tcp', style: { 'line-color': '#d9822b', 'target-arrow-color': '#d9822b', 'color': '#d9822b' } },
  { selector: 'edge.routes', style: { 'line-style': 'dashed', 'line-color': '#8a3fd1', 'target-arrow-color': '#8a3fd1' } },
  { selector: 'edge.decided', style: { 'width': 5 } },
];

/** The graph elements one Egress contributes: its node, the edges the engine builds for it, its route groups. */
function egressElements(o) {
  const spec = o.content?.spec || {};
  const policyId = 'obj:' + o.key;
  const nodes = [{ id: policyId, label: o.namespace + '/' + o.name, column: 'policy', key: o.key }];
  const edges = [];
  const seen = new Set();
  for (const r of store.reach.get(o.key) || []) {
    const sourceEdge = 'e:' + o.key + ':src:' + r.client;
    if (!seen.has(sourceEdge)) {
      seen.add(sourceEdge);
      nodes.push({ id: 'sa:' + r.client, label: r.client, column: 'sa' });
      edges.push({ id: sourceEdge, source: 'sa:' + r.client, target: policyId, label: '', cls: 'source' });
    }
    const destId = 'dest:' + r.destination;
    const portEdge = 'e:' + o.key + ':p' + r.portIndex + ':' + destId;
    if (!seen.has(portEdge)) {
      seen.add(portEdge);
      nodes.push({ id: destId, label: r.destination === '*' ? t('graph.anyDestination') : r.destination, column: 'dest' });
      edges.push({ id: portEdge, source: policyId, target: destId, label: r.port + '/' + r.protocol,
        cls: protocolClass(r.protocol), port: r.portIndex });
    }
  }
  (spec.matches || []).forEach((m, i) => {
    if (m && m.kind === 'HTTPRouteGroup' && m.name) {
      const routeKey = keyOf('HTTPRouteGroup', o.namespace, m.name);
      nodes.push({ id: 'obj:' + routeKey, label: o.namespace + '/' + m.name, column: 'route', key: routeKey });
      edges.push({ id: 'e:' + o.key + ':rg:' + i, source: policyId, target: 'obj:' + routeKey, label: '', cls: 'routes' });
    }
  });
  return { nodes, edges };
}

function ownNodes(o) {
  if (o.kind === 'HTTPRouteGroup') {
    return [{ id: 'obj:' + o.key, label: o.namespace + '/' + o.name, column: 'route', key: o.key }];
  }
  if (o.kind === 'ServiceAccount') {
    const sa = (o.namespace || 'default') + '/' + o.name;
    return [{ id: 'sa:' + sa, label: sa, column: 'sa', key: o.key }];
  }
  return [];
}

function addNode(n) {
  const existing = cy.getElementById(n.id);
  if (existing.nonempty()) {
    if (n.key && !existing.data('key')) {
      existing.data('key', n.key);
    }
    if (existing.data('label') !== n.label) {
      existing.data('label', n.label);
    }
    return;
  }
  let position = kept.get(n.id);
  if (!position) {
    position = { x: COLUMN_X[n.column], y: nextRow[n.column]++ * ROW_HEIGHT };
    dirtyLayout = true;
  }
  cy.add({ group: 'nodes', data: { id: n.id, label: n.label, key: n.key, column: n.column }, classes: n.column,
    position });
}

function addObject(o) {
  if (o.kind === 'Egress') {
    const { nodes, edges } = egressElements(o);
    nodes.forEach(addNode);
    for (const e of edges) {
      cy.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label, owner: o.key,
        port: e.port }, classes: e.cls });
    }
  } else {
    ownNodes(o).forEach(addNode);
  }
}

/** Removes what an object contributed, then the nodes nothing points at any more (unless they are objects). */
function removeObject(key) {
  const owned = cy.edges().filter(e => e.data('owner') === key);
  const touched = owned.connectedNodes();
  owned.remove();
  const own = cy.getElementById('obj:' + key);
  const drop = n => {
    kept.set(n.id(), { ...n.position() });
    n.remove();
  };
  if (own.nonempty() && (own.hasClass('policy') || (!store.objects.has(key) && own.connectedEdges().empty()))) {
    drop(own);
  }
  touched.forEach(n => {
    if (n.inside() && n.connectedEdges().empty() && !(n.data('key') && store.objects.has(n.data('key')))) {
      drop(n);
    }
  });
}

function markErrors(keys) {
  for (const key of keys) {
    const node = cy.getElementById('obj:' + key);
    if (node.nonempty()) {
      const errors = (store.diagnosticsByKey.get(key) || []).some(d => d.severity === 'error');
      node.toggleClass('error', errors);
    }
  }
}

function rebuild() {
  Object.keys(nextRow).forEach(k => { nextRow[k] = 0; });
  cy.batch(() => {
    cy.elements().remove();
    for (const o of store.objects.values()) {
      addObject(o);
    }
    markErrors(store.objects.keys());
    markDecided();
  });
  layout();
}

/** Columns, each centred on the tallest one; only for graphs small enough to move around cheaply. */
function layout() {
  const columns = {};
  cy.nodes().forEach(n => {
    (columns[n.data('column')] = columns[n.data('column')] || []).push(n);
  });
  const tallest = Math.max(1, ...Object.values(columns).map(c => c.length));
  cy.batch(() => {
    for (const [column, nodes] of Object.entries(columns)) {
      const offset = (tallest - nodes.length) * ROW_HEIGHT / 2;
      nodes.forEach((n, i) => n.position({ x: COLUMN_X[column], y: offset + i * ROW_HEIGHT }));
      nextRow[column] = nodes.length;
    }
  });
  dirtyLayout = false;
  if (cy.nodes().length <= SMALL_GRAPH) {
    cy.fit(undefined, 30);
  }
}

function markDecided() {
  cy.elements('.decided').removeClass('decided');
  const d = store.decided;
  if (!d || !d.policyKey) {
    return;
  }
  cy.getElementById('obj:' + d.policyKey).addClass('decided');
  if (d.routeGroupKey) {
    cy.getElementById('obj:' + d.routeGroupKey).addClass('decided');
  }
  if (d.rule) {
    cy.edges().filter(e => e.data('owner') === d.policyKey && e.data('port') === d.rule.portIndex
        && (!d.rule.host || e.target().data('label') === d.rule.host || e.target().id() === 'dest:*'))
      .addClass('decided').connectedNodes('.dest').addClass('decided');
  }
}

export function initGraph() {
  cy = cytoscape({ container: byId('graph'), style: STYLE, elements: [], wheelSensitivity: 0.3,
    minZoom: 0.05, maxZoom: 3, textureOnViewport: true, hideEdgesOnViewport: true, boxSelectionEnabled: false });
  cy.on('tap', 'node', e => {
    const n = e.target;
    let key = n.data('key');
    if (!key && n.hasClass('dest')) {
      const edge = n.connectedEdges()[0];
      key = edge ? edge.data('owner') : null;
    }
    if (key && store.objects.has(key)) {
      select(key);
      emit('show-tab', 'editor');
    }
  });
  on('loaded', rebuild);
  on('engine', rebuild);
  on('changed', ({ keys, removed }) => {
    if ([...keys, ...removed].some(key => SCOPE_KINDS.has(key.substring(0, key.indexOf('/'))))) {
      rebuild(); // the mesh scope or a global setting changed: any policy's edges may have
      return;
    }
    cy.batch(() => {
      for (const key of [...removed, ...keys]) {
        removeObject(key);
      }
      for (const key of keys) {
        const o = store.objects.get(key);
        if (o) {
          addObject(o);
        }
      }
      markErrors(keys);
      markDecided();
    });
    kept.clear();
  });
  on('diagnostics', ({ keys }) => cy.batch(() => markErrors(keys)));
  on('decided', () => cy.batch(markDecided));
  on('select', ({ key }) => {
    cy.nodes(':selected').unselect();
    cy.getElementById('obj:' + key).select();
  });
  onLanguageChange(() => {
    const any = cy.getElementById('dest:*');
    if (any.nonempty()) {
      any.data('label', t('graph.anyDestination'));
    }
  });
}

/** Called when the graph's tab is shown: the canvas gets its size, and a small graph its columns again. */
export function showGraph() {
  cy.resize();
  if (dirtyLayout && cy.nodes().length <= SMALL_GRAPH) {
    layout();
  } else if (cy.nodes().length <= SMALL_GRAPH) {
    cy.fit(undefined, 30);
  }
}

/** For tests: what a click on a node does. */
export function tapNode(id) {
  cy.getElementById(id).emit('tap');
}

/** For tests: the ids of the graph's elements and the decided ones. */
export function graphState() {
  return { nodes: cy.nodes().map(n => n.id()), edges: cy.edges().map(e => e.id()),
    decided: cy.elements('.decided').map(e => e.id()) };
}
