import { currentLanguage } from './i18n.js';

// Calls to the designer's HTTP API with the access token. The token comes from the address the server printed
// (?token=...), is kept in this tab's sessionStorage only, and is removed from the address bar at once.
const STORAGE_KEY = 'egress-designer.token';
let token = null;

/** Takes the token from the address (then strips it) or from sessionStorage; null when there is none. */
export function initToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  token = fromUrl || sessionStorage.getItem(STORAGE_KEY);
  return token;
}

/** A failed call: the HTTP status and the server's problem body {title, status, type, details}. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.title ? problem.title : 'HTTP ' + status);
    this.status = status;
    this.problem = problem || { title: this.message, details: [] };
  }
}

/**
 * One API call. {@code body}: a string is sent as YAML, anything else as JSON. Answers the parsed JSON, the text
 * for non-JSON answers, or null for 204.
 */
export async function call(method, path, body) {
  const headers = { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' };
  // the server explains decisions and lint findings in the page's language
  headers['Accept-Language'] = currentLanguage();
  let payload;
  if (typeof body === 'string') {
    headers['Content-Type'] = 'application/yaml; charset=utf-8';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204) {
    return null;
  }
  const parsed = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, typeof parsed === 'object' ? parsed : { title: String(parsed), details: [] });
  }
  return parsed;
}

/** An address for EventSource, which cannot send headers: the token goes in the query instead. */
export function withToken(path) {
  return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
}

/** The path of one workspace resource ('-' stands for no namespace). */
export function resourcePath(kind, namespace, name) {
  return '/api/workspace/resources/' + encodeURIComponent(kind) + '/' + encodeURIComponent(namespace || '-') + '/'
      + encodeURIComponent(name);
}
