// The config checker's glue (dist/widget/check.js, issue 15): check_bg.wasm is a plain module with no imports
// (src/check: no wasm-bindgen, whose generated glue was three times this). Each argument's UTF-8 goes into a
// buffer from cg_alloc, which the callee owns; an answer is its length (4 bytes, little-endian), then its UTF-8,
// and its buffer is given back with cg_free (src/plain). The loader instantiates check_bg.wasm beside this file
// and hands this module its exports (the default export), then calls the named exports.
let wasm;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The loader instantiates the wasm (`importBundle` in www/loader.js) and hands this module its exports.
export default function init(exports) {
  wasm = exports;
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
