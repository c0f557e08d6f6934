// Form fields: a labelled field that shows its errors, and edits that save. List fields (hosts, methods,
// headers) are read and shown by policy's rules on the server (POST /api/vocabulary/field), never split here.
import { call } from './api.js';
import { h } from './dom.js';
import { emit } from './store.js';
import { t } from './i18n.js';

/**
 * What the form calls back into the editor: {@code saveDraft(startedAt)} saves the edited draft,
 * {@code rerender()} draws the form again, {@code guarded(promise)} reports a failure and answers null.
 */
export const formHooks = { saveDraft: null, rerender: null, guarded: null };

/** A labelled field whose errors show under it; {@code path} is the field path diagnostics name. */
export function field(labelKey, path, ...controls) {
  return h('div', { class: 'field', dataset: { path } },
    h('span', { class: 'label' }, t(labelKey)), ...controls);
}

/** An onchange handler: applies the new value to the draft, then saves it. */
export function edited(mutate) {
  return e => {
    const startedAt = performance.now();
    mutate(e.target.value, e);
    formHooks.saveDraft(startedAt);
  };
}

/** An onclick/onchange handler for a change of structure (a row added or removed): redraws, then saves. */
export function rerenderAfter(mutate) {
  return async e => {
    const startedAt = performance.now();
    try {
      await mutate(e);
    } catch (error) {
      emit('status', { error: true, text: error.message });
      return;
    }
    formHooks.rerender();
    formHooks.saveDraft(startedAt);
  };
}

/**
 * A template from the server: {kind: Egress|HTTPRouteGroup, namespace}, {kind: 'match', index}, {kind: 'port'},
 * {kind: 'routeGroupRef', name}.
 */
export function template(request) {
  return call('POST', '/api/vocabulary/template', request);
}

export function setOrDelete(object, name, value) {
  if (value === null || value === undefined) {
    delete object[name];
  } else {
    object[name] = value;
  }
}

/**
 * A list field edited as text, by policy's rule for it ('list', 'methods', 'headers'): the server gives the text
 * for the value, and the value (in the schema's shape) for the text typed; a null value leaves the field out.
 */
export function listField(tag, attrs, rule, value, apply) {
  const control = h(tag, { ...attrs, onchange: async e => {
    const startedAt = performance.now();
    const answer = await formHooks.guarded(call('POST', '/api/vocabulary/field', { rule, text: e.target.value }));
    if (answer) {
      apply(answer.value);
      formHooks.saveDraft(startedAt);
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
