// An HTTPRouteGroup's form: its matches, each with a live "try a path" answered by the server (RE2, as each
// engine anchors it).
import { call } from './api.js';
import { h } from './dom.js';
import { field, edited, listField, rerenderAfter, setOrDelete, template } from './fields.js';
import { t } from './i18n.js';

export function routeGroupForm(form, d) {
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
