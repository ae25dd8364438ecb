// The demo EHR: pick a sandbox patient and a hook, edit the draft order (mg or vials, planned date), call the service,
// read the cards, apply a suggestion (to the draft, or to the embedded FHIR server for orders it creates) and call again,
// or override a card with a reason; both outcomes are sent to the service as CDS Hooks feedback.
// No inline script: the page's Content-Security-Policy forbids it.
const $ = id => document.getElementById(id);
// feedback is stamped on the service's clock (the page says its time when served), which an EHR's clock matches in use
const serviceNow = Date.parse(document.querySelector('meta[name="service-now"]')?.content || '');
const clockOffset = Number.isNaN(serviceNow) ? 0 : serviceNow - Date.now();
const outcomeTime = () => new Date(Date.now() + clockOffset).toISOString();
$('date').value = new Date().toISOString().slice(0, 10);
// The page's words in every language, from the message bundles (keys "demo.*", written on the page by the server): the
// one source of the labels the server renders and of the texts this script writes, so no word is written twice.
const TEXTS = JSON.parse(document.body.dataset.texts || '{}');
/** The text of a key in the language chosen, its {placeholders} filled. */
function t(key, params) {
  const words = TEXTS[$('lang').value] || TEXTS.en || {};
  const text = key in words ? words[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => params && name in params ? String(params[name]) : whole);
}
/** Relabels the page in the language chosen: every element marked with the key of its words. */
function relabel() {
  document.documentElement.lang = $('lang').value;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  showStory();
  showOthers();
  status('');
}
const esc = s => String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
const UCUM = 'http://unitsofmeasure.org';
const DEMO = 'http://inocds.org/fhir/CodeSystem/demo';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
let withdrawn = false;   // the draft order was withdrawn by a "delete" suggestion: nothing left to sign
let otherOrders = [];    // other drugs the selected demo patient's story signs with (or instead of) inotuzumab

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

/** Headers for a call: the bearer token when one is given (a service that requires JWT refuses calls without it). */
function headers(extra) {
  const h = Object.assign({}, extra);
  const token = $('token').value.trim();
  if (token) h.Authorization = 'Bearer ' + token;
  return h;
}

function status(text) {
  $('status').textContent = text;
}

async function loadPatients() {
  const res = await fetch('/fhir/Patient?_count=200', {headers: headers({Accept: 'application/fhir+json'})});
  if (!res.ok) { status(t('fhir-error', {status: res.status}) + (res.status === 401 ? ' — ' + t('token-needed') : '')); return; }
  const bundle = await res.json();
  $('patient').innerHTML = '';
  for (const e of bundle.entry || []) {
    const p = e.resource, n = (p.name || [{}])[0];
    const tags = (p.meta || {}).tag || [];
    const tag = suffix => tags.find(t => t.system === DEMO + suffix);
    const story = tag('');
    const opt = document.createElement('option');
    opt.value = p.id;
    opt.textContent = p.id + ' — ' + (n.text || [n.family, ...(n.given || [])].filter(Boolean).join(' '));
    opt.dataset.story = story && story.display ? story.display : '';
    // the story in other languages: the FHIR translation extensions on the tag's display ({lang: text})
    opt.dataset.stories = JSON.stringify(Object.fromEntries(((story && story._display || {}).extension || [])
      .filter(x => x.url === TRANSLATION).map(x => ['lang', 'content'].map(k => ((x.extension || []).find(s => s.url === k) || {})))
      .filter(([lang, content]) => lang.valueCode && content.valueString).map(([lang, content]) => [lang.valueCode, content.valueString])));
    // the call its story is about: hook, ordered mg, other drugs signed with it, the cards expected
    opt.dataset.hook = (tag('-call') || {}).code || '';
    opt.dataset.mg = (tag('-order-mg') || {}).code || '';
    opt.dataset.expect = (tag('-expect') || {}).display || '';
    opt.dataset.others = JSON.stringify(tags.filter(t => t.system === DEMO + '-other-order').map(t => ({code: t.code, display: t.display})));
    $('patient').appendChild(opt);
  }
  updateTimeline();
}

/** The selected patient's one-line story, as its demo Bundle tells it, and the cards its call should show. */
function showStory() {
  const opt = $('patient').selectedOptions[0];
  // in the page's language where the Bundle translates it, else as its display says
  const stories = opt && opt.dataset.stories ? JSON.parse(opt.dataset.stories) : {};
  $('story').textContent = stories[$('lang').value] || (opt && opt.dataset.story ? opt.dataset.story : '');
  const expected = opt && opt.dataset.expect;
  // the story's expected cards ("HEM-1 (warning), STATUS-1 (info)" or "none"), their indicators in the page's language
  $('expect').textContent = expected ? t('expected', {cards: expected === 'none' ? t('expected.none')
    : expected.replace(/\b(info|warning|critical)\b/g, w => t('indicator.' + w))}) : '';
}

/** The other drugs the selected story signs with inotuzumab. */
function showOthers() {
  $('others').textContent = otherOrders.length ? t('also-signed', {orders: otherOrders.map(o => o.display).join(', ')}) : '';
}

/** Presets the call the selected patient's story is about: its hook, the inotuzumab dose ordered, other drugs signed. */
function presetCall() {
  const opt = $('patient').selectedOptions[0];
  if (!opt) return;
  if (opt.dataset.hook) $('hook').value = opt.dataset.hook;
  $('withInotuzumab').checked = !opt.dataset.hook || opt.dataset.hook === 'patient-view' || !!opt.dataset.mg;
  if (opt.dataset.mg) { $('dose').value = opt.dataset.mg; $('unit').value = 'mg'; }
  otherOrders = JSON.parse(opt.dataset.others || '[]');
  showOthers();
  $('hook').onchange();
}

function updateTimeline() {
  $('timeline').href = '/timeline/' + encodeURIComponent($('patient').value) + '?lang=' + $('lang').value
    + ($('date').value ? '&planned=' + encodeURIComponent($('date').value) : '')
    + ($('date').value && $('unit').value === 'mg' && $('dose').value ? '&mg=' + encodeURIComponent($('dose').value) : '');
  $('summary').href = '/admin/feedback-summary?lang=' + $('lang').value;
  $('smartLaunch').href = smartLaunch(
    $('date').value ? JSON.stringify(Object.assign({plannedDate: $('date').value},
      $('unit').value === 'mg' && $('dose').value ? {doseMg: String(Number($('dose').value))} : {})) : null);
}

/**
 * The demo EHR opens the SMART app as an EHR does: /demo-ehr/launch binds a launch id to the patient (and the order being
 * composed, as a card's appContext) and sends the browser to /smart/launch with iss and launch.
 */
function smartLaunch(appContext) {
  return '/demo-ehr/launch?patient=' + encodeURIComponent($('patient').value) + '&lang=' + $('lang').value
    + (appContext ? '&appContext=' + encodeURIComponent(appContext) : '');
}

/** The dose as the order states it: mg, or vials (UCUM annotation {vial}; the service converts with the vial strength). */
function doseQuantity() {
  const value = Number($('dose').value);
  return $('unit').value === 'vial' ? {value, unit: 'vial', system: UCUM, code: '{vial}'} : {value, unit: 'mg', system: UCUM, code: 'mg'};
}

/** Another drug signed in the same call (RxNorm code, "name mg"), as the EHR would send it. */
function otherDraft(other, i) {
  const [, name, mg] = /^(.*) ([0-9.]+) mg$/.exec(other.display);
  return {resourceType: 'MedicationRequest', id: 'draft-' + (i + 2), status: 'draft', intent: 'order',
    medicationCodeableConcept: {coding: [{system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: other.code, display: name}], text: name},
    subject: {reference: 'Patient/' + $('patient').value}, authoredOn: $('date').value,
    dosageInstruction: [{timing: {event: [$('date').value]}, doseAndRate: [{doseQuantity: {value: Number(mg), unit: 'mg', system: UCUM, code: 'mg'}}]}]};
}

function draftOrder() {
  const patient = $('patient').value;
  return {resourceType: 'MedicationRequest', id: 'draft-1', status: 'draft', intent: 'order',
    medicationCodeableConcept: {coding: [{system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1942950', display: 'inotuzumab ozogamicin'}]},
    subject: {reference: 'Patient/' + patient}, authoredOn: $('date').value,
    dosageInstruction: [{timing: {event: [$('date').value]},
      route: {coding: [{system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route'}]},
      doseAndRate: [{doseQuantity: doseQuantity()}]}]};
}

async function call() {
  const hook = $('hook').value, patient = $('patient').value;
  if (hook !== 'patient-view' && withdrawn) {
    $('cards').innerHTML = '<p class="meta" id="withdrawn" data-i18n="withdrawn">' + esc(t('withdrawn')) + '</p>';
    return;
  }
  const context = {userId: 'Practitioner/demo', patientId: patient};
  if (hook !== 'patient-view') {
    const drafts = ($('withInotuzumab').checked ? [draftOrder()] : []).concat(otherOrders.map(otherDraft));
    context.draftOrders = {resourceType: 'Bundle', type: 'collection', entry: drafts.map(resource => ({resource}))};
    if (hook === 'order-select') context.selections = drafts.map(d => 'MedicationRequest/' + d.id);
  }
  const body = {hook, hookInstance: crypto.randomUUID(), fhirServer: location.origin + '/fhir', context};
  const res = await fetch('/cds-services/inotuzumab-' + hook, {method: 'POST',
    headers: headers({'Content-Type': 'application/json', 'Accept-Language': $('lang').value}), body: JSON.stringify(body)});
  const json = res.status === 401 ? {} : await res.json();
  render(res.status, json, 'inotuzumab-' + hook);
  $('cards').dataset.calls = String(Number($('cards').dataset.calls || 0) + 1);
}

function render(httpStatus, json, serviceId) {
  const box = $('cards');
  if (httpStatus !== 200) {
    box.innerHTML = '<p>' + esc(t('http-error', {status: httpStatus,
      message: httpStatus === 401 ? t('token-needed') : ((json.issue || [{}])[0].diagnostics || '')})) + '</p>';
    return;
  }
  if (!json.cards.length) { box.innerHTML = '<p class="meta" id="no-cards" data-i18n="no-cards">' + esc(t('no-cards')) + '</p>'; return; }
  box.innerHTML = '';
  for (const card of json.cards) {
    const div = document.createElement('div');
    div.className = 'card ' + card.indicator;
    const rules = (card.extension && card.extension['inocds.finding'] || {}).rules || [];
    div.dataset.rules = rules.join(' ');
    div.innerHTML = '<h3>' + esc(card.summary) + '</h3><div class="meta"><span class="indicator" data-i18n="indicator.'
      + esc(card.indicator) + '">' + esc(t('indicator.' + card.indicator)) + '</span> · '
      + esc(card.source.topic ? card.source.topic.display : '') + ' · ' + esc(rules.join(', ')) + ' · <a target="_blank" href="'
      + esc(card.source.url) + '">' + esc(card.source.label) + '</a></div>' + markdown(card.detail || '');
    // a card's SMART link (where the site set inocds.smart.launch-url): launched by the demo EHR with the card's appContext
    for (const link of (card.links || []).filter(l => l.type === 'smart')) {
      const a = document.createElement('a');
      a.className = 'smart-link';
      a.target = '_blank';
      a.href = smartLaunch(link.appContext || null);
      a.textContent = link.label;
      div.appendChild(a);
    }
    for (const s of card.suggestions || []) {
      const b = document.createElement('button');
      b.className = 'suggestion';
      b.textContent = s.label;
      b.onclick = () => apply(serviceId, card, s);
      div.appendChild(b);
    }
    if ((card.overrideReasons || []).length) {
      const pick = document.createElement('select');
      pick.className = 'override-reason';
      pick.dataset.i18nLabel = 'override-reason';
      pick.setAttribute('aria-label', t('override-reason'));
      for (const r of card.overrideReasons) {
        const o = document.createElement('option');
        o.value = r.code;
        o.textContent = r.display;
        pick.appendChild(o);
      }
      const b = document.createElement('button');
      b.className = 'override';
      b.dataset.i18n = 'override';
      b.textContent = t('override');
      b.onclick = () => override(serviceId, card, card.overrideReasons[pick.selectedIndex], div);
      div.append(pick, b);
    }
    box.appendChild(div);
  }
}

/** CDS Hooks feedback for one card; the answer's status is shown, as a failed report must not pass unseen. */
async function feedback(serviceId, entry) {
  const res = await fetch('/cds-services/' + serviceId + '/feedback', {method: 'POST',
    headers: headers({'Content-Type': 'application/json'}), body: JSON.stringify({feedback: [entry]})});
  return res.ok ? t('feedback-recorded') : t('feedback-refused', {status: res.status});
}

async function override(serviceId, card, reason, div) {
  const said = await feedback(serviceId, {card: card.uuid, outcome: 'overridden', outcomeTimestamp: outcomeTime(),
    overrideReason: {reason: {system: reason.system, code: reason.code, display: reason.display}}});
  div.remove();
  status(t('overridden', {reason: reason.display, result: said}));
}

/** Applies a suggestion's actions: the draft order changes here; a new order goes to the embedded FHIR server. */
async function apply(serviceId, card, suggestion) {
  const done = [];
  for (const a of suggestion.actions || []) {
    if (a.type === 'update' && a.resource.resourceType === 'MedicationRequest') {
      const q = a.resource.dosageInstruction[0].doseAndRate[0].doseQuantity;
      $('dose').value = q.value;
      $('unit').value = /vial/.test(q.code || q.unit || '') ? 'vial' : 'mg';
      done.push(t('done.dose', {value: q.value, unit: q.unit}));
    } else if (a.type === 'delete') {
      withdrawn = true;
      done.push(t('done.withdrawn'));
    } else if (a.type === 'create') {
      const res = await fetch('/fhir/' + a.resource.resourceType, {method: 'POST',
        headers: headers({'Content-Type': 'application/fhir+json'}), body: JSON.stringify(a.resource)});
      const order = (a.resource.medicationCodeableConcept || {}).text || a.resource.resourceType;
      done.push(res.ok ? t('done.added', {order}) : t('done.not-added', {status: res.status, order}));
    }
  }
  const said = await feedback(serviceId, {card: card.uuid, outcome: 'accepted', outcomeTimestamp: outcomeTime(),
    acceptedSuggestions: [{id: suggestion.uuid}]});
  status(t('applied', {suggestion: suggestion.label, done: done.join('; '), result: said}));
  await call();
}

// Deep links for demos: /?patient=demo-us-c1d1&hook=order-sign&dose=1.70&unit=mg&lang=en&run=1 (the patient's own call is
// preset first; the link's values override it)
async function start() {
  const q = new URLSearchParams(location.search);
  await loadPatients();
  if (q.get('patient')) $('patient').value = q.get('patient');
  presetCall();
  for (const k of ['hook', 'dose', 'unit', 'lang', 'date']) if (q.get(k)) $(k).value = q.get(k);
  relabel();
  $('hook').onchange();
  updateTimeline();
  showStory();
  if (q.get('run')) await call();
}

const newDraft = () => { withdrawn = false; };
$('patient').onchange = () => { newDraft(); presetCall(); updateTimeline(); showStory(); };
$('lang').onchange = () => { relabel(); updateTimeline(); };
$('date').onchange = () => { newDraft(); updateTimeline(); };
$('dose').oninput = () => { newDraft(); updateTimeline(); };
$('unit').onchange = () => { newDraft(); updateTimeline(); };
$('hook').onchange = () => { $('orderBox').style.display = $('hook').value === 'patient-view' ? 'none' : ''; };
$('call').onclick = call;
$('token').onchange = loadPatients;
start();
