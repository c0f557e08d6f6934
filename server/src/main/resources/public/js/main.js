// The web designer's start: token, language, views, then the workspace.
import { initToken } from './api.js';
import { byId } from './dom.js';
import { initDeploy, loadClusterBadge } from './deploy.js';
import { initEditor, refreshEditor, yamlText } from './editor.js';
import { graphState, initGraph, showGraph, tapNode } from './graph.js';
import { currentLanguage, onLanguageChange, preferredLanguage, setLanguage, t } from './i18n.js';
import { initList } from './list.js';
import { initSimulation } from './simulate.js';
import { emit, fetchReach, loadWorkspace, on, revalidate, store } from './store.js';
import { initTests } from './tests.js';
import { initTraffic, traffic } from './traffic.js';

function showTab(name) {
  for (const tab of document.querySelectorAll('.tab')) {
    tab.classList.toggle('active', tab.dataset.tab === name);
  }
  for (const page of document.querySelectorAll('.tab-page')) {
    page.classList.toggle('active', page.id === 'page-' + name);
  }
  if (name === 'graph') {
    showGraph();
  } else if (name === 'editor') {
    refreshEditor();
  }
}

function status(text, error) {
  const el = byId('status');
  el.textContent = text;
  el.className = error ? 'error' : '';
}

async function start() {
  const token = initToken();
  await setLanguage(preferredLanguage());
  const toggle = byId('lang-toggle');
  const label = () => { toggle.textContent = currentLanguage() === 'ja' ? 'English' : '日本語'; };
  label();
  onLanguageChange(label);
  if (token) {
    onLanguageChange(() => revalidate().catch(e => status(e.message, true))); // lint messages in the new language
  }
  toggle.addEventListener('click', () => setLanguage(currentLanguage() === 'ja' ? 'en' : 'ja'));
  if (!token) {
    byId('no-token').hidden = false;
    return;
  }
  for (const tab of document.querySelectorAll('.tab')) {
    tab.addEventListener('click', () => showTab(tab.dataset.tab));
  }
  on('show-tab', showTab);
  on('status', ({ text, error }) => status(text, error));
  on('busy', busy => { document.body.classList.toggle('busy', busy); });
  on('timed', timing => status(t('status.saved', timing.key, Math.round(timing.total))));
  byId('engine').addEventListener('change', async e => {
    store.engine = e.target.value;
    try {
      await fetchReach(null);
      emit('engine');
    } catch (error) {
      status(error.message, true);
    }
    revalidate();
  });
  initList();
  initEditor();
  initGraph();
  initSimulation();
  initTests();
  initDeploy();
  initTraffic();
  loadClusterBadge();
  try {
    await loadWorkspace();
    status(t('status.loaded', store.objects.size));
  } catch (e) {
    status(e.message, true);
  }
  document.body.dataset.ready = 'true';
}

// For the browser tests: the state the page shows, read without scraping.
window.egressDesigner = { store, graphState, tapNode, yamlText, traffic };

start();
