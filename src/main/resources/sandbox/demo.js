const $ = id => document.getElementById(id);
$('date').value = new Date().toISOString().slice(0, 10);
const esc = s => String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));

// The markdown the cards use (GitHub-flavoured): paragraphs, **bold**, _italics_, `code`, "- " lists, tables.
// The text is escaped first, so nothing in a card can inject markup.
function markdown(text) {
  const inline = s => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`(.+?)`/g, '<code>$1</code>')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>');
  const out = [];
  for (const block of text.split(/\n\n+/)) {
    const lines = block.split('\n');
    if (lines.every(l => l.startsWith('|'))) {
      const rows = lines.filter(l => !/^\|[-| ]+\|$/.test(l)).map(l => l.slice(1, -1).split(' | ').map(c => c.trim()));
      out.push('<table>' + rows.map(r => '<tr>' + r.map(c => '<td>' + inline(c) + '</td>').join('') + '</tr>').join('') + '</table>');
    } else if (lines.every(l => l.startsWith('- '))) {
      out.push('<ul>' + lines.map(l => '<li>' + inline(l.slice(2)) + '</li>').join('') + '</ul>');
    } else {
      out.push('<p>' + lines.map(inline).join('<br>') + '</p>');
    }
  }
  return out.join('');
}

async function loadPatients() {
  const bundle = await (await fetch('/fhir/Patient?_count=200', {headers: {Accept: 'application/fhir+json'}})).json();
  for (const e of bundle.entry || []) {
    const p = e.resource, n = (p.name || [{}])[0];
    const story = ((p.meta || {}).tag || []).find(t => t.system === 'http://inocds.org/fhir/CodeSystem/demo');
    const opt = document.createElement('option');
    opt.value = p.id;
    opt.textContent = p.id + ' — ' + (n.text || [n.family, ...(n.given || [])].filter(Boolean).join(' '));
    opt.dataset.story = story && story.display ? story.display : '';
    $('patient').appendChild(opt);
  }
  updateTimeline();
}

/** The selected patient's one-line story, as its demo Bundle tells it. */
function showStory() {
  const opt = $('patient').selectedOptions[0];
  $('story').textContent = opt && opt.dataset.story ? opt.dataset.story : '';
}

function updateTimeline() {
  $('timeline').href = '/timeline/' + encodeURIComponent($('patient').value) + '?lang=' + $('lang').value
    + ($('date').value ? '&planned=' + encodeURIComponent($('date').value) : '');
}

function draftOrder() {
  const patient = $('patient').value;
  return {resourceType: 'MedicationRequest', id: 'draft-1', status: 'draft', intent: 'order',
    medicationCodeableConcept: {coding: [{system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1942950', display: 'inotuzumab ozogamicin'}]},
    subject: {reference: 'Patient/' + patient}, authoredOn: $('date').value,
    dosageInstruction: [{timing: {event: [$('date').value]},
      route: {coding: [{system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route'}]},
      doseAndRate: [{doseQuantity: {value: Number($('dose').value), unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg'}}]}]};
}

async function call() {
  const hook = $('hook').value, patient = $('patient').value;
  const context = {userId: 'Practitioner/demo', patientId: patient};
  if (hook !== 'patient-view') {
    context.draftOrders = {resourceType: 'Bundle', type: 'collection', entry: [{resource: draftOrder()}]};
    if (hook === 'order-select') context.selections = ['MedicationRequest/draft-1'];
  }
  const body = {hook, hookInstance: crypto.randomUUID(), fhirServer: location.origin + '/fhir', context};
  const res = await fetch('/cds-services/inotuzumab-' + hook, {method: 'POST',
    headers: {'Content-Type': 'application/json', 'Accept-Language': $('lang').value}, body: JSON.stringify(body)});
  const json = await res.json();
  render(res.status, json);
}

function render(status, json) {
  const box = $('cards');
  if (status !== 200) { box.innerHTML = '<p>HTTP ' + status + ': ' + esc((json.issue || [{}])[0].diagnostics || '') + '</p>'; return; }
  if (!json.cards.length) { box.innerHTML = '<p class="meta">No cards.</p>'; return; }
  box.innerHTML = '';
  for (const card of json.cards) {
    const div = document.createElement('div');
    div.className = 'card ' + card.indicator;
    const rules = (card.extension && card.extension['inocds.finding'] || {}).rules || [];
    div.innerHTML = '<h3>' + esc(card.summary) + '</h3><div class="meta">' + esc(card.indicator) + ' · '
      + esc(card.source.topic ? card.source.topic.display : '') + ' · ' + esc(rules.join(', ')) + ' · <a target="_blank" href="'
      + esc(card.source.url) + '">' + esc(card.source.label) + '</a></div>' + markdown(card.detail || '');
    for (const s of card.suggestions || []) {
      const b = document.createElement('button');
      b.textContent = s.label;
      b.onclick = () => apply(s);
      div.appendChild(b);
    }
    for (const r of card.overrideReasons || []) {
      const b = document.createElement('button');
      b.textContent = '✕ ' + r.display;
      b.onclick = () => div.remove();
      div.appendChild(b);
    }
    box.appendChild(div);
  }
}

function apply(suggestion) {
  for (const a of suggestion.actions || []) {
    if (a.type === 'update' && a.resource.resourceType === 'MedicationRequest') {
      $('dose').value = a.resource.dosageInstruction[0].doseAndRate[0].doseQuantity.value;
    } else if (a.type === 'delete') {
      alert('Draft order withdrawn: ' + a.resourceId);
    } else if (a.type === 'create') {
      alert('Order added: ' + (a.resource.medicationCodeableConcept || {}).text);
    }
  }
  call();
}

// Deep links for demos: /?patient=demo-us-c1d1&hook=order-sign&dose=1.70&lang=en&run=1
async function start() {
  const q = new URLSearchParams(location.search);
  await loadPatients();
  for (const k of ['patient', 'hook', 'dose', 'lang', 'date']) if (q.get(k)) $(k).value = q.get(k);
  $('hook').onchange();
  updateTimeline();
  showStory();
  if (q.get('run')) call();
}

$('patient').onchange = () => { updateTimeline(); showStory(); };
$('lang').onchange = updateTimeline;
$('date').onchange = updateTimeline;
$('hook').onchange = () => { $('orderBox').style.display = $('hook').value === 'patient-view' ? 'none' : ''; };
$('call').onclick = call;
start();
