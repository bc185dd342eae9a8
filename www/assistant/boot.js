// Starts the reply assistant (a file rather than an inline script, so the page runs under a strict CSP).
import init from './assistant.js';

init({ module_or_path: new URL('assistant_bg.wasm', import.meta.url) });
