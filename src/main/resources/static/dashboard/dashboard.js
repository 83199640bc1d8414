'use strict';

// The marketers' dashboard over GET /api/kpis/journeys (and GET /api/kpis for the whole base), same origin, the
// browser's session. Each chart is kept in window.rekindleCharts so that the page test can compare what is drawn with
// what the API returns; body[data-loads] counts the loads finished (a picker change is one more).
window.rekindleCharts = {};

const COLOURS = [ '#d35400', '#2471a3', '#1e8449', '#7d3c98', '#b7950b', '#5d6d7e' ];
const DASH = '—';

const count = value => Number(value).toLocaleString('en-US');
const money = value => Number(value).toLocaleString('en-US',
  { minimumFractionDigits: 2, maximumFractionDigits: Math.abs(Number(value)) < 1 ? 4 : 2 });
// one decimal in percent; null (a rate of nothing) stays null: no point drawn, "—" written
const percent = value => value === null || value === undefined ? null : Math.round(value * 1000) / 10;

function rateText(rate) {
  const value = percent(rate.value);
  return value === null ? DASH : `${ value.toFixed(1) } %`;
}

function rateBase(rate) {
  return `${ count(rate.count) } of ${ count(rate.base) } ${ rate.of }`;
}

function el(tag, attributes, text) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([ name, value ]) => element.setAttribute(name, value));
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function chart(id, config) {
  if (window.rekindleCharts[id]) {
    window.rekindleCharts[id].destroy();
  }
  config.options = Object.assign({ animation: false, maintainAspectRatio: true }, config.options);
  window.rekindleCharts[id] = new Chart(document.getElementById(id), config);
}

// --- the pickers: journey and dates (UTC days, "to" included), kept in the address for a shareable link

function filters() {
  const params = new URLSearchParams(window.location.search);
  return { journey: params.get('journey') || '', from: params.get('from') || '', to: params.get('to') || '' };
}

function apiQuery(f, withJourney) {
  const params = new URLSearchParams();
  if (withJourney && f.journey) {
    params.set('journey', f.journey);
  }
  if (f.from) {
    params.set('from', `${ f.from }T00:00:00Z`);
  }
  if (f.to) {
    const end = new Date(`${ f.to }T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    params.set('to', end.toISOString());
  }
  const query = params.toString();
  return query ? `?${ query }` : '';
}

function showPickers(report, f) {
  const select = document.getElementById('journey');
  select.replaceChildren(el('option', { value: '' }, 'All journeys'));
  report.journeyOptions.forEach(o => select.appendChild(el('option', { value: o.journey }, o.name)));
  select.value = f.journey;
  document.getElementById('from').value = f.from;
  document.getElementById('to').value = f.to;
  const journey = f.journey ? report.journeyOptions.find(o => o.journey === f.journey).name : 'All journeys';
  const period = f.from || f.to ? `${ f.from || 'the start' } to ${ f.to || 'today' }` : 'all time';
  document.getElementById('period').textContent = `${ journey }, ${ period }`;
}

// --- the cards

function metric(list, name, label, text, value, detail) {
  list.appendChild(el('dt', {}, label));
  const dd = el('dd', { 'data-metric': name, 'data-value': value === null ? '' : String(value) }, text);
  if (detail) {
    dd.appendChild(document.createTextNode(' '));
    dd.appendChild(el('small', {}, detail));
  }
  list.appendChild(dd);
  return dd;
}

function rateMetric(list, name, label, rate) {
  return metric(list, name, label, rateText(rate), rate.value === null ? null : percent(rate.value),
    `(${ rateBase(rate) })`);
}

function cards(report) {
  const container = document.getElementById('cards');
  container.replaceChildren();
  for (const j of report.journeys) {
    const card = el('article', { class: 'card', 'data-journey': j.journey });
    card.appendChild(el('h3', {}, j.name));
    const list = el('dl');
    metric(list, 'contactsIn', 'Contacts in', count(j.contactsIn), j.contactsIn, '(journeys started)');
    metric(list, 'sent', 'Messages sent', count(j.sent), j.sent);
    rateMetric(list, 'deliveryRate', 'Delivery rate', j.deliveryRate);
    const opens = rateMetric(list, 'openRate', 'Open rate', j.openRate);
    opens.previousSibling.appendChild(document.createTextNode(' '));
    opens.previousSibling.appendChild(el('span', { class: 'flag', title: report.openNote }, 'inflated'));
    rateMetric(list, 'clickRate', 'Click rate', j.clickRate);
    rateMetric(list, 'conversionRate', 'Conversion rate', j.conversionRate);
    metric(list, 'revenue', 'Revenue', money(j.revenue), Number(j.revenue), `(${ count(j.converted) } conversions)`);
    metric(list, 'cost', 'Cost of messages', money(j.cost), Number(j.cost));
    metric(list, 'reactivated', 'Contacts reactivated', count(j.reactivated), j.reactivated);
    metric(list, 'costPerReactivation', 'Cost per reactivation',
      j.costPerReactivation === null ? DASH : money(j.costPerReactivation),
      j.costPerReactivation === null ? null : Number(j.costPerReactivation));
    card.appendChild(list);
    container.appendChild(card);
  }
  if (report.journeys.length === 0) {
    container.appendChild(el('p', { class: 'note' }, 'No journey is deployed yet.'));
  }
}

// --- trends: time series, so lines; a week without deliveries has no rate, so no point

function trends(report) {
  const weeks = [ ...new Set(report.trend.map(w => w.week)) ].sort();
  const names = Object.fromEntries(report.journeyOptions.map(o => [ o.journey, o.name ]));
  const journeys = [ ...new Set(report.trend.map(w => w.journey)) ];
  const series = value => journeys.map((journey, i) => {
    const byWeek = Object.fromEntries(report.trend.filter(w => w.journey === journey).map(w => [ w.week, w ]));
    return { label: names[journey] || journey, data: weeks.map(week => value(byWeek[week])),
      borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length], spanGaps: false,
      pointRadius: 4 }; // a week between two without deliveries is a lone point: it must show
  });
  const labels = weeks.map(week => `week of ${ week }`);
  chart('chart-trend-rate', { type: 'line',
    data: { labels, datasets: series(w => w ? percent(w.conversionRate.value) : null) },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: '% of delivered' } } } } });
  chart('chart-trend-conversions', { type: 'line',
    data: { labels, datasets: series(w => w ? w.converted : 0) },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 },
      title: { display: true, text: 'conversions' } } } } });
}

// --- steps: categories, so bars; rates side by side on one percent axis

function steps(report) {
  const multiple = new Set(report.steps.map(s => s.journey)).size > 1;
  const names = Object.fromEntries(report.journeyOptions.map(o => [ o.journey, o.name ]));
  const body = document.querySelector('#steps tbody');
  body.replaceChildren();
  for (const s of report.steps) {
    const row = el('tr', { 'data-step': s.step });
    row.appendChild(el('td', {}, names[s.journey] || s.journey));
    row.appendChild(el('td', { class: 'step-name' }, s.name));
    row.appendChild(el('td', {}, s.channel));
    row.appendChild(el('td', {}, count(s.sent)));
    row.appendChild(el('td', {}, count(s.delivered)));
    for (const rate of [ s.clickRate, s.conversionRate ]) {
      const cell = el('td', {}, `${ rateText(rate) } `);
      cell.appendChild(el('small', {}, `(${ rateBase(rate) })`));
      row.appendChild(cell);
    }
    row.appendChild(el('td', {}, money(s.revenue)));
    body.appendChild(row);
  }
  chart('chart-steps', { type: 'bar',
    data: { labels: report.steps.map(s => multiple ? [ s.name, names[s.journey] || s.journey ] : s.name),
      datasets: [
        { label: 'Click rate (% of delivered)', data: report.steps.map(s => percent(s.clickRate.value)),
          backgroundColor: COLOURS[1] },
        { label: 'Conversion rate (% of delivered)', data: report.steps.map(s => percent(s.conversionRate.value)),
          backgroundColor: COLOURS[0] } ] },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: '% of delivered' } } } } });
}

function funnels(report) {
  const container = document.getElementById('funnels');
  Object.keys(window.rekindleCharts).filter(id => id.startsWith('chart-funnel-')).forEach(id => {
    window.rekindleCharts[id].destroy();
    delete window.rekindleCharts[id];
  });
  container.replaceChildren();
  for (const funnel of report.funnels) {
    const id = `chart-funnel-${ funnel.journey }-v${ funnel.version }`;
    const section = el('div', { class: 'funnel' });
    section.appendChild(el('h3', {}, `${ funnel.name } (version ${ funnel.version })`));
    const rows = 1 + funnel.steps.length + funnel.ends.length;
    const box = el('div');
    box.style.height = `${ 40 + rows * 22 }px`; // through the CSSOM: the CSP forbids style attributes
    box.appendChild(el('canvas', { id }));
    section.appendChild(box);
    container.appendChild(section);
    chart(id, { type: 'bar',
      data: { labels: [ 'Entered', ...funnel.steps.map(s => s.name), ...funnel.ends.map(e => `Ended: ${ e.name }`) ],
        datasets: [ { label: 'Contacts', data: [ funnel.entered, ...funnel.steps.map(s => s.contacts),
          ...funnel.ends.map(e => e.contacts) ], backgroundColor: COLOURS[1] } ] },
      options: { indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } } });
  }
  if (report.funnels.length === 0) {
    container.appendChild(el('p', { class: 'note' }, 'Nobody has entered a journey yet.'));
  }
}

// --- sending streams: delivery and bounces per identity (seed 003)

function streams(report) {
  const body = document.querySelector('#streams tbody');
  body.replaceChildren();
  for (const s of report.streams || []) {
    const row = el('tr', { 'data-stream': s.stream });
    row.appendChild(el('td', {}, s.stream));
    row.appendChild(el('td', {}, count(s.sent)));
    row.appendChild(el('td', {}, count(s.delivered)));
    for (const [ rate, text ] of [ [ s.deliveryRate, null ],
      [ s.bounceRate, `${ count(s.bounced) } (${ count(s.bouncedHard) } / ${ count(s.bouncedSoft) })` ] ]) {
      if (text !== null) {
        row.appendChild(el('td', {}, text));
      }
      const cell = el('td', { class: 'rate' }, `${ rateText(rate) } `);
      cell.appendChild(el('small', {}, `(${ rateBase(rate) })`));
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
}

// drawn only when a holdout is on or a journey's variant split has had entrants: no placeholder figures
function experiments(report) {
  const section = document.getElementById('experiments');
  const body = section.querySelector('tbody');
  body.replaceChildren();
  section.hidden = !report.experiments || report.experiments.length === 0;
  for (const x of report.experiments || []) {
    const row = el('tr');
    [ x.journey || 'all journeys',
      `${ x.name } (${ x.experiment }${ x.status === 'STOPPED' ? ', stopped' : x.status === 'OFF' ? ', off' : '' })`,
      x.control ? `${ x.variant } (control)` : x.variant, count(x.contacts), count(x.converted),
      `${ rateText(x.conversionRate) } (${ rateBase(x.conversionRate) })`,
      x.revenuePerContact === null ? '–' : x.revenuePerContact.toFixed(2), x.sentence || '' ]
      .forEach(text => row.appendChild(el('td', {}, text)));
    body.appendChild(row);
  }
}

function wholeBase(kpis) {
  chart('chart-inactive', { type: 'line',
    data: { labels: kpis.inactiveRateOverTime.map(r => r.at.substring(0, 10)),
      datasets: [ { label: 'Inactive (% of contacts)', data: kpis.inactiveRateOverTime.map(r => percent(r.rate)),
        borderColor: COLOURS[0], backgroundColor: COLOURS[0] } ] },
    options: { scales: { y: { beginAtZero: true, max: 100 } } } });
  chart('chart-reactivation', { type: 'line',
    data: { labels: kpis.reactivationOverTime.map(r => r.month),
      datasets: [ { label: 'Came back (% of those who became inactive)',
        data: kpis.reactivationOverTime.map(r => percent(r.rate)), borderColor: COLOURS[2],
        backgroundColor: COLOURS[2] } ] },
    options: { scales: { y: { beginAtZero: true, max: 100 } } } });
}

async function read(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    let detail = '';
    try {
      detail = (await response.json()).detail || '';
    } catch (e) {
      // not a problem document: the status says enough
    }
    throw new Error(`Could not read the KPIs (${ response.status }) ${ detail }`);
  }
  return response.json();
}

async function load() {
  const f = filters();
  const error = document.getElementById('error');
  try {
    const [ report, kpis ] = await Promise.all([ read(`/api/kpis/journeys${ apiQuery(f, true) }`),
      read(`/api/kpis${ apiQuery(f, false) }`) ]);
    error.hidden = true;
    showPickers(report, f);
    document.getElementById('open-note').textContent = report.openNote;
    document.getElementById('definitions').textContent = 'Rates say what they are of. Delivery rate: delivered'
      + ' of sent. Open, click and conversion rates: of delivered messages. A conversion is a purchase within'
      + ` ${ report.attributionWindowDays } days after the last message delivered to the contact (last touch).`
      + ' Reactivated: contacts who purchased, visited or clicked within that window after a message of the'
      + ` journey. Cost: messages sent × ${ money(report.costPerMessage.EMAIL) } per email,`
      + ` ${ money(report.costPerMessage.SMS) } per SMS. ${ DASH }: nothing to divide by.`;
    cards(report);
    trends(report);
    experiments(report);
    steps(report);
    streams(report);
    funnels(report);
    wholeBase(kpis);
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
  document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
}

document.getElementById('filters').addEventListener('submit', event => {
  event.preventDefault();
  const params = new URLSearchParams();
  [ 'journey', 'from', 'to' ].forEach(name => {
    const value = document.getElementById(name).value;
    if (value) {
      params.set(name, value);
    }
  });
  const query = params.toString();
  window.history.replaceState(null, '', query ? `?${ query }` : window.location.pathname);
  load();
});

load();
