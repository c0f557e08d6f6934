// Message bundles (JSON files under /i18n), switchable at run time. Every text the user reads goes through t().
const STORAGE_KEY = 'egress-designer.language';
export const LANGUAGES = ['en', 'ja'];
let language = 'en';
let bundle = {};
let fallback = {};
const listeners = [];

async function loadBundle(lang) {
  const response = await fetch('/i18n/' + lang + '.json');
  if (!response.ok) {
    throw new Error('no message bundle for ' + lang);
  }
  return response.json();
}

/** The language to start with: the last one chosen in this browser, else the browser's own if we have it. */
export function preferredLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved)) {
    return saved;
  }
  return (navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) {
    lang = 'en';
  }
  if (Object.keys(fallback).length === 0) {
    fallback = await loadBundle('en');
  }
  bundle = lang === 'en' ? fallback : await loadBundle(lang);
  language = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  applyTexts(document);
  listeners.forEach(listener => listener(lang));
}

export function currentLanguage() {
  return language;
}

/** Called after every language switch, to redraw texts built in code. */
export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** The message for {@code key} with {0}, {1}... replaced by the arguments. */
export function t(key, ...args) {
  const text = bundle[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (all, i) => (args[i] === undefined ? all : String(args[i])));
}

/** Fills elements marked data-i18n (text), data-i18n-placeholder and data-i18n-title under {@code root}. */
export function applyTexts(root) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach(el => { el.title = t(el.dataset.i18nTitle); });
}
