// The supervisors' dashboard: signs in with the caller's token (kept in this tab only), then
// reads the JSON API as that caller. What it shows is what the services let the caller see: the
// page decides nothing. Completeness refreshes as the report event stream announces submissions.
'use strict';

const STATUS_WORDS = {
  COMPLETENESS_STATUS_ON_TIME: ['如期', 'on-time'],
  COMPLETENESS_STATUS_LATE: ['逾期', 'late'],
  COMPLETENESS_STATUS_MISSING: ['未提報', 'missing'],
  COMPLETENESS_STATUS_PENDING: ['未屆期', 'pending'],
};
const PACKAGE_WORDS = {
  PACKAGE_STATE_FORWARDED: '已陳報',
  PACKAGE_STATE_ACKNOWLEDGED: '已確認',
  PACKAGE_STATE_RETURNED: '已退回',
};
const EVENT_WORDS = {
  REPORT_EVENT_TYPE_SUBMITTED: '提報',
  REPORT_EVENT_TYPE_RETURNED: '退回補正',
  REPORT_EVENT_TYPE_ACCEPTED: '審查通過',
};
const SVG = 'http://www.w3.org/2000/svg';

let token = sessionStorage.getItem('svcup-token') || '';
let watch = null;  // the AbortController of the open event stream
let refreshTimer = 0;

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
  }
}

// POSTs `body` to the RPC as the signed-in caller; the answer's JSON, or an ApiError.
async function call(rpc, body) {
  const response = await fetch(`/svcup.v1.${rpc}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Authorization': `Bearer ${token}`},
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

// Every page of a list RPC, concatenated by `field`.
async function callAll(rpc, body, field) {
  const all = [];
  let pageToken = '';
  for (let page = 0; page < 100; page++) {
    const answer = await call(rpc, {...body, pageSize: 1000, pageToken});
    all.push(...(answer[field] || []));
    pageToken = answer.nextPageToken || '';
    if (!pageToken) break;
  }
  return all;
}

// The claims of a JWT, for showing who is signed in (the services verify it, not this page).
function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return null;
  }
}

function cell(row, text, header) {
  const element = document.createElement(header ? 'th' : 'td');
  if (header) element.scope = 'row';
  element.textContent = text === undefined || text === null ? '' : String(text);
  row.appendChild(element);
  return element;
}

function fill(tableId, rows) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  for (const values of rows) {
    const row = body.insertRow();
    values.forEach((value, i) => cell(row, value, i === 0));
  }
}

function showError(id, error) {
  const box = $(id);
  if (!error) {
    box.hidden = true;
    return;
  }
  box.textContent = `${error.code || 'error'}: ${error.message}`;
  box.hidden = false;
}

function dateText(date) {
  if (!date || !date.year) return '';
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function timeText(timestamp) {
  if (!timestamp) return '';
  return new Date(timestamp).toLocaleString('zh-TW', {timeZone: 'Asia/Taipei', hour12: false});
}

function query() {
  const recipient = $('recipient').value.trim();
  return {
    year: Number($('year').value),
    period: Number($('period').value),
    recipient,
    wholeTree: recipient === 'orgs/moj',
  };
}

function drawChart(counts) {
  const chart = $('chart');
  chart.querySelectorAll('g').forEach((g) => g.remove());
  const total = Math.max(1, counts.reduce((sum, [, n]) => sum + n, 0));
  counts.forEach(([status, n], i) => {
    const [label, kind] = STATUS_WORDS[status];
    const g = document.createElementNS(SVG, 'g');
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('class', kind);
    bar.setAttribute('x', '90');
    bar.setAttribute('y', String(8 + i * 28));
    bar.setAttribute('height', '20');
    bar.setAttribute('width', String(Math.round((n / total) * 440)));
    const text = document.createElementNS(SVG, 'text');
    text.setAttribute('x', '0');
    text.setAttribute('y', String(23 + i * 28));
    text.textContent = `${label} ${n}`;
    g.append(bar, text);
    chart.appendChild(g);
  });
}

async function loadCompleteness() {
  const q = query();
  try {
    const lines = [];
    let first = null;
    let pageToken = '';
    for (let page = 0; page < 100; page++) {
      const answer =
          await call('ProgressReports/GetCompleteness', {...q, pageSize: 1000, pageToken});
      first = first || answer;
      lines.push(...(answer.agencies || []));
      pageToken = answer.nextPageToken || '';
      if (!pageToken) break;
    }
    showError('completeness-error', null);
    $('completeness').caption.textContent = `${q.recipient} ${q.year} 年第 ${q.period} 期：如期 ${
                                                first.onTime || 0}、逾期 ${first.late || 0}、` +
        `未提報 ${first.missing || 0}、未屆期 ${first.pending || 0}，共 ${first.total || 0} 機關`;
    drawChart([
      ['COMPLETENESS_STATUS_ON_TIME', first.onTime || 0],
      ['COMPLETENESS_STATUS_LATE', first.late || 0],
      ['COMPLETENESS_STATUS_MISSING', first.missing || 0],
      ['COMPLETENESS_STATUS_PENDING', first.pending || 0]
    ]);
    fill(
        'completeness',
        lines.map(
            (line) =>
                [(line.displayName && line.displayName.zhTw) || line.organisation,
                 (STATUS_WORDS[line.status] || [line.status])[0], line.daysLate || '',
                 timeText(line.firstSubmitTime)]));
  } catch (error) {
    showError('completeness-error', error);
    fill('completeness', []);
  }
}

// Fills table `id` with `rowOf` of each item `load()` returns, or shows why it could not.
async function loadTable(id, load, rowOf) {
  try {
    const items = await load();
    showError(`${id}-error`, null);
    fill(id, items.map(rowOf));
  } catch (error) {
    showError(`${id}-error`, error);
    fill(id, []);
  }
}

function loadBacklog() {
  const q = query();
  return loadTable(
      'backlog',
      () => callAll(
          'ProgressReports/ListReports', {
            year: q.year,
            period: q.period,
            recipient: q.wholeTree ? '' : q.recipient,
            state: 'REPORT_STATE_SUBMITTED'
          },
          'reports'),
      (r) => [r.name, r.organisation, r.latestRevision, dateText(r.dueDate)]);
}

function loadDeficiencies() {
  const q = query();
  return loadTable(
      'deficiencies',
      () => callAll(
          'Reviews/ListDeficiencies',
          {reportsTo: q.wholeTree ? '' : q.recipient, overdueOnly: true}, 'deficiencies'),
      (d) => [d.name, d.description, dateText(d.dueDate)]);
}

async function loadMinistry() {
  const q = query();
  const inbox = await call('Reviews/GetMinistryInbox', {year: q.year, period: q.period});
  fill(
      'inbox',
      (inbox.packages || [])
          .map(
              (p) =>
                  [p.name, p.supervisor, PACKAGE_WORDS[p.state] || p.state,
                   (p.entries || []).length, p.late ? `${p.daysLate} 日` : '']));
  const ranking = await call('Reviews/RankEvaluations', {year: q.year});
  const number = (x) => (x === undefined ? 0 : x).toFixed(2);
  fill(
      'ranking',
      (ranking.scores || [])
          .map(
              (s) =>
                  [s.rank, (s.displayName && s.displayName.zhTw) || s.organisation, number(s.score),
                   number(s.ratingPart), number(s.timelinessPart), number(s.deficiencyPart),
                   s.explanation]));
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    loadCompleteness();
    loadBacklog();
  }, 300);
}

// Follows the report events of the recipient (Server-Sent Events over fetch, which can carry the
// token), resuming after the last event seen when the connection drops.
async function follow() {
  if (watch) watch.abort();
  const controller = new AbortController();
  watch = controller;
  const q = query();
  let lastId = '';
  while (!controller.signal.aborted) {
    try {
      const message =
          encodeURIComponent(JSON.stringify({recipient: q.recipient, wholeTree: q.wholeTree}));
      const headers = {'Authorization': `Bearer ${token}`};
      if (lastId) headers['Last-Event-ID'] = lastId;
      const response = await fetch(
          `/svcup.v1.ProgressReports/WatchReportEvents?message=${message}`,
          {headers, signal: controller.signal});
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        $('live').textContent = `即時更新無法使用：${body.message || response.status}`;
        return;
      }
      $('live').textContent = '即時更新中';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, {stream: true});
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n')
                           .filter((l) => l.startsWith('data: '))
                           .map((l) => l.slice(6))
                           .join('\n');
          const id = event.split('\n').find((l) => l.startsWith('id: '));
          if (id) lastId = id.slice(4);
          if (!data) continue;
          const report = JSON.parse(data);
          $('live').textContent = `最新：${report.organisation} ${timeText(report.time)} ${
              EVENT_WORDS[report.type] || report.type}`;
          scheduleRefresh();
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

async function show() {
  const claims = claimsOf(token);
  if (!claims) {
    $('signin-error').textContent = '權杖格式不正確。';
    $('signin-error').hidden = false;
    return;
  }
  $('who').textContent = `orgs/${claims.org}（${claims.role}）`;
  const params = new URLSearchParams(location.search);
  $('year').value = params.get('year') || String(new Date().getFullYear());
  $('period').value = params.get('period') || '1';
  $('recipient').value = params.get('recipient') || `orgs/${claims.org}`;
  $('signin').hidden = true;
  $('work').hidden = false;
  $('ministry').hidden = claims.role !== 'ROLE_MINISTRY_OFFICER';
  await refresh();
}

async function refresh() {
  const loads = [loadCompleteness(), loadBacklog(), loadDeficiencies()];
  if (!$('ministry').hidden) loads.push(loadMinistry().catch(() => {}));
  await Promise.all(loads);
  follow();
}

document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('svcup-token', token);
    $('token').value = '';
    show();
  });
  $('period-form').addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  $('signout').addEventListener('click', () => {
    if (watch) watch.abort();
    token = '';
    sessionStorage.removeItem('svcup-token');
    $('work').hidden = true;
    $('signin').hidden = false;
    $('token').focus();
  });
  if (token) show();
});
