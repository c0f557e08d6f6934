// YAML text for one object, and where a field path ("spec.ports[1].protocol") sits in such a text.
import { dump, load } from '/webjars/js-yaml/4.1.1/dist/js-yaml.mjs';

const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec'];
const SPEC_ORDER = { Egress: ['sources', 'hosts', 'ipAddresses', 'ports', 'matches'] };

/** A copy of a mapping with {@code first} keys in that order, then the others as they were. */
function ordered(map, first) {
  const out = {};
  for (const key of first) {
    if (map[key] !== undefined) {
      out[key] = map[key];
    }
  }
  for (const [key, value] of Object.entries(map)) {
    if (!(key in out)) {
      out[key] = value;
    }
  }
  return out;
}

/** The object as block YAML: apiVersion, kind, metadata and spec first, and an Egress's spec in the guide's order. */
export function toYaml(content) {
  const top = ordered(content, TOP_ORDER);
  if (SPEC_ORDER[content.kind] && top.spec && typeof top.spec === 'object' && !Array.isArray(top.spec)) {
    top.spec = ordered(top.spec, SPEC_ORDER[content.kind]);
  }
  return dump(top, { noRefs: true, lineWidth: -1 });
}

/** Parses one YAML document: {content} or {error: {line, column, message}} (1-based). */
export function fromYaml(text) {
  try {
    const content = load(text);
    if (content === null || typeof content !== 'object' || Array.isArray(content)) {
      return { error: { line: 1, column: 1, message: 'expected one object (a mapping)' } };
    }
    return { content };
  } catch (e) {
    const mark = e.mark || {};
    return { error: { line: (mark.line ?? 0) + 1, column: (mark.column ?? 0) + 1, message: e.reason || e.message } };
  }
}

/** ["spec", "ports", 1, "protocol"] for "spec.ports[1].protocol". */
export function pathSegments(path) {
  const out = [];
  for (const part of (path || '').split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) {
      out.push(m[1]);
    }
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) {
      out.push(Number(index[1]));
    }
  }
  return out;
}

function leading(line) {
  return line.length - line.trimStart().length;
}

/** The column where a line's key starts, after its indentation and any "- " item markers. */
function keyColumn(line) {
  const m = /^(\s*(?:-\s+)*)/.exec(line);
  return m[1].length;
}

function keyName(line) {
  const m = /^\s*(?:-\s+)*("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(line);
  return m ? m[1].replace(/^["']|["']$/g, '') : null;
}

function isContent(line) {
  const s = line.trim();
  return s !== '' && !s.startsWith('#') && s !== '---';
}

/**
 * The 1-based line of a field path in a block-style YAML text, or of its nearest written parent (1 when not
 * even the first segment is there). Flow-style values ([...], {...}) resolve to the key that holds them.
 */
export function lineOf(text, path) {
  const lines = text.split('\n');
  let start = 0;
  let end = lines.length;
  let scope = 0;
  let found = 0;
  for (const segment of pathSegments(path)) {
    if (typeof segment === 'number') {
      let first = start;
      while (first < end && !isContent(lines[first])) {
        first++;
      }
      if (first >= end || !lines[first].trimStart().startsWith('-')) {
        break;
      }
      const dash = leading(lines[first]);
      const items = [];
      for (let i = first; i < end; i++) {
        if (isContent(lines[i]) && leading(lines[i]) === dash && lines[i].trimStart().startsWith('-')) {
          items.push(i);
        }
      }
      if (segment >= items.length) {
        break;
      }
      found = items[segment];
      start = found;
      end = segment + 1 < items.length ? items[segment + 1] : end;
      scope = keyColumn(lines[found]);
      continue;
    }
    let hit = -1;
    for (let i = start; i < end; i++) {
      if (isContent(lines[i]) && keyColumn(lines[i]) === scope && keyName(lines[i]) === segment) {
        hit = i;
        break;
      }
    }
    if (hit < 0) {
      break;
    }
    found = hit;
    let stop = hit + 1;
    while (stop < end) {
      const line = lines[stop];
      if (isContent(line)) {
        const indent = leading(line);
        const item = line.trimStart().startsWith('-');
        if (indent < scope || (indent === scope && !item) || (indent === scope && item && keyColumn(lines[hit]) > leading(lines[hit]))) {
          break;
        }
      }
      stop++;
    }
    start = hit + 1;
    end = stop;
    let next = start;
    while (next < end && !isContent(lines[next])) {
      next++;
    }
    scope = next < end ? keyColumn(lines[next]) : scope + 2;
  }
  return found + 1;
}
