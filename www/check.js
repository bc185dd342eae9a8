// The config checker's glue (dist/widget/check.js, issue 15): check_bg.wasm is a plain module with no imports
// (src/check: no wasm-bindgen, whose generated glue was three times this). Each argument's UTF-8 goes into a
// buffer from cg_alloc, which the callee owns; an answer is its length (4 bytes, little-endian), then its UTF-8,
// and its buffer is given back with cg_free. The loader imports this module as it does the dialog's: a default
// export that instantiates the module from `module_or_path` (a URL, or the promise of its response, which the
// loader fetches beside this file), then the named exports.
let wasm;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export default function init(options) {
  const path = options.module_or_path;
  return Promise.resolve(typeof path === 'string' ? fetch(path) : path).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + response.url);
    // A server that does not send application/wasm cannot stream it.
    return /wasm/.test(response.headers.get('Content-Type'))
      ? WebAssembly.instantiateStreaming(response, {})
      : response.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, {}); });
  }).then(function (result) { wasm = result.instance.exports; });
}

function pass(text) {
  const bytes = encoder.encode(text);
  const pointer = wasm.cg_alloc(bytes.length);
  new Uint8Array(wasm.memory.buffer, pointer, bytes.length).set(bytes);
  return [pointer, bytes.length];
}

function take(pointer) {
  const length = new DataView(wasm.memory.buffer).getUint32(pointer, true);
  const text = decoder.decode(new Uint8Array(wasm.memory.buffer, pointer + 4, length));
  wasm.cg_free(pointer, length + 4);
  return text;
}

// For an accepted config, the config as the dialog reads it (a JSON object); else the refusal or the files needed.
export function check_config(text, tables) {
  return take(wasm.check_config.apply(null, pass(text).concat(pass(tables))));
}

export function greeting(text, tables, locale, path, seen) {
  const args = pass(text).concat(pass(tables), pass(locale), pass(path), [seen ? 1 : 0]);
  return take(wasm.greeting.apply(null, args));
}

export function outbox_prefix() {
  return take(wasm.outbox_prefix());
}
