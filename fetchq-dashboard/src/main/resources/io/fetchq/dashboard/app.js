// The Fetchq dashboard: a small single-page app over the JSON API next to it (api/...).
// Every text that comes from the server or the database goes into the page as a text node
// (textContent, createTextNode, setAttribute), never as HTML.
(function () {
  'use strict';
  var STATUSES = ['PLANNED', 'PENDING', 'ACTIVE', 'COMPLETED', 'KILLED'];
  var POLL_MS = 2000;
  var csrf = document.querySelector('meta[name="fetchq-csrf"]').getAttribute('content');
  var actions = document.querySelector('meta[name="fetchq-actions"]').getAttribute('content') === 'on';
  var main = document.getElementById('main');
  var timer = null;
  var generation = 0;

  // ---- DOM helpers -------------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'onclick') node.addEventListener('click', value);
        else if (key === 'onsubmit') node.addEventListener('submit', value);
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function replace(node) { clear(node); for (var i = 1; i < arguments.length; i++) append(node, arguments[i]); }
  function show(id, text) {
    var box = document.getElementById(id);
    box.textContent = text || '';
    box.hidden = !text;
  }

  // ---- server ------------------------------------------------------------------------------
  function failure(response, body) {
    var message = body && body.error ? body.error : 'the dashboard server answered ' + response.status;
    var error = new Error(message);
    error.status = response.status;
    return error;
  }
  function read(response) {
    return response.text().then(function (text) {
      var body = null;
      try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
      if (!response.ok) throw failure(response, body);
      return body;
    }, function () { throw failure(response, null); });
  }
  function get(name, params) {
    var query = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      if (params[k] !== null && params[k] !== undefined && params[k] !== '') query.set(k, params[k]);
    });
    return fetch('api/' + name + '?' + query.toString(), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(read, unreachable);
  }
  function post(name, body) {
    return fetch('api/' + name, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Fetchq-Csrf': csrf },
      body: JSON.stringify(body)
    }).then(read, unreachable);
  }
  function unreachable() { throw new Error('cannot reach the dashboard server'); }

  function problem(error) {
    show('message', error.status === 503 ? error.message : 'Error: ' + error.message);
  }
  function fresh() {
    show('message', '');
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }
  function act(name, body, done) {
    show('notice', '');
    post(name, body).then(function (result) {
      show('message', '');
      show('notice', name + ' done: ' + JSON.stringify(result));
      if (done) done(result);
      refresh();
    }, problem);
  }

  // ---- formatting --------------------------------------------------------------------------
  function age(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
    return Math.floor(seconds / 86400) + ' d ' + Math.floor((seconds % 86400) / 3600) + ' h';
  }
  function when(text) { return text ? new Date(text).toLocaleString() : '—'; }
  function queueHref(name, status, prefix) {
    var query = new URLSearchParams();
    if (status) query.set('status', status);
    if (prefix) query.set('prefix', prefix);
    var q = query.toString();
    return '#/queue/' + encodeURIComponent(name) + (q ? '?' + q : '');
  }
  function taskHref(queue, subject) {
    return '#/task/' + encodeURIComponent(queue) + '/' + encodeURIComponent(subject);
  }
  function crumbs() {
    var nav = document.getElementById('crumbs');
    clear(nav);
    for (var i = 0; i < arguments.length; i++) append(nav, arguments[i]);
  }

  // an SVG line of the last hour's per-second rates, scaled to its own maximum
  function chart(kind, series, rate) {
    var ns = 'http://www.w3.org/2000/svg';
    var width = 160, height = 30;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', width); svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', kind + ' per second over the last hour');
    var max = Math.max.apply(null, [1].concat(series));
    var points = series.map(function (v, i) {
      var x = series.length === 1 ? width : (i / (series.length - 1)) * width;
      return x.toFixed(1) + ',' + (height - 2 - (v / max) * (height - 4)).toFixed(1);
    }).join(' ');
    var line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points);
    svg.appendChild(line);
    var title = document.createElementNS(ns, 'title');
    title.textContent = kind + '/s, last hour (max ' + max + ')';
    svg.appendChild(title);
    return el('span', { 'class': 'chart ' + kind, 'data-chart': kind, 'data-points': series.length },
      svg, el('span', { 'class': 'rate', 'data-rate': kind, text: rate.toFixed(2) + '/s' }));
  }

  // ---- overview ----------------------------------------------------------------------------
  function overview() {
    crumbs();
    var body = el('tbody');
    replace(main,
      el('h1', { text: 'Queues' }),
      el('table', { id: 'queues' },
        el('thead', null, el('tr', null,
          el('th', { text: 'Queue' }), el('th', { text: 'State' }),
          STATUSES.map(function (s) { return el('th', { 'class': 'num', text: s }); }),
          el('th', { 'class': 'num', text: 'Oldest due' }),
          el('th', { text: 'Processed / s (1 h)' }), el('th', { text: 'Errors / s (1 h)' }))),
        body));
    return function () {
      return get('overview').then(function (data) {
        fresh();
        clear(body);
        if (data.queues.length === 0) {
          body.appendChild(el('tr', null, el('td', { colspan: 10, 'class': 'empty', text: 'No queues yet: push a task or declare a queue.' })));
          return;
        }
        data.queues.forEach(function (q) {
          body.appendChild(el('tr', { 'data-queue': q.name },
            el('td', null, el('a', { href: queueHref(q.name), text: q.name })),
            el('td', null, el('span', { 'class': 'badge ' + (q.paused ? 'paused' : 'running'), 'data-paused': String(q.paused), text: q.paused ? 'paused' : 'running' })),
            STATUSES.map(function (s) {
              return el('td', { 'class': 'num' }, el('a', { href: queueHref(q.name, s), 'data-count': s, text: q.counts[s] }));
            }),
            el('td', { 'class': 'num', 'data-oldest': '', text: age(q.oldestDueSeconds) }),
            el('td', null, chart('processed', q.processedSeries, q.processedPerSecond)),
            el('td', null, chart('errors', q.errorsSeries, q.errorsPerSecond))));
        });
      });
    };
  }

  // ---- queue -------------------------------------------------------------------------------
  function queuePage(name, params) {
    var status = params.get('status') || 'ALL';
    var prefix = params.get('prefix') || '';
    var cursors = [null];
    crumbs(el('span', { text: '/' }), el('a', { href: queueHref(name), text: name }));
    var title = el('h1', null, 'Queue ', el('span', { text: name }));
    var state = el('span', { id: 'queue-state', 'class': 'badge' });
    var tabs = el('div', { 'class': 'tabs', id: 'tabs' });
    var search = el('input', { type: 'search', id: 'search', placeholder: 'subject starts with…', value: prefix, 'aria-label': 'subject prefix' });
    var form = el('form', { 'class': 'toolbar', id: 'search-form', onsubmit: function (e) {
      e.preventDefault();
      location.hash = queueHref(name, status === 'ALL' ? null : status, search.value);
    } }, search, el('button', { type: 'submit', 'class': 'action', text: 'Search' }));
    var tasks = el('tbody', { id: 'tasks' });
    var paging = el('div', { 'class': 'toolbar' });
    var errors = el('div', { id: 'errors' });
    var options = el('tbody', { id: 'options' });
    var buttons = el('div', { 'class': 'toolbar', id: 'queue-actions' });
    var paused = false;
    if (actions) {
      buttons.appendChild(el('button', { 'class': 'action', id: 'pause', onclick: function () { act(paused ? 'resume' : 'pause', { queue: name }); }, text: 'Pause' }));
      buttons.appendChild(el('button', { 'class': 'action', id: 'retry-killed', onclick: function () { act('retry-killed', { queue: name }); }, text: 'Retry all KILLED' }));
    } else {
      buttons.appendChild(el('span', { 'class': 'empty', text: 'Read-only: actions are disabled on this dashboard.' }));
    }
    replace(main, title, el('div', { 'class': 'toolbar' }, state, buttons), tabs, form,
      el('div', { 'class': 'cols' },
        el('div', null,
          el('table', null, el('thead', null, el('tr', null,
            el('th', { text: 'Subject' }), el('th', { text: 'Status' }), el('th', { 'class': 'num', text: 'Attempts' }),
            el('th', { text: 'Next run' }), el('th', { text: 'Last run' }))), tasks),
          paging,
          el('h2', { text: 'Error log (newest first)' }), errors),
        el('div', null, el('h2', { text: 'Options' }), el('table', null, options))));
    function page() {
      return get('tasks', { queue: name, status: status, prefix: prefix, after: cursors[cursors.length - 1], limit: 50 });
    }
    return function () {
      return Promise.all([get('queue', { queue: name }), page(), get('errors', { queue: name, limit: 50 })]).then(function (all) {
        var q = all[0], p = all[1], e = all[2];
        fresh();
        paused = q.paused;
        state.textContent = q.paused ? 'paused' : 'running';
        state.className = 'badge ' + (q.paused ? 'paused' : 'running');
        var pause = document.getElementById('pause');
        if (pause) pause.textContent = q.paused ? 'Resume' : 'Pause';
        clear(tabs);
        ['ALL'].concat(STATUSES).forEach(function (s) {
          var count = s === 'ALL' ? STATUSES.reduce(function (n, k) { return n + q.counts[k]; }, 0) : q.counts[s];
          tabs.appendChild(el('button', { 'class': s === status ? 'active' : '', 'data-status': s, onclick: function () {
            location.hash = queueHref(name, s === 'ALL' ? null : s, prefix);
          }, text: s + ' (' + count + ')' }));
        });
        clear(tasks);
        if (p.tasks.length === 0) {
          tasks.appendChild(el('tr', null, el('td', { colspan: 5, 'class': 'empty', text: prefix ? 'No task whose subject starts with "' + prefix + '".' : 'No tasks here.' })));
        }
        p.tasks.forEach(function (t) {
          tasks.appendChild(el('tr', { 'data-subject': t.subject },
            el('td', { 'class': 'subject' }, el('a', { href: taskHref(name, t.subject), text: t.subject })),
            el('td', { text: t.status }), el('td', { 'class': 'num', text: t.attempts }),
            el('td', { text: when(t.nextIteration) }), el('td', { text: when(t.lastIteration) })));
        });
        clear(paging);
        if (cursors.length > 1) paging.appendChild(el('button', { 'class': 'action', id: 'first-page', onclick: function () { cursors = [null]; refresh(); }, text: 'First page' }));
        if (p.next) paging.appendChild(el('button', { 'class': 'action', id: 'next-page', onclick: function () { cursors.push(p.next); refresh(); }, text: 'Next page' }));
        clear(errors);
        if (e.errors.length === 0) errors.appendChild(el('p', { 'class': 'empty', text: 'No errors logged.' }));
        e.errors.forEach(function (x) { errors.appendChild(errorEntry(x, name)); });
        clear(options);
        Object.keys(q.options).forEach(function (k) {
          options.appendChild(el('tr', null, el('th', { text: k }), el('td', { text: q.options[k] })));
        });
        options.appendChild(el('tr', null, el('th', { text: 'created' }), el('td', { text: when(q.createdAt) })));
      });
    };
  }

  function errorEntry(x, queue) {
    return el('details', { 'class': 'error-entry' },
      el('summary', null, el('span', { 'class': 'when', text: when(x.createdAt) }),
        queue ? el('a', { href: taskHref(queue, x.subject), 'class': 'error-subject', text: x.subject }) : null,
        ' attempt ' + x.attempt + ': ', el('span', { 'class': 'error-message', text: x.message })),
      x.details ? el('pre', { text: x.details }) : el('p', { 'class': 'empty', text: 'No details.' }));
  }

  // ---- task --------------------------------------------------------------------------------
  function taskPage(queue, subject) {
    crumbs(el('span', { text: '/' }), el('a', { href: queueHref(queue), text: queue }), el('span', { text: '/' }), el('span', { text: subject }));
    var fields = el('dl', { 'class': 'fields', id: 'fields' });
    var payload = el('pre', { id: 'payload' });
    var history = el('div', { id: 'history' });
    var buttons = el('div', { 'class': 'toolbar', id: 'task-actions' });
    if (actions) {
      var reason = el('input', { type: 'text', id: 'reason', placeholder: 'reason to cancel', 'aria-label': 'reason' });
      buttons.appendChild(el('button', { 'class': 'action', id: 'retry', onclick: function () { act('retry', { queue: queue, subject: subject }); }, text: 'Retry' }));
      buttons.appendChild(el('button', { 'class': 'action', id: 'run-now', onclick: function () { act('run-now', { queue: queue, subject: subject }); }, text: 'Run now' }));
      buttons.appendChild(reason);
      buttons.appendChild(el('button', { 'class': 'action danger', id: 'cancel', onclick: function () { act('cancel', { queue: queue, subject: subject, reason: reason.value }); }, text: 'Cancel' }));
    } else {
      buttons.appendChild(el('span', { 'class': 'empty', text: 'Read-only: actions are disabled on this dashboard.' }));
    }
    replace(main, el('h1', { id: 'task-subject', text: subject }), buttons, fields,
      el('h2', { text: 'Payload' }), payload, el('h2', { text: 'Error history (newest first)' }), history);
    return function () {
      return get('task', { queue: queue, subject: subject }).then(function (data) {
        fresh();
        clear(fields);
        var t = data.task;
        if (!t) {
          fields.appendChild(el('dd', { 'class': 'empty', text: 'This task is gone (dropped or pruned); its error history remains.' }));
        } else {
          [['queue', t.queue], ['subject', t.subject], ['status', t.status], ['attempts', t.attempts], ['iterations', t.iterations],
           ['priority', t.priority], ['version', t.version], ['created', when(t.createdAt)], ['last run', when(t.lastIteration)],
           ['next run', when(t.nextIteration)], ['cancelled', t.cancelled]].forEach(function (f) {
            fields.appendChild(el('dt', { text: f[0] }));
            fields.appendChild(el('dd', { 'data-field': f[0], text: f[1] }));
          });
        }
        payload.textContent = pretty(t ? t.payload : null);
        clear(history);
        if (data.errors.length === 0) history.appendChild(el('p', { 'class': 'empty', text: 'No errors logged for this task.' }));
        data.errors.forEach(function (x) { history.appendChild(errorEntry(x, null)); });
      });
    };
  }
  function pretty(text) {
    if (text === null || text === undefined) return '(no payload)';
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }

  // ---- routing and polling -----------------------------------------------------------------
  var update = null;
  function refresh() {
    if (!update) return;
    var mine = generation;
    update().catch(function (error) { if (mine === generation) problem(error); });
  }
  function route() {
    generation++;
    if (timer) clearInterval(timer);
    show('notice', '');
    var hash = location.hash.replace(/^#\/?/, '');
    var query = '';
    var at = hash.indexOf('?');
    if (at >= 0) { query = hash.substring(at + 1); hash = hash.substring(0, at); }
    var parts = hash.split('/');
    try {
      if (parts[0] === 'queue' && parts.length === 2) update = queuePage(decodeURIComponent(parts[1]), new URLSearchParams(query));
      else if (parts[0] === 'task' && parts.length === 3) update = taskPage(decodeURIComponent(parts[1]), decodeURIComponent(parts[2]));
      else update = overview();
    } catch (e) {
      update = overview();
    }
    refresh();
    timer = setInterval(refresh, POLL_MS);
  }
  document.getElementById('mode').textContent = actions ? 'actions enabled' : 'read-only';
  window.addEventListener('hashchange', route);
  route();
})();
