// The QR encoder's glue (dist/widget/qr.js): qr_bg.wasm is a plain module with no imports (src/qr), like the
// config checker (www/check.js says how text goes in and out). The loader imports it the first time the dialog
// draws a QR code on a desktop-sized screen (`Chatgate._boot.qr`). Answers are given back with cg_free, as
// the checker's are (this module's allocator frees nothing, so that costs nothing).
let wasm;
const encoder = new TextEncoder();

// The loader instantiates the wasm (`importBundle` in www/loader.js) and hands this module its exports.
export default function init(exports) {
  wasm = exports;
}

// The code of `text`: its viewBox size, a newline, its path (core::qr::QrSvg::to_answer); empty if it does not fit.
export function qr(text) {
  const bytes = encoder.encode(text);
  const pointer = wasm.cg_alloc(bytes.length);
  new Uint8Array(wasm.memory.buffer, pointer, bytes.length).set(bytes);
  const answer = wasm.qr(pointer, bytes.length);
  const length = new DataView(wasm.memory.buffer).getUint32(answer, true);
  const code = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, answer + 4, length));
  wasm.cg_free(answer, length + 4);
  return code;
}
