/*! Chatgate loader. One global, `Chatgate`; see README "Embedding" for the snippet, config and API. */
(function (window, document) {
  'use strict';
  var VERSION = '0.1.0';
  // The hand-over keys on the Chatgate function, shared with the bundles (Rust side: src/web/src/global.rs;
  // _panelBoot passes between the two bundles and never through this file).
  var BOOT = '_boot', STARTED = '_started', HANDLE = '_handle', LOAD_PANEL = '_loadPanel';
  var PANEL_STARTED = '_panelStarted';
  var EVENTS = ['ready', 'open', 'close', 'consent', 'withdraw', 'handoff', 'error'];
  var existing = window.Chatgate;
  if (typeof existing === 'function' && existing.VERSION) return; // included twice: the first copy runs

  var script = document.currentScript || findOwnScript();
  if (!script || !script.src) {
    console.error('Chatgate: cannot find the loader\'s own <script src>; load loader.js with a src attribute');
    return;
  }
  var base = new URL('.', script.src).href;
  // Calls made before the loader arrived (the snippet's stub queues them in Chatgate.q).
  var queue = (existing && existing.q) ? Array.prototype.slice.call(existing.q) : [];

  function Chatgate(command, argument) {
    if (command === 'on') return listen(argument, arguments[2]);
    if (typeof command !== 'string') {
      console.error('Chatgate: the first argument must be a command name such as \'open\'');
      return;
    }
    if (Chatgate[HANDLE]) Chatgate[HANDLE](command, argument === undefined ? null : argument);
    else if (queue) queue.push([command, argument]); // no queue: the config was refused (already reported)
  }
  Chatgate.VERSION = VERSION;

  function listen(name, fn) {
    if (EVENTS.indexOf(name) < 0) {
      console.error('Chatgate(\'on\'): unknown event \'' + name + '\' (expected one of ' + EVENTS.join(', ') + ')');
      return;
    }
    if (typeof fn !== 'function') {
      console.error('Chatgate(\'on\', \'' + name + '\', fn): fn must be a function');
      return;
    }
    window.addEventListener('chatgate:' + name, function (event) { fn(event.detail); });
  }

  function findOwnScript() {
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/loader(\.min)?\.js(\?|#|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  // Config: window.ChatgateSettings, else the script tag's data- attributes (data-privacy-url -> privacy_url).
  function readConfig() {
    if (window.ChatgateSettings && typeof window.ChatgateSettings === 'object') return window.ChatgateSettings;
    var config = {};
    var attributes = script.attributes;
    for (var i = 0; i < attributes.length; i++) {
      var name = attributes[i].name;
      if (name.indexOf('data-') === 0) config[name.slice(5).replace(/-/g, '_')] = attributes[i].value;
    }
    return config;
  }

  function mount() {
    if (document.querySelector('[data-chatgate-host]')) return; // idempotent
    var host = document.createElement('div');
    host.setAttribute('data-chatgate-host', '');
    var root = host.attachShadow({ mode: 'open' });
    document.body.appendChild(host);
    Chatgate[BOOT] = { root: root, config: readConfig() };
    // The dialog is a second bundle, loaded by the launcher on the first interaction (once). Its start is split
    // across tasks, so it settles the promise itself, with Chatgate._panelStarted(ok), when it takes calls.
    var panel = null;
    Chatgate[LOAD_PANEL] = function () {
      panel = panel || new Promise(function (resolve, reject) {
        Chatgate[PANEL_STARTED] = function (ok) {
          delete Chatgate[PANEL_STARTED];
          (ok ? resolve : reject)();
        };
        import(base + 'panel.js')
          .then(function (module) { return module.default({ module_or_path: base + 'panel_bg.wasm' }); })
          .catch(reject);
      });
      return panel;
    };
    // The launcher bundle calls Chatgate._started(shown) once it has checked the config and drawn the launcher
    // (its start-up is split across tasks): replay the calls queued so far and announce readiness; a refused
    // config was already reported (console error and chatgate:error), so the queue is dropped and no ready.
    Chatgate[STARTED] = function (shown) {
      Chatgate[STARTED] = function () {};
      var pending = queue;
      queue = shown ? [] : null;
      if (!shown || !Chatgate[HANDLE]) return;
      for (var i = 0; i < pending.length; i++) Chatgate[HANDLE](pending[i][0], pending[i][1]);
      window.dispatchEvent(new CustomEvent('chatgate:ready', { detail: { version: VERSION } }));
    };
    import(base + 'widget.js')
      .then(function (module) { return module.default({ module_or_path: base + 'widget_bg.wasm' }); })
      .catch(function (error) {
        console.error('Chatgate: could not load the widget from ' + base + ': ' + (error && error.message));
        window.dispatchEvent(new CustomEvent('chatgate:error', { detail: { message: 'load failed' } }));
      });
  }

  window.Chatgate = Chatgate;
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})(window, document);
