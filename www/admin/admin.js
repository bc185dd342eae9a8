// The consent ledger's admin page: search the ledger, show a record's proof, export a search as CSV, record a
// withdrawal. Every request goes to this origin's staff endpoints (GET /consents, POST /consents/withdrawals)
// with the token the admin typed, kept in sessionStorage only (never localStorage, never in a URL). Records are
// untrusted data: they are written with textContent, never as HTML. No build step: plain JS, served as it is.
'use strict';

(function () {
  const TOKEN_KEY = 'chatgate-admin-token';
  const PAGE_SIZE = 50;
  // Countries offered for a national-format number; names come from Intl.DisplayNames in the UI language.
  const REGIONS = ['GB', 'IE', 'US', 'CA', 'AU', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'RU', 'KZ', 'UA', 'CN',
    'HK', 'TW', 'SG', 'IN', 'AE', 'TR', 'BR', 'MX'];

  const STRINGS = {
    en: {
      title: 'Consent ledger', language: 'Language', signOut: 'Sign out', signInHeading: 'Sign in',
      signInHelp: 'Enter the admin token (CHATGATE_ADMIN_TOKEN). It is kept in this tab only and forgotten when the tab is closed.',
      token: 'Admin token', signIn: 'Sign in', searchHeading: 'Find consents', phone: 'Phone number',
      country: 'Country', international: 'International (+…)', notSearched: 'Search to see records; Clear lists them all.',
      reference: 'Reference code', referenceHelp: 'As the visitor was shown it, e.g. ABC-123', from: 'Given from',
      to: 'Given until', search: 'Search', clear: 'Clear', exportCsv: 'Export CSV', resultsHeading: 'Records',
      loadMore: 'Load more', withdrawHeading: 'Record a withdrawal',
      withdrawHelp: 'Withdraws every consent of the number now in force, for every business and purpose. Records are kept, marked withdrawn.',
      howWithdrawn: 'How withdrawn', methodAgent: 'Asked an agent', methodStopReply: 'Replied STOP',
      note: 'Note', withdrawButton: 'Record withdrawal', proofHeading: 'Proof of consent', close: 'Close',
      textShown: 'Consent text shown to the visitor', withdrawThisNumber: 'Withdraw this number…',
      showProof: 'Proof', inForce: 'In force', withdrawn: 'Withdrawn',
      shown: (n, more) => `${n} ${n === 1 ? 'record' : 'records'} shown${more ? '; more to load' : ''}.`,
      none: 'No record matches.', loading: 'Loading…', signedIn: 'Signed in.', signedOut: 'Signed out.',
      exported: (name) => `Downloaded ${name}.`, needPhone: 'Enter the phone number.', needToken: 'Enter the token.',
      refused: 'The token was refused. Sign in again.',
      off: 'The staff endpoints are off: start the receiver with CHATGATE_ADMIN_TOKEN set.',
      network: 'The receiver could not be reached. Try again.',
      withdrewNone: 'No consent of this number was in force. The withdrawal is recorded all the same.',
      withdrew: (n) => `${n} ${n === 1 ? 'consent' : 'consents'} withdrawn:`,
      f: {
        ref: 'Reference', consent_id: 'Consent id', phone: 'Phone', business: 'Business', business_phone: 'Business number', purposes: 'Purposes',
        text_version: 'Text version', locale: 'Locale', page: 'Page', method: 'How given', given_at: 'Given',
        received_at: 'Received', withdrawn_at: 'Withdrawn', withdrawal_method: 'How withdrawn',
        withdrawal_note: 'Withdrawal note',
      },
      methods: { widget: 'In the widget', agent: 'Asked an agent', 'stop-reply': 'Replied STOP' },
    },
    ru: {
      title: 'Журнал согласий', language: 'Язык', signOut: 'Выйти', signInHeading: 'Вход',
      signInHelp: 'Введите токен администратора (CHATGATE_ADMIN_TOKEN). Он хранится только в этой вкладке и забывается, когда она закрыта.',
      token: 'Токен администратора', signIn: 'Войти', searchHeading: 'Поиск согласий', phone: 'Номер телефона',
      country: 'Страна', international: 'Международный (+…)', notSearched: 'Найдите записи; «Очистить» покажет все.',
      reference: 'Код согласия', referenceHelp: 'Как его видел посетитель, например ABC-123', from: 'Дано с',
      to: 'Дано по', search: 'Найти', clear: 'Очистить', exportCsv: 'Экспорт CSV', resultsHeading: 'Записи',
      loadMore: 'Показать ещё', withdrawHeading: 'Записать отзыв согласия',
      withdrawHelp: 'Отзывает все действующие согласия этого номера, для всех компаний и целей. Записи сохраняются с отметкой об отзыве.',
      howWithdrawn: 'Способ отзыва', methodAgent: 'Попросил сотрудника', methodStopReply: 'Ответил STOP',
      note: 'Примечание', withdrawButton: 'Записать отзыв', proofHeading: 'Доказательство согласия', close: 'Закрыть',
      textShown: 'Текст согласия, показанный посетителю', withdrawThisNumber: 'Отозвать для этого номера…',
      showProof: 'Доказательство', inForce: 'Действует', withdrawn: 'Отозвано',
      shown: (n, more) => `Показано записей: ${n}${more ? '; есть ещё' : ''}.`,
      none: 'Записей не найдено.', loading: 'Загрузка…', signedIn: 'Вход выполнен.', signedOut: 'Выход выполнен.',
      exported: (name) => `Скачан файл ${name}.`, needPhone: 'Введите номер телефона.', needToken: 'Введите токен.',
      refused: 'Токен не принят. Войдите снова.',
      off: 'Служебные запросы выключены: запустите приёмник с переменной CHATGATE_ADMIN_TOKEN.',
      network: 'Приёмник недоступен. Попробуйте ещё раз.',
      withdrewNone: 'Действующих согласий этого номера не было. Отзыв всё равно записан.',
      withdrew: (n) => `Отозвано согласий: ${n}:`,
      f: {
        ref: 'Код', consent_id: 'Идентификатор', phone: 'Телефон', business: 'Компания', business_phone: 'Номер компании', purposes: 'Цели',
        text_version: 'Версия текста', locale: 'Язык', page: 'Страница', method: 'Как дано', given_at: 'Дано',
        received_at: 'Получено', withdrawn_at: 'Отозвано', withdrawal_method: 'Как отозвано',
        withdrawal_note: 'Примечание к отзыву',
      },
      methods: { widget: 'В виджете', agent: 'Попросил сотрудника', 'stop-reply': 'Ответил STOP' },
    },
    zh: {
      title: '同意记录', language: '语言', signOut: '退出', signInHeading: '登录',
      signInHelp: '请输入管理员令牌（CHATGATE_ADMIN_TOKEN）。令牌只保存在此标签页中，关闭后即被遗忘。',
      token: '管理员令牌', signIn: '登录', searchHeading: '查找同意记录', phone: '电话号码',
      country: '国家', international: '国际号码（+…）', notSearched: '搜索以查看记录；点击“清除”列出全部记录。',
      reference: '参考码', referenceHelp: '访客看到的参考码，例如 ABC-123', from: '开始日期',
      to: '结束日期', search: '搜索', clear: '清除', exportCsv: '导出 CSV', resultsHeading: '记录',
      loadMore: '加载更多', withdrawHeading: '记录撤回',
      withdrawHelp: '撤回该号码目前有效的所有同意（所有商家和用途）。记录会保留并标记为已撤回。',
      howWithdrawn: '撤回方式', methodAgent: '联系客服', methodStopReply: '回复 STOP',
      note: '备注', withdrawButton: '记录撤回', proofHeading: '同意证明', close: '关闭',
      textShown: '向访客显示的同意文本', withdrawThisNumber: '撤回此号码…',
      showProof: '证明', inForce: '有效', withdrawn: '已撤回',
      shown: (n, more) => `显示 ${n} 条记录${more ? '，还有更多' : ''}。`,
      none: '没有匹配的记录。', loading: '加载中…', signedIn: '已登录。', signedOut: '已退出。',
      exported: (name) => `已下载 ${name}。`, needPhone: '请输入电话号码。', needToken: '请输入令牌。',
      refused: '令牌被拒绝，请重新登录。',
      off: '管理接口已关闭：请设置 CHATGATE_ADMIN_TOKEN 后启动接收服务。',
      network: '无法连接接收服务，请重试。',
      withdrewNone: '该号码没有有效的同意。撤回仍已记录。',
      withdrew: (n) => `已撤回 ${n} 条同意：`,
      f: {
        ref: '参考码', consent_id: '同意 ID', phone: '电话', business: '商家', business_phone: '商家号码', purposes: '用途',
        text_version: '文本版本', locale: '语言', page: '页面', method: '同意方式', given_at: '同意时间',
        received_at: '接收时间', withdrawn_at: '撤回时间', withdrawal_method: '撤回方式',
        withdrawal_note: '撤回备注',
      },
      methods: { widget: '在小部件中', agent: '联系客服', 'stop-reply': '回复 STOP' },
    },
  };

  const $ = (id) => document.getElementById(id);
  let lang = chooseLanguage();
  let t = STRINGS[lang];
  // The search being shown: its query (without `after`), the next page's cursor, the records loaded.
  let current = null;
  let memoryToken = null;
  let proofRecord = null;

  function chooseLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    const candidates = [asked, ...(navigator.languages || [navigator.language])];
    for (const candidate of candidates) {
      const base = String(candidate || '').toLowerCase().split('-')[0];
      if (STRINGS[base]) return base;
    }
    return 'en';
  }

  // The token: sessionStorage (this tab, until it closes); in memory where storage is unavailable.
  function getToken() {
    try { return sessionStorage.getItem(TOKEN_KEY) || memoryToken; } catch { return memoryToken; }
  }
  function setToken(token) {
    memoryToken = token;
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
    } catch { /* kept in memory only */ }
  }

  function say(message) { $('status').textContent = message || ''; }
  function fail(message) { $('error').textContent = message || ''; }

  /** A staff request with the token; resolves to the Response, or throws an Error whose message a person can act on. */
  async function staffFetch(path, options = {}) {
    const token = getToken();
    if (!token) { showSignIn(); throw new Error(t.needToken); }
    let response;
    try {
      response = await fetch(path, {
        ...options,
        cache: 'no-store',
        credentials: 'omit',
        headers: { ...(options.headers || {}), Authorization: `Bearer ${token}` },
      });
    } catch {
      throw new Error(t.network);
    }
    if (response.status === 401) { setToken(null); showSignIn(); throw new Error(t.refused); }
    if (response.status === 404) throw new Error(t.off);
    if (!response.ok) {
      let reason = `${response.status}`;
      try { const body = await response.json(); reason = body.reason || body.error || reason; } catch { /* not JSON */ }
      throw new Error(reason);
    }
    return response;
  }

  function translate() {
    document.documentElement.lang = lang;
    $('lang').value = lang;
    for (const element of document.querySelectorAll('[data-i18n]')) {
      const value = t[element.dataset.i18n];
      if (typeof value === 'string') element.textContent = value;
    }
    let names = null;
    try { names = new Intl.DisplayNames([lang], { type: 'region' }); } catch { /* codes only */ }
    for (const select of document.querySelectorAll('select.region')) {
      const chosen = select.value;
      select.replaceChildren(new Option(t.international, ''));
      const options = REGIONS.map((code) => new Option(`${names ? names.of(code) : code} (${code})`, code));
      options.sort((a, b) => a.text.localeCompare(b.text, lang));
      select.append(...options);
      select.value = chosen;
    }
    if (current) renderResults(); else $('results-summary').textContent = t.notSearched;
    if (proofRecord && $('proof').open) renderProof(proofRecord);
  }

  function showSignIn() {
    $('sign-in').hidden = false;
    $('workspace').hidden = true;
    $('sign-out').hidden = true;
  }

  function showWorkspace() {
    $('sign-in').hidden = true;
    $('workspace').hidden = false;
    $('sign-out').hidden = false;
  }

  /** The reference code the widget shows for an id (core::consent::reference_code). */
  function referenceCode(id) {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const hex = String(id).replace(/[^0-9a-fA-F]/g, '').slice(0, 8);
    const bits = (parseInt(hex, 16) || 0) >>> 2;
    let code = '';
    for (let i = 5; i >= 0; i--) code += alphabet[(bits >>> (i * 5)) & 31];
    return `${code.slice(0, 3)}-${code.slice(3)}`;
  }

  function searchQuery() {
    const query = new URLSearchParams();
    const phone = $('search-phone').value.trim();
    if (phone) {
      query.set('phone', phone);
      if ($('search-region').value) query.set('region', $('search-region').value);
    }
    const ref = $('search-ref').value.trim();
    if (ref) query.set('ref', ref);
    if ($('search-from').value) query.set('from', $('search-from').value);
    if ($('search-to').value) query.set('to', $('search-to').value);
    return query;
  }

  async function search(query) {
    fail('');
    say(t.loading);
    try {
      const page = await fetchPage(query, null);
      current = { query, records: page.consents, next: page.next };
      renderResults();
      say('');
    } catch (error) {
      say('');
      fail(error.message);
    }
  }

  async function fetchPage(query, after) {
    const params = new URLSearchParams(query);
    params.set('limit', String(PAGE_SIZE));
    if (after) params.set('after', after);
    const response = await staffFetch(`/consents?${params}`);
    return response.json();
  }

  async function loadMore() {
    if (!current || !current.next) return;
    fail('');
    say(t.loading);
    try {
      const first = current.records.length;
      const page = await fetchPage(current.query, current.next);
      current.records.push(...page.consents);
      current.next = page.next;
      renderResults();
      say('');
      const added = $('results').children[first];
      if (added) added.querySelector('button').focus();
      else $('results-heading').focus();
    } catch (error) {
      say('');
      fail(error.message);
    }
  }

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content == null ? '' : String(content);
    if (className) element.className = className;
    return element;
  }

  function renderResults() {
    const list = $('results');
    list.replaceChildren();
    for (const record of current.records) {
      const item = document.createElement('li');
      item.className = 'record';
      const head = document.createElement('div');
      head.className = 'record-head';
      head.append(text('strong', referenceCode(record.consent_id), 'ref'), text('span', record.phone, 'phone'));
      head.append(text('span', record.withdrawn_at ? t.withdrawn : t.inForce,
        record.withdrawn_at ? 'badge withdrawn' : 'badge'));
      const details = document.createElement('div');
      details.className = 'record-details';
      details.append(text('span', record.business), text('span', (record.purposes || []).join(', ')),
        text('time', record.given_at));
      details.lastChild.dateTime = record.given_at;
      const button = text('button', t.showProof);
      button.type = 'button';
      button.className = 'quiet';
      button.setAttribute('aria-label', `${t.showProof}: ${referenceCode(record.consent_id)}`);
      button.addEventListener('click', () => openProof(record, button));
      item.append(head, details, button);
      list.append(item);
    }
    $('results-summary').textContent = current.records.length
      ? t.shown(current.records.length, Boolean(current.next)) : t.none;
    $('more').hidden = !current.next;
  }

  let proofOpener = null;

  function openProof(record, opener) {
    proofRecord = record;
    proofOpener = opener;
    renderProof(record);
    $('proof').showModal();
    $('proof-close').focus();
  }

  function renderProof(record) {
    const fields = $('proof-fields');
    fields.replaceChildren();
    const rows = [
      ['ref', referenceCode(record.consent_id)], ['consent_id', record.consent_id], ['phone', record.phone],
      ['business', record.business], ['business_phone', record.business_phone || '—'], ['purposes', (record.purposes || []).join(', ')],
      ['text_version', record.text_version], ['locale', record.locale], ['page', record.page],
      ['method', t.methods[record.method] ? `${t.methods[record.method]} (${record.method})` : record.method],
      ['given_at', record.given_at], ['received_at', record.received_at], ['withdrawn_at', record.withdrawn_at || '—'],
      ['withdrawal_method', record.withdrawal_method
        ? `${t.methods[record.withdrawal_method] || record.withdrawal_method} (${record.withdrawal_method})` : '—'],
      ['withdrawal_note', record.withdrawal_note || '—'],
    ];
    for (const [key, value] of rows) {
      const row = document.createElement('div');
      row.append(text('dt', t.f[key]), text('dd', value));
      row.dataset.field = key;
      fields.append(row);
    }
    $('proof-text').textContent = record.text;
  }

  function closeProof() {
    $('proof').close();
  }

  async function exportCsv() {
    fail('');
    say(t.loading);
    try {
      const params = current ? new URLSearchParams(current.query) : searchQuery();
      params.set('format', 'csv');
      const response = await staffFetch(`/consents?${params}`);
      const blob = await response.blob();
      const name = `consents-${new Date().toISOString().slice(0, 10)}.csv`;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      say(t.exported(name));
    } catch (error) {
      say('');
      fail(error.message);
    }
  }

  async function withdraw(event) {
    event.preventDefault();
    fail('');
    const phone = $('withdraw-phone').value.trim();
    if (!phone) { fail(t.needPhone); $('withdraw-phone').focus(); return; }
    const body = { phone, method: $('withdraw-method').value };
    if ($('withdraw-region').value) body.region = $('withdraw-region').value;
    const note = $('withdraw-note').value.trim();
    if (note) body.note = note;
    say(t.loading);
    try {
      const response = await staffFetch('/consents/withdrawals', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      const answer = await response.json();
      const result = $('withdraw-result');
      result.replaceChildren();
      if (answer.withdrawn.length === 0) {
        result.append(text('p', t.withdrewNone));
      } else {
        result.append(text('p', t.withdrew(answer.withdrawn.length)));
        const list = document.createElement('ul');
        for (const id of answer.withdrawn) list.append(text('li', `${referenceCode(id)} — ${id}`));
        result.append(list);
      }
      result.hidden = false;
      result.focus();
      say('');
      $('withdraw-note').value = '';
      if (current) await refresh();
    } catch (error) {
      say('');
      fail(error.message);
    }
  }

  /** Reloads the current search as far as it was loaded, so a withdrawal shows in the records. */
  async function refresh() {
    const wanted = current.records.length;
    let page = await fetchPage(current.query, null);
    const records = [...page.consents];
    while (page.next && records.length < wanted) {
      page = await fetchPage(current.query, page.next);
      records.push(...page.consents);
    }
    current = { query: current.query, records, next: page.next };
    renderResults();
  }

  async function signIn(event) {
    event.preventDefault();
    fail('');
    const token = $('token').value.trim();
    if (!token) { fail(t.needToken); $('token').focus(); return; }
    setToken(token);
    $('token').value = '';
    try {
      await staffFetch('/consents?limit=1');
      showWorkspace();
      say(t.signedIn);
      $('search-phone').focus();
    } catch (error) {
      if (getToken()) setToken(null);
      showSignIn();
      fail(error.message);
      $('token').focus();
    }
  }

  function signOut() {
    setToken(null);
    current = null;
    $('results').replaceChildren();
    $('results-summary').textContent = t.notSearched;
    $('more').hidden = true;
    $('withdraw-result').hidden = true;
    fail('');
    showSignIn();
    say(t.signedOut);
    $('token').focus();
  }

  function start() {
    translate();
    $('lang').addEventListener('change', () => {
      lang = $('lang').value;
      t = STRINGS[lang];
      const url = new URL(location.href);
      url.searchParams.set('lang', lang);
      history.replaceState(null, '', url);
      translate();
    });
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('search-form').addEventListener('submit', (event) => { event.preventDefault(); search(searchQuery()); });
    $('search-clear').addEventListener('click', () => {
      for (const id of ['search-phone', 'search-ref', 'search-from', 'search-to']) $(id).value = '';
      $('search-region').value = '';
      search(new URLSearchParams());
    });
    $('export').addEventListener('click', exportCsv);
    $('more').addEventListener('click', loadMore);
    $('withdraw-form').addEventListener('submit', withdraw);
    $('proof-close').addEventListener('click', closeProof);
    $('proof').addEventListener('close', () => { if (proofOpener && proofOpener.isConnected) proofOpener.focus(); });
    $('proof-withdraw').addEventListener('click', () => {
      $('withdraw-phone').value = proofRecord ? proofRecord.phone : '';
      $('withdraw-region').value = '';
      proofOpener = null;
      closeProof();
      $('withdraw-phone').focus();
    });
    if (getToken()) showWorkspace(); else showSignIn();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
