// The YAML pane: shows exactly the text the server keeps for an object, which is the text saved. It neither
// writes nor parses YAML: lines come from the field positions the server sends with the text.
import { byId, h } from './dom.js';

const TYPING_DELAY_MS = 400;

let cm;
let settingText = false;
let typingTimer = null;
let marks = [];

/** Sets up the pane; {@code onTyped(text)} runs once the user stops typing. */
export function initYamlPane(onTyped) {
  cm = window.CodeMirror(byId('yaml-editor'), {
    mode: 'yaml', lineNumbers: true, tabSize: 2, indentUnit: 2, lineWrapping: false,
    gutters: ['diag-gutter', 'CodeMirror-linenumbers'],
    extraKeys: { Tab: editor => editor.replaceSelection('  ') },
  });
  cm.on('change', () => {
    if (settingText) {
      return;
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => onTyped(cm.getValue()), TYPING_DELAY_MS);
  });
}

/** The text the pane shows. */
export function yamlText() {
  return cm.getValue();
}

/** Shows a text (the server's), keeping the scroll position; a pending typed edit is dropped. */
export function showText(text, fresh) {
  clearTimeout(typingTimer);
  settingText = true;
  try {
    if (cm.getValue() !== text) {
      const scroll = cm.getScrollInfo();
      cm.setValue(text);
      cm.scrollTo(scroll.left, scroll.top);
    }
    if (fresh) {
      cm.clearHistory();
    }
  } finally {
    settingText = false;
  }
}

/**
 * The 1-based line of a field path ("spec.ports[1].protocol") in an object's text, from the positions the server
 * sent with it: the field's own, else its nearest written parent's, else 1.
 */
export function lineOf(positions, path) {
  let p = path || '';
  for (;;) {
    const at = positions && positions[p];
    if (at) {
      return at.line;
    }
    if (p === '') {
      return 1;
    }
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.substring(0, cut);
  }
}

function lineIndex(line) {
  return Math.min(Math.max(line - 1, 0), cm.lineCount() - 1);
}

function unmark(cls) {
  for (const mark of marks.filter(m => m.cls === cls || (cls === null && m.cls !== 'cm-line-decided'))) {
    cm.removeLineClass(mark.handle, 'wrap', mark.cls);
  }
  marks = marks.filter(m => !(m.cls === cls || (cls === null && m.cls !== 'cm-line-decided')));
}

/**
 * Marks problems on their lines: [{line, severity, field, message}] (1-based lines of the shown text). Answers the
 * 0-based line index each item was marked on.
 */
export function markProblems(items) {
  const indexes = [];
  cm.operation(() => {
    unmark(null);
    cm.clearGutter('diag-gutter');
    for (const item of items) {
      const index = lineIndex(item.line);
      indexes.push(index);
      const cls = item.severity === 'error' ? 'cm-line-error' : 'cm-line-warning';
      marks.push({ handle: cm.addLineClass(index, 'wrap', cls), cls });
      const info = cm.lineInfo(index);
      const existing = info.gutterMarkers && info.gutterMarkers['diag-gutter'];
      if (!existing || item.severity === 'error') {
        cm.setGutterMarker(index, 'diag-gutter', h('span', { class: 'diag-marker ' + item.severity,
          title: (item.field ? item.field + ': ' : '') + item.message }));
      }
    }
  });
  return indexes;
}

/** Highlights the line of the rule the last simulation was decided by (null: none). */
export function markDecidedLine(line) {
  cm.operation(() => {
    unmark('cm-line-decided');
    if (line) {
      marks.push({ handle: cm.addLineClass(lineIndex(line), 'wrap', 'cm-line-decided'), cls: 'cm-line-decided' });
    }
  });
}

/** Puts the cursor on a 0-based line. */
export function focusLine(index) {
  cm.focus();
  cm.setCursor(index, 0);
}

/** Shows the pane again after its tab was hidden. */
export function refreshPane() {
  cm.refresh();
}
