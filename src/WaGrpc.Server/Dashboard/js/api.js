// The gateway's API as the dashboard calls it: always with "Authorization: Bearer", never the
// token in a URL. The token lives in this tab's sessionStorage only.

// An instance's dashboard is /instance<id>/dashboard: its calls go under the same prefix, and
// its token is kept apart from the other instances'.
const base = location.pathname.replace(/\/dashboard(\/.*)?$/, '');
const storageKey = `wagrpc.dashboard.token${base}`;

/** Thrown when the gateway refuses the token (401): the page goes back to the login form. */
export class Unauthorized extends Error {}

export const token = {
  get: () => sessionStorage.getItem(storageKey) ?? '',
  set: value => sessionStorage.setItem(storageKey, value),
  clear: () => sessionStorage.removeItem(storageKey),
};

/** Takes a ?token= the page was opened with (once) and removes it from the address bar. */
export function takeTokenFromUrl() {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return;
  url.searchParams.delete('token');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
  if (fromUrl) token.set(fromUrl);
}

async function send(method, path, body, signal) {
  const headers = { authorization: `Bearer ${token.get()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    cache: 'no-store',
  });
  if (response.status === 401) throw new Unauthorized('The gateway refused the token');
  return response;
}

async function failure(response) {
  const text = await response.text();
  try {
    return new Error(JSON.parse(text).error ?? `HTTP ${response.status}`);
  } catch {
    return new Error(`HTTP ${response.status}`);
  }
}

/** A JSON call; answers the parsed body, throws the gateway's {"error"} text on 4xx/5xx. */
export async function call(method, path, body) {
  const response = await send(method, path, body);
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** GET as a blob (the QR code PNG); null when the gateway answers 4xx (no QR shown now). */
export async function blob(path) {
  const response = await send('GET', path);
  return response.ok ? response.blob() : null;
}

/** True when the path exists for this token (e.g. the sandbox's phone API). */
export async function exists(path) {
  const response = await send('GET', path);
  return response.ok;
}

/**
 * Reads a newline-delimited JSON stream (a transcoded server stream: /events, /status/watch)
 * with fetch and its ReadableStream, calling onItem for each line, until it ends or signal aborts;
 * onOpen once the gateway answered (the stream is live from then on).
 */
export async function stream(path, onItem, signal, onOpen = () => {}) {
  const response = await send('GET', path, undefined, signal);
  if (!response.ok) throw await failure(response);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onItem(JSON.parse(line));
    }
  }
}

/** Waits ms, or less when signal aborts. */
export function pause(ms, signal) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/**
 * Follows a stream for as long as signal lives: when it ends or breaks it is opened again (path()
 * is asked anew, so it can resume after a cursor), 3 s later. A refused token ends it (onError).
 */
export async function follow(path, onItem, signal, onState, onError) {
  while (!signal.aborted) {
    try {
      onState('connecting');
      await stream(path(), onItem, signal, () => onState('live'));
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof Unauthorized) {
        onError(error);
        return;
      }
    }
    if (signal.aborted) return;
    onState('reconnecting');
    await pause(3000, signal);
  }
}
