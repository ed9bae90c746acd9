// The control page: polls /api/status, draws it, and sends the operator's actions as POSTs.
// Everything shown goes through textContent (never innerHTML): file ids, signatures and errors come from the data.
'use strict';

const POLL_MILLIS = 2000;
let lastStatus = null;
let lastPreview = null;

function el(id) {
  return document.getElementById(id);
}

function cell(row, value) {
  const td = document.createElement('td');
  td.textContent = value === null || value === undefined ? '–' : String(value);
  row.appendChild(td);
  return td;
}

function fillRows(tbody, rows, toCells) {
  tbody.replaceChildren();
  rows.forEach(item => {
    const tr = document.createElement('tr');
    toCells(item).forEach(value => cell(tr, value));
    tbody.appendChild(tr);
  });
}

function fillCounts(table, counts) {
  fillRows(table.tBodies[0], Object.entries(counts), ([key, count]) => [key, count]);
}

function headers() {
  const token = el('token').value;
  return token ? {'X-Sluice-Token': token} : {};
}

async function getJson(path) {
  const response = await fetch(path, {cache: 'no-store'});
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

async function post(path) {
  const response = await fetch(path, {method: 'POST', headers: headers()});
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

function drawStatus(status) {
  lastStatus = status;
  el('application').textContent = status.applicationId + ' · ' + status.self;
  el('token-field').hidden = !status.tokenRequired;

  const tbody = el('instances').tBodies[0];
  tbody.replaceChildren();
  status.instances.forEach(instance => {
    const tr = document.createElement('tr');
    tr.dataset.host = instance.host;
    cell(tr, instance.host);
    cell(tr, instance.state).className = 'state state-' + instance.state;
    cell(tr, instance.events).className = 'events';
    cell(tr, instance.analysed);
    cell(tr, instance.skipped);
    cell(tr, instance.deadLetters);
    cell(tr, instance.openBatches);
    tbody.appendChild(tr);
  });
  const paused = status.instances.filter(instance => instance.state === 'paused').map(instance => instance.host);
  el('banner').hidden = paused.length === 0;
  el('banner').textContent = paused.length === 0 ? '' : 'Paused: ' + paused.join(', ')
      + ' — nothing is processed or committed there; the backlog grows.';

  const partitions = el('partitions').tBodies[0];
  partitions.replaceChildren();
  status.partitions.forEach(partition => {
    const tr = document.createElement('tr');
    tr.dataset.partition = partition.topic + '-' + partition.partition;
    [partition.topic, partition.partition, partition.committed, partition.end, partition.lag]
        .forEach(value => cell(tr, value));
    partitions.appendChild(tr);
  });
  el('backlog').textContent = String(status.backlog);

  drawChart(el('chart'), status.filesPerMinute);
  fillCounts(el('batch-sizes'), status.batchSizes);
  fillCounts(el('close-reasons'), status.closeReasons);
  fillCounts(el('dead-letters'), status.deadLettersByReason);
  fillRows(el('recent').tBodies[0], status.recentBatches, batch => [batch.closedAt, batch.signature,
    batch.partition, batch.files, batch.failed, batch.closeReason, batch.analysisMillis]);
  drawRun(status.run);
  markStale();
}

// A bar per minute, the current (partial) minute last; own code, so the page needs no chart library.
function drawChart(canvas, series) {
  const context = canvas.getContext('2d');
  const width = canvas.width;
  const height = canvas.height;
  const bottom = height - 18;
  context.clearRect(0, 0, width, height);
  const max = Math.max(1, ...series.map(point => point.files));
  const step = width / series.length;
  context.font = '11px system-ui, sans-serif';
  series.forEach((point, index) => {
    const bar = Math.round((bottom - 14) * point.files / max);
    context.fillStyle = index === series.length - 1 ? '#8fb3e8' : '#3b6fc4';
    context.fillRect(index * step + 3, bottom - bar, step - 6, bar);
    context.fillStyle = '#1d2430';
    if (point.files > 0) {
      context.fillText(String(point.files), index * step + 4, bottom - bar - 3);
    }
    if (index % 3 === 0 || index === series.length - 1) {
      context.fillStyle = '#5b6573';
      context.fillText(point.minute.substring(11, 16), index * step + 2, height - 4);
    }
  });
}

function drawPreview(preview) {
  lastPreview = preview;
  ['strict', 'mixed'].forEach(grouping => {
    const plan = preview[grouping];
    const rows = plan.signatures.map(row => [row.signature, row.events, row.files, row.batches,
      row.averageBatchFiles.toFixed(1)]);
    rows.push(['total', plan.events, plan.files, plan.batches,
      plan.batches === 0 ? '0.0' : (plan.files / plan.batches).toFixed(1)]);
    fillRows(el('preview-' + grouping).tBodies[0], rows, row => row);
    el(grouping + '-speedup').textContent = plan.expectedSpeedup.toFixed(1) + 'x'
        + (preview.grouping === grouping ? ' (the current setting)' : '') + ': ' + plan.batchedSeconds.toFixed(2)
        + ' s batched, ' + plan.oneByOneSeconds.toFixed(2) + ' s one by one';
  });
  const costs = preview.costs;
  const rows = costs.analysis.map(row => ['analysis ' + row.signature, row.millisPerFile.toFixed(3) + ' ms/file + '
      + row.millisPerMegabyte.toFixed(3) + ' ms/MB', row.source]);
  rows.push(['stream work', costs.perEvent.millis.toFixed(3) + ' ms/event + ' + costs.perBatch.millis.toFixed(2)
      + ' ms/batch', costs.perEvent.source]);
  rows.push(['exactly-once commit', costs.commit.millis.toFixed(2) + ' ms', costs.commit.source]);
  rows.push(['end of a run', costs.runOverhead.millis.toFixed(1) + ' ms', costs.runOverhead.source]);
  rows.push(['last batches\' linger', costs.linger.millis.toFixed(1) + ' ms', costs.linger.source]);
  fillRows(el('preview-costs').tBodies[0], rows, row => row);
  el('preview-summary').textContent = preview.events + ' events waiting (' + preview.undeserialisable
      + ' undeserialisable); at most ' + preview.maxBatchFiles + ' files per batch, ' + preview.analysisThreads
      + ' analysis threads; previewed at ' + preview.madeAt + '.';
  markStale();
}

// A preview describes the offsets it read; once the group's committed or end offsets differ, it no longer does.
function markStale() {
  if (!lastPreview || !lastStatus) {
    return;
  }
  const now = new Map(lastStatus.partitions.map(p => [p.topic + '-' + p.partition, p]));
  const stale = lastPreview.ranges.some(range => {
    const current = now.get(range.topic + '-' + range.partition);
    return !current || current.from !== range.from || current.end !== range.end;
  });
  el('preview-state').textContent = stale ? 'stale: the backlog changed since this preview' : 'up to date';
  el('preview-state').className = stale ? 'stale' : 'note';
}

function drawRun(run) {
  const result = el('run-result');
  if (!run) {
    result.textContent = '';
    return;
  }
  // A run never goes back from drained: the answer to the click that started it can arrive after a refresh that
  // already saw it drained (a small backlog drains within the round trip).
  if (!run.drained && result.dataset.drained === 'true' && result.dataset.startedAt === run.startedAt) {
    return;
  }
  result.textContent = run.drained
    ? 'Run drained ' + run.events + ' events in ' + run.seconds.toFixed(2) + ' s: speed-up reached '
        + run.reachedSpeedup.toFixed(1) + 'x, expected ' + run.expectedSpeedup.toFixed(1) + 'x (' + run.grouping
        + '; expected ' + run.expectedSeconds.toFixed(2) + ' s)'
    : 'Running since ' + run.startedAt + ': ' + run.events + ' events, expected speed-up '
        + run.expectedSpeedup.toFixed(1) + 'x';
  result.dataset.drained = String(run.drained);
  result.dataset.startedAt = run.startedAt;
}

async function refresh() {
  try {
    drawStatus(await getJson('/api/status'));
  } catch (error) {
    el('action-result').textContent = 'status: ' + error.message;
  }
}

function action(button, path, after) {
  el(button).addEventListener('click', async () => {
    el('action-result').textContent = '…';
    try {
      const body = await post(path);
      el('action-result').textContent = 'done';
      if (after) {
        after(body);
      }
    } catch (error) {
      el('action-result').textContent = 'refused: ' + error.message;
    }
    refresh();
  });
}

async function lookUpFile(event) {
  event.preventDefault();
  const result = el('file-result');
  result.replaceChildren();
  el('file-dead-letters').tBodies[0].replaceChildren();
  const id = el('file-id').value.trim();
  if (!id) {
    return;
  }
  // Answered by the instance that owns the file: /files/{id} forwards there.
  const response = await fetch('/files/' + encodeURIComponent(id), {cache: 'no-store'});
  const body = await response.json();
  Object.entries(body).forEach(([key, value]) => {
    const term = document.createElement('dt');
    term.textContent = key;
    const description = document.createElement('dd');
    description.textContent = String(value);
    result.append(term, description);
  });
  const letters = await getJson('/api/dead-letters?file=' + encodeURIComponent(id));
  fillRows(el('file-dead-letters').tBodies[0], letters.latest, letter => ['dead letter ' + letter.position,
    letter.reason, letter.message, letter.failedAt]);
}

function checkbox(row, dataset) {
  const td = document.createElement('td');
  const box = document.createElement('input');
  box.type = 'checkbox';
  Object.assign(box.dataset, dataset);
  td.appendChild(box);
  row.appendChild(td);
  return box;
}

async function loadDeadLetters() {
  const letters = await getJson('/api/dead-letters');
  el('dead-letter-total').textContent = letters.total + ' in the topic';
  const reasons = el('dead-letter-reasons').tBodies[0];
  reasons.replaceChildren();
  Object.entries(letters.reasons).forEach(([reason, counts]) => {
    const tr = document.createElement('tr');
    checkbox(tr, {reason: reason}).disabled = counts.replayable === 0;
    [reason, counts.count, counts.replayable].forEach(value => cell(tr, value));
    reasons.appendChild(tr);
  });
  const list = el('dead-letter-list').tBodies[0];
  list.replaceChildren();
  letters.latest.forEach(letter => {
    const tr = document.createElement('tr');
    checkbox(tr, {file: letter.id}).disabled = !letter.replayable;
    [letter.position, letter.id, letter.reason, letter.message, letter.failedAt,
      letter.replay ? 'is a replay' : letter.failedAgain ? 'replayed, failed again' : ''].forEach(value => cell(tr, value));
    list.appendChild(tr);
  });
}

async function replayChosen() {
  const query = new URLSearchParams();
  document.querySelectorAll('#dead-letter-reasons input:checked').forEach(box => query.append('reason', box.dataset.reason));
  document.querySelectorAll('#dead-letter-list input:checked').forEach(box => query.append('file', box.dataset.file));
  if ([...query.keys()].length === 0) {
    el('replay-result').textContent = 'choose reasons or files first';
    return;
  }
  try {
    const body = await post('/api/dead-letters/replay?' + query.toString());
    el('replay-result').textContent = body.replayed + ' replayed';
  } catch (error) {
    el('replay-result').textContent = 'refused: ' + error.message;
  }
  loadDeadLetters();
}

function start() {
  action('pause-self', '/api/pause');
  action('pause-all', '/api/pause?scope=all');
  action('resume-self', '/api/resume');
  action('resume-all', '/api/resume?scope=all');
  action('run', '/api/run', body => drawRun(body.run));
  el('preview').addEventListener('click', async () => {
    el('preview-state').textContent = 'reading the backlog…';
    try {
      drawPreview(await getJson('/api/preview'));
    } catch (error) {
      el('preview-state').textContent = 'preview failed: ' + error.message;
    }
  });
  el('file-form').addEventListener('submit', lookUpFile);
  el('dead-letters-load').addEventListener('click', loadDeadLetters);
  el('replay').addEventListener('click', replayChosen);
  refresh();
  setInterval(refresh, POLL_MILLIS);
}

document.addEventListener('DOMContentLoaded', start);
