/*! Chatgate loader. One global, `Chatgate`; see README "Embedding" for the snippet, config and API. */
// The loader draws the launcher itself, straight from the config, so a page with the widget pays no wasm before
// its `load` event (issue 15). Everything else comes later: the config checker (check.js, the core's checks of
// the config and nothing else) when the browser is idle after `load`, or at once on interest (pointer over the
// launcher, focus, touch, click) or an API call, beside the dialog bundle (panel.js), which starts only once
// the checker has accepted the config and reads the config as the checker wrote it, never the page's. The
// core decides; what this file draws is a copy of its decisions (`WidgetConfig::root_classes`, `chat_title`,
// `accent_css`), which the dialog bundle re-applies from the core, and a refused config removes it.
(function (window, document) {
  'use strict';
  var VERSION = '0.1.0';
  // The hand-over keys on the Chatgate function, shared with the dialog bundle (Rust side: src/web/src/global.rs).
  var BOOT = '_boot', HANDLE = '_handle', PANEL_STARTED = '_panelStarted';
  var EVENTS = ['ready', 'open', 'close', 'consent', 'withdraw', 'handoff', 'error'];
  // Filled in by the build (www/build_loader.py): widget.css, and the launcher's labels per language from
  // www/i18n/*.txt ([label with {business}, label without a business, the greeting's dismiss button]).
  // Unfilled (the source file served as it is), the stylesheet is linked instead and the labels are English.
  var CSS = /*@widget.css*/'';
  var LABELS = /*@launcher labels*/{ en: ['Chat with {business}', 'Chat with us', 'Dismiss'] };
  // Written once the visitor opens the widget or dismisses the greeting, never before (README "Privacy").
  var GREETING_SEEN = 'chatgate:greeting-seen';
  var ICON = 'M16 3C8.8 3 3 8.6 3 15.6c0 2.5.7 4.8 2 6.8L3.6 29l6.8-1.8c1.7.9 3.6 1.4 5.6 1.4 7.2 0 13-5.6 13-12.6S23.2 3 16 3zm0 23c-1.8 0-3.5-.5-5-1.3l-.4-.2-4 1 1-3.8-.3-.4A10.1 10.1 0 0 1 5.6 15.6C5.6 10 10.3 5.5 16 5.5s10.4 4.5 10.4 10.1S21.7 26 16 26zm5.7-7.6c-.3-.2-1.8-.9-2.1-1s-.5-.2-.7.2-.8 1-1 1.2-.4.2-.7 0a8.5 8.5 0 0 1-4.2-3.6c-.3-.5.3-.5.9-1.6.1-.2 0-.4 0-.5l-1-2.3c-.2-.6-.5-.5-.7-.5h-.6c-.2 0-.5.1-.8.4s-1 1-1 2.5 1.1 2.9 1.2 3.1c.2.2 2.1 3.2 5.1 4.5 1.9.8 2.6.9 3.6.7.6-.1 1.8-.7 2-1.4.3-.7.3-1.3.2-1.4l-.2-.4z';
  var SVG = 'http://www.w3.org/2000/svg';
  // Screens that show QR codes: widget.css's `.cg-desktop` query (tests/bench.py --check holds the two together).
  var DESKTOP = '(min-width: 700px) and (min-height: 560px)';
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
  var loadPanel = function () {}; // set by mount(): loads the dialog bundle (once, unless it failed)

  function Chatgate(command, argument) {
    if (command === 'on') return listen(argument, arguments[2]);
    if (typeof command !== 'string') {
      console.error('Chatgate: the first argument must be a command name such as \'open\'');
      return;
    }
    if (Chatgate[HANDLE]) Chatgate[HANDLE](command, argument === undefined ? null : argument);
    else if (queue) {
      queue.push([command, argument]); // no queue: the config was refused (already reported)
      if (command !== 'close') loadPanel(); // the dialog bundle reads the call (`close` alone needs nothing)
    }
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

  function text(value) { return typeof value === 'string' ? value : ''; }

  // The launcher's language: the config's, else the browser's first one with a translation, else English
  // (the core's `i18n::choose_locale`).
  function chooseLocale(config) {
    var wanted = [];
    var locale = text(config.locale);
    if (locale && locale !== 'auto') wanted.push(locale);
    wanted = wanted.concat(navigator.languages || [navigator.language || '']);
    for (var i = 0; i < wanted.length; i++) {
      var primary = String(wanted[i] || '').split(/[-_]/)[0].toLowerCase();
      if (LABELS.hasOwnProperty(primary)) return primary;
    }
    return 'en';
  }

  // The accent's stylesheet text (the core's `WidgetConfig::accent_css`): the colour and a text colour with
  // WCAG contrast on it. Empty for no or a malformed accent (the core then names the key).
  function accentCss(accent) {
    var hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text(accent));
    if (!hex) return '';
    var full = hex[1].length === 3 ? hex[1].replace(/./g, '$&$&') : hex[1];
    var channel = function (i) {
      var value = parseInt(full.slice(i, i + 2), 16) / 255;
      return value <= 0.04045 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
    };
    var luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    var color = 1.05 / (luminance + 0.05) >= 4.5 ? '#ffffff' : '#111417';
    return '.cg-root { --cg-accent: #' + full + '; --cg-accent-text: ' + color + '; }';
  }

  // Styles without `unsafe-inline`: constructable stylesheets where the browser has them (true), else a <link>
  // to widget.css beside the loader (the accent then as a CSSOM write on the root). The loader carries the
  // launcher's and the greeting's rules only; the dialog's come with the dialog bundle (dialogStyles).
  function applyStyles(root, container, accent) {
    if (CSS && root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function') {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        var accentSheet = new CSSStyleSheet();
        accentSheet.replaceSync(accent);
        root.adoptedStyleSheets = [sheet, accentSheet];
        return true;
      } catch (error) { /* fall through to the link */ }
    }
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = base + 'widget.css';
    root.appendChild(link);
    var match = /--cg-accent: (#\w+); --cg-accent-text: (#\w+)/.exec(accent);
    if (match) {
      container.style.setProperty('--cg-accent', match[1]);
      container.style.setProperty('--cg-accent-text', match[2]);
    }
    return false;
  }

  // The dialog's rules (dialog.css, the part of widget.css the loader does not carry), adopted after the
  // launcher's and the accent's sheets before the dialog bundle starts; where widget.css is linked, it has
  // them already. Once per page.
  var dialogSheet = null;
  function dialogStyles(root, adopted) {
    if (!adopted || dialogSheet) return Promise.resolve();
    return fetch(base + 'dialog.css').then(function (response) {
      if (!response.ok) throw new Error('dialog.css: HTTP ' + response.status);
      return response.text();
    }).then(function (css) {
      if (dialogSheet) return;
      dialogSheet = new CSSStyleSheet();
      dialogSheet.replaceSync(css);
      root.adoptedStyleSheets = Array.prototype.slice.call(root.adoptedStyleSheets).concat([dialogSheet]);
    });
  }

  // The launcher, as `web::create_launcher` drew it before: the widget root and a button with the WhatsApp mark.
  function drawLauncher(root, config) {
    var theme = text(config.theme);
    var accent = accentCss(config.accent);
    theme = theme === 'dark' ? 'cg-dark' : (theme === 'light' || accent ? 'cg-light' : 'cg-auto');
    var container = document.createElement('div');
    container.className = 'cg-root ' + theme + (config.position === 'left' ? ' cg-left' : '');
    var adopted = applyStyles(root, container, accent);
    var locale = chooseLocale(config);
    var business = text(config.business);
    var button = document.createElement('button');
    button.className = 'cg-launcher';
    button.setAttribute('type', 'button');
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-label', business ? LABELS[locale][0].replace('{business}', business) : LABELS[locale][1]);
    button.setAttribute('lang', locale);
    var svg = document.createElementNS(SVG, 'svg');
    var attributes = { viewBox: '0 0 32 32', width: '28', height: '28', 'aria-hidden': 'true', focusable: 'false' };
    for (var name in attributes) svg.setAttribute(name, attributes[name]);
    var path = document.createElementNS(SVG, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', ICON);
    svg.appendChild(path);
    button.appendChild(svg);
    container.appendChild(button);
    root.appendChild(container);
    return { container: container, launcher: button, adopted: adopted };
  }

  // After the page's load event, when the browser is idle (a timer where requestIdleCallback is missing: Safari).
  function whenIdleAfterLoad(callback) {
    var idle = function () {
      if (window.requestIdleCallback) window.requestIdleCallback(callback, { timeout: 3000 });
      else setTimeout(callback, 200);
    };
    if (document.readyState === 'complete') idle();
    else window.addEventListener('load', idle);
  }

  // A bundle's module, with its wasm fetched at once, beside the module and whatever `ready` waits for. The
  // dialog's glue (wasm-bindgen's) instantiates its wasm itself once `ready` has settled. A plain module (no
  // `ready`: the config checker, the QR encoder, the consent courier; wasm with no imports) is instantiated
  // here, and its glue's default export is handed the wasm's exports (its named exports take and give text as
  // src/plain says).
  function importBundle(name, ready) {
    var module = import(base + name + '.js');
    var wasm = fetch(base + name + '_bg.wasm');
    wasm = ready ? wasm : wasm.then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + response.url);
      // A server that does not send application/wasm cannot stream it.
      return /wasm/.test(response.headers.get('Content-Type'))
        ? WebAssembly.instantiateStreaming(response, {})
        : response.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, {}); });
    });
    wasm.catch(function () {}); // a failure is reported by the instantiation, if it comes to one
    return Promise.all([module, ready || wasm]).then(function (loaded) {
      return ready ? loaded[0].default({ module_or_path: wasm }).then(function () { return loaded[0]; })
        : (loaded[0].default(loaded[1].instance.exports), loaded[0]);
    });
  }

  // A table or text file beside the loader (`phone/44`, `tz/europe`, `i18n/ru`: `.txt` added), for the config
  // checker and the dialog bundle (`Chatgate._boot.file`): its text, or a rejection saying why.
  function file(name) {
    var url = base + name + '.txt';
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      return response.text();
    }, function () { throw new Error(url + ' could not be fetched'); });
  }

  function dispatch(name, detail) {
    window.dispatchEvent(new CustomEvent('chatgate:' + name, { detail: detail }));
  }

  function hasWaitingConsents() {
    try {
      for (var i = 0; i < localStorage.length; i++) if (String(localStorage.key(i)).indexOf(outboxPrefix) === 0) return true;
    } catch (error) { /* storage unavailable: nothing can wait there */ }
    return false;
  }
  var outboxPrefix = null;

  function greetingSeen() {
    try { return localStorage.getItem(GREETING_SEEN) === '1'; } catch (error) { return false; }
  }

  // The greeting bubble (issue 16) above the launcher: the core chose the text and the delay (counted from the
  // loader's start). Not modal and never focused; its text is announced politely (role=status, filled after the
  // region is in the page); it goes, remembered, when the visitor dismisses it or opens the widget.
  function greetLater(drawn, locale, delayMs, message, started, state) {
    setTimeout(function () {
      if (state.done || !drawn.container.parentNode) return;
      var bubble = document.createElement('div');
      bubble.className = 'cg-greeting';
      bubble.setAttribute('lang', locale);
      var status = document.createElement('p');
      status.setAttribute('role', 'status');
      var close = document.createElement('button');
      close.className = 'cg-greeting-close';
      close.setAttribute('type', 'button');
      close.setAttribute('aria-label', LABELS[locale][2] || 'Dismiss');
      close.textContent = '\u00d7';
      close.addEventListener('click', function () { state.end(); });
      bubble.appendChild(status);
      bubble.appendChild(close);
      drawn.container.insertBefore(bubble, drawn.launcher);
      state.bubble = bubble;
      setTimeout(function () { status.textContent = message; }, 100);
    }, Math.max(0, started + delayMs - Date.now()));
  }

  function mount() {
    if (document.querySelector('[data-chatgate-host]')) return; // idempotent
    var host = document.createElement('div');
    host.setAttribute('data-chatgate-host', '');
    var root = host.attachShadow({ mode: 'open' });
    var started = Date.now();
    var config = readConfig();
    var drawn = drawLauncher(root, config);
    document.body.appendChild(host);
    // Until the dialog bundle takes the launcher over: interest loads it, and a click marks the launcher busy
    // (the dialog opens once it is there, however many clicks: core::widget_flow::replay_waiting).
    var clicked = false;
    var onInterest = function () { loadPanel(); };
    // The greeting: shown at most until the widget opens or the bubble is dismissed; either is remembered.
    var greeting = {
      pending: false, done: false, bubble: null,
      end: function () {
        if (greeting.done) return;
        greeting.done = true;
        if (greeting.bubble && greeting.bubble.parentNode) greeting.bubble.parentNode.removeChild(greeting.bubble);
        if (!greeting.pending) return; // no greeting on this page: nothing to remember
        try { localStorage.setItem(GREETING_SEEN, '1'); } catch (error) { /* storage unavailable */ }
      }
    };
    window.addEventListener('chatgate:open', function () { greeting.end(); });
    var onClick = function () {
      greeting.end();
      clicked = true;
      drawn.launcher.setAttribute('aria-busy', 'true');
      loadPanel();
    };
    var interest = ['pointerenter', 'focus', 'touchstart'];
    for (var i = 0; i < interest.length; i++) drawn.launcher.addEventListener(interest[i], onInterest, { passive: true });
    drawn.launcher.addEventListener('click', onClick);
    var stopListening = function () {
      for (var i = 0; i < interest.length; i++) drawn.launcher.removeEventListener(interest[i], onInterest);
      drawn.launcher.removeEventListener('click', onClick);
    };
    // `file(name)`: the phone table and text files the dialog bundle lacks, fetched as the checker's. Added once the config
    // checker has accepted the config: `normalized`, the config as the checker wrote it (the dialog reads that,
    // never the page's object), and `tables`, the texts of the table files the checker fetched (the dialog
    // installs them instead of fetching them again).
    // `qr(text, draw)`: calls `draw` with a chat link's QR code (src/qr's answer) once the screen is one that shows
    // QR codes (widget.css's `.cg-desktop` query), importing the encoder then: phones never download it. Only the
    // latest request waits (one code is on screen at a time; the dialog ignores a stale one).
    var encoder = null, media = null, wanted = null;
    var encode = function () {
      if (!wanted || !media.matches) return;
      var request = wanted;
      wanted = null;
      encoder = encoder || importBundle('qr');
      encoder.then(function (module) { request[1](module.qr(request[0])); }, function () {
        encoder = null; // tried again next time
        request[1]('');
      });
    };
    var qr = function (text, draw) {
      if (!media) {
        media = window.matchMedia(DESKTOP);
        media.addEventListener('change', encode);
      }
      // A request replaced before it was served is answered with nothing, which the dialog ignores: each `draw` is
      // called once, so the dialog's side of it is freed (a phone's every keystroke in the message asks anew).
      if (wanted) wanted[1]('');
      wanted = [text, draw];
      encode();
    };
    // `deliver(key, entry, stored)`: hands an outbox entry the dialog kept (in localStorage under `key` when
    // `stored`) to the consent courier (src/deliver), imported the first time: with no entry, on a page where an
    // earlier page left entries waiting, it only starts. Entries handed over while it cannot be loaded wait here
    // (those in storage wait there too) until the next hand-over or the browser's next `online`.
    var courier = null, parcels = [];
    var deliver = function (key, entry, stored) {
      if (key) parcels.push([key, entry, stored]);
      if (!courier) {
        var endpoint = JSON.parse(Chatgate[BOOT].normalized).consent_endpoint;
        courier = importBundle('deliver').then(function (module) {
          module.start(endpoint, dispatch);
          return module;
        });
        courier.catch(function () {
          courier = null;
          console.error('Chatgate: could not load the consent courier from ' + base + 'deliver.js');
          window.addEventListener('online', function () { deliver(); }, { once: true });
        });
      }
      courier.then(function (module) {
        parcels.splice(0).forEach(function (parcel) { module.send(parcel[0], parcel[1], parcel[2]); });
      }, function () {});
    };
    Chatgate[BOOT] = { root: root, container: drawn.container, launcher: drawn.launcher, file: file, qr: qr, deliver: deliver };

    // The core's verdict on the config, from the config checker: accepted, `chatgate:ready` (once); refused, one
    // console error naming the key, `chatgate:error`, the launcher removed and the calls made before dropped
    // (later calls are ignored quietly).
    var verdict = null;
    var reportVerdict = function (ok, key, message) {
      if (verdict !== null) return;
      verdict = ok;
      if (ok) {
        dispatch('ready', { version: VERSION });
        return;
      }
      stopListening();
      queue = null;
      if (drawn.container.parentNode) drawn.container.parentNode.removeChild(drawn.container);
      console.error(message);
      dispatch('error', { key: key, message: message });
    };

    // The dialog bundle: fetched beside the config checker (started first when it has not run), started only
    // once the checker has accepted the config. Its start is split across tasks, so it says itself, with
    // Chatgate._panelStarted(ok), when it takes calls; it is then given the calls and clicks that waited for it.
    var panel = null;
    loadPanel = function () {
      if (panel || verdict === false) return;
      var accepted = runCheck();
      panel = new Promise(function (resolve, reject) {
        Chatgate[PANEL_STARTED] = function (ok) {
          delete Chatgate[PANEL_STARTED];
          if (!ok) return reject();
          stopListening();
          var waiting = { calls: queue || [], clicked: clicked };
          queue = [];
          resolve();
          return waiting;
        };
        importBundle('panel', Promise.all([dialogStyles(root, drawn.adopted), withTexts(accepted)])).catch(reject);
      });
      panel.catch(function () {
        if (verdict === false) return; // the config was refused: reported once already
        panel = null; // the next interest tries again
        drawn.launcher.removeAttribute('aria-busy');
        clicked = false;
        console.error('Chatgate: could not load the widget\'s dialog');
        dispatch('error', { reason: 'load', message: 'the dialog could not be loaded' });
      });
    };

    // The dialog embeds English only: another language's texts (i18n/<code>.txt) are fetched beside its bundle
    // and handed over with the table files (the dialog fetches them itself when this fails).
    var withTexts = function (accepted) {
      var locale = chooseLocale(config);
      var texts = locale === 'en' ? '' : file('i18n/' + locale).catch(function () { return ''; });
      return Promise.all([accepted, texts]).then(function (got) { Chatgate[BOOT].tables += got[1]; });
    };

    // The config checker, once a page: when the browser is idle after the page's load event, or at once on
    // interest, beside the dialog bundle. A promise that resolves once the config is accepted; it rejects for a
    // refused config (reported once) or a checker that could not be loaded (said, and tried again on the next
    // interest).
    var checking = null;
    var runCheck = function () {
      if (checking) return checking;
      checking = importBundle('check').then(function (checker) {
        // A task of its own after the instantiation's: each stays short on a slow phone.
        return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () { return checker; });
      }).then(function (checker) {
        var json;
        try { json = JSON.stringify(config) || 'null'; } catch (error) { json = 'null'; } // cyclic: "must be an object"
        // The checker has no phone or zone table: it names the files of them it needs (` need` and a file a
        // line: phone/44, tz/europe), fetched beside it, and is asked again with them.
        // It reads the config in order and stops at the first file it lacks, so a config with several numbers
        // and zones takes a few rounds; a file asked for twice means it did not help.
        var tables = '';
        var fetched = {};
        var ask = function () {
          var answer = checker.check_config(json, tables);
          if (answer.indexOf(' need\n') !== 0) return answer;
          return Promise.all(answer.split('\n').slice(1).map(function (name) {
            if (fetched[name]) throw new Error(name + '.txt did not help');
            fetched[name] = true;
            return file(name);
          })).then(function (texts) {
            tables += texts.join('\n') + '\n';
            return ask();
          });
        };
        return Promise.resolve(ask()).then(function (answer) { verdictFrom(checker, json, tables, answer); });
      });
      checking.catch(function (error) {
        if (verdict === false) return; // refused: reported once already
        checking = null;
        console.error('Chatgate: could not check the config with ' + base + 'check.js: ' + (error && error.message));
      });
      return checking;
    };
    // The checker's verdict, reported once: for an accepted config its answer is the config as the checker wrote
    // it for the dialog bundle (a JSON object), else the key and the message; then the greeting bubble the core
    // chooses. A refusal rejects `checking`.
    var verdictFrom = function (checker, json, tables, answer) {
      outboxPrefix = checker.outbox_prefix();
      var accepted = answer.charAt(0) === '{';
      var line = answer.indexOf('\n');
      reportVerdict(accepted, answer.slice(0, line), answer.slice(line + 1));
      if (!accepted) throw new Error('refused');
      Chatgate[BOOT].normalized = answer;
      Chatgate[BOOT].tables = tables;
      if (text(config.consent_endpoint) && hasWaitingConsents()) deliver();
      var locale = chooseLocale(config);
      var greet = greeting.done ? '' : checker.greeting(json, tables, locale, location.pathname, greetingSeen());
      if (greet) {
        var cut = greet.indexOf('\n');
        greeting.pending = true;
        greetLater(drawn, locale, Number(greet.slice(0, cut)), greet.slice(cut + 1), started, greeting);
      }
    };
    if (queue.length) loadPanel();
    else whenIdleAfterLoad(runCheck);
  }

  window.Chatgate = Chatgate;
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})(window, document);
