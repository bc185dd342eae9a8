// The consent courier (dist/widget/deliver.js, issue 15): the shell of consent delivery around deliver_bg.wasm, a
// plain module with no imports (src/deliver: the core's outbox decisions), whose text goes in and out as the config
// checker's does (www/check.js). The loader imports it when the dialog hands it a record's outbox entry
// (`Chatgate._boot.deliver`), or at once on a page where an earlier page left entries waiting; the dialog bundle,
// which every visitor who opens the widget downloads, carries no delivery code.
//
// This shell keeps the entries (one localStorage key each, written by the dialog; in memory when storage refuses
// them), sends one request at a time, and wakes up on start, on `online`, when the page becomes visible and on a
// timer for the next retry. What to send, when, and what an answer means are the module's decisions. Nothing is
// sent and nothing is written until a visitor has given or withdrawn a consent.
let wasm;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The loader instantiates the wasm (`importBundle` in www/loader.js) and hands this module its exports.
export default function init(exports) {
  wasm = exports;
}

// Calls an export: each text argument goes into a buffer from cg_alloc (the callee's), as (pointer, length);
// numbers go as they are. The answer is its length (4 bytes, little-endian), then its UTF-8, given back with cg_free.
function call(name) {
  const args = [];
  for (let i = 1; i < arguments.length; i++) {
    const value = arguments[i];
    if (typeof value !== 'string') {
      args.push(value);
      continue;
    }
    const bytes = encoder.encode(value);
    const pointer = wasm.cg_alloc(bytes.length);
    new Uint8Array(wasm.memory.buffer, pointer, bytes.length).set(bytes);
    args.push(pointer, bytes.length);
  }
  const answer = wasm[name].apply(null, args);
  const length = new DataView(wasm.memory.buffer).getUint32(answer, true);
  const text = decoder.decode(new Uint8Array(wasm.memory.buffer, answer + 4, length));
  wasm.cg_free(answer, length + 4);
  return text;
}

let endpoint, prefix, announce;
const memory = {}; // entries storage refused, by key
let warned = false, flushing = false, again = false, timer = null;

// Every waiting entry, by key: storage's, then memory's. A value on more than one line is not an entry this
// version wrote (the module reads one entry a line), and is left alone.
function all() {
  const entries = {};
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.indexOf(prefix) === 0) entries[key] = localStorage.getItem(key);
    }
  } catch (error) { /* storage unavailable: memory only */ }
  for (const key in memory) entries[key] = memory[key];
  for (const key in entries) if (/[\n\r]/.test(entries[key])) delete entries[key];
  return entries;
}

function lines(entries, keys) {
  return keys.map(function (key) { return entries[key]; }).join('\n');
}

// Kept in memory, said once a page in `chatgate:error`.
function remember(key, entry) {
  memory[key] = entry;
  if (warned) return;
  warned = true;
  announce('error', JSON.parse(call('kept_in_memory')));
}

function keep(key, entry) {
  if (key in memory) return remember(key, entry);
  try {
    localStorage.setItem(key, entry);
  } catch (error) {
    remember(key, entry);
  }
}

// After an attempt, unless another tab delivered the entry meanwhile (its key is gone).
function update(key, entry) {
  let there = key in memory;
  try { there = there || localStorage.getItem(key) !== null; } catch (error) { /* memory only */ }
  if (there) keep(key, entry);
}

function forget(key) {
  delete memory[key];
  try { localStorage.removeItem(key); } catch (error) { /* memory only */ }
}

// One POST; its outcome as the module reads it: [status, Retry-After, body], status 0 for no answer, -1 for none
// within the module's time limit.
function post(request) {
  const controller = new AbortController();
  const limit = setTimeout(function () { controller.abort(); }, wasm.request_timeout_ms());
  return fetch(request.url, {
    method: 'POST',
    body: request.body,
    credentials: 'omit',
    cache: 'no-store',
    signal: controller.signal,
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': request.key },
  }).then(function (response) {
    return response.text().catch(function () { return ''; }).then(function (body) {
      return [response.status, response.headers.get('retry-after') || '', body];
    });
  }).catch(function () {
    return [controller.signal.aborted ? -1 : 0, '', ''];
  }).then(function (outcome) {
    clearTimeout(limit);
    return outcome;
  });
}

// Sends every due entry, one at a time, each once a round (a round runs again if something was handed over
// meanwhile), then sets the timer for the next retry.
function flush() {
  if (!endpoint) return; // no consent_endpoint: nothing is sent (the loader and the dialog never ask then)
  if (flushing) {
    again = true;
    return;
  }
  flushing = true;
  again = false;
  let tried = {};
  const step = function () {
    const entries = all();
    const keys = Object.keys(entries).filter(function (key) { return !tried[key]; }).sort();
    const answer = call('next', endpoint, Date.now(), lines(entries, keys));
    if (!answer) {
      if (again) {
        again = false;
        tried = {};
        return step();
      }
      flushing = false;
      return schedule();
    }
    const parts = answer.split('\n');
    const key = keys[Number(parts[0])];
    const entry = entries[key];
    tried[key] = true;
    post({ key: parts[1], body: parts[2], url: parts.slice(3).join('\n') }).then(function (outcome) {
      const next = call('after', entry, outcome[0], outcome[1], outcome[2], Date.now(), Math.random());
      const cut = next.split('\n');
      if (cut[0] === 'delivered') forget(key);
      else if (cut[0] === 'retry') update(key, cut[1]);
      else if (cut[0] === 'rejected') {
        update(key, cut[1]);
        console.error(cut.slice(3).join('\n'));
        announce('error', JSON.parse(cut[2]));
      }
      step();
    });
  };
  step();
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  const entries = all();
  const at = call('wake_at', lines(entries, Object.keys(entries).sort()));
  if (!at) return;
  timer = setTimeout(function () {
    timer = null;
    flush();
  }, Math.min(Math.max(0, Number(at) - Date.now()), 2147483647));
}

// A new chance for every waiting entry (start, `online`, visible again): our own backoff is skipped, a server's
// `Retry-After` is not.
function wake() {
  const entries = all();
  const keys = Object.keys(entries).sort();
  const woken = call('wake', lines(entries, keys)).split('\n');
  for (let i = 0; i < keys.length; i++) if (woken[i]) update(keys[i], woken[i]);
  flush();
}

// Starts delivery to `to` (the config's `consent_endpoint`, as the checker wrote it); `tell(name, detail)`
// dispatches `chatgate:<name>`. Sends what an earlier page left.
export function start(to, tell) {
  endpoint = to;
  announce = tell;
  prefix = call('outbox_prefix');
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') wake();
  });
  wake();
}

// Sends an entry the dialog kept under `key` (in localStorage when `stored`, else it is kept in memory here).
export function send(key, entry, stored) {
  if (!stored) remember(key, entry);
  flush();
}
