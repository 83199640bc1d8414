'use strict';

// Draws the KPIs of GET /api/kpis (same origin, the browser's credentials). Each chart is kept in
// window.rekindleCharts so that the page test can compare what is drawn with what the API returns.
window.rekindleCharts = {};

const percent = value => Math.round(value * 1000) / 10;

function chart(id, config) {
  const canvas = document.getElementById(id);
  window.rekindleCharts[id] = new Chart(canvas, config);
}

function stepsChart(kpis) {
  const labels = kpis.byStep.map(s => `${ s.journey } / ${ s.step } (${ s.channel })`);
  chart('chart-steps', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Sent', data: kpis.byStep.map(s => s.figures.sent), yAxisID: 'count' },
        { label: 'Clicked', data: kpis.byStep.map(s => s.figures.clicked), yAxisID: 'count' },
        { label: 'Converted', data: kpis.byStep.map(s => s.figures.converted), yAxisID: 'count' },
        { label: 'Revenue', data: kpis.byStep.map(s => Number(s.figures.revenue)), yAxisID: 'money', type: 'line' }
      ]
    },
    options: { animation: false, scales: { count: { position: 'left', beginAtZero: true },
      money: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } }
  });
}

function inactiveChart(kpis) {
  chart('chart-inactive', {
    type: 'line',
    data: {
      labels: kpis.inactiveRateOverTime.map(r => r.at.substring(0, 10)),
      datasets: [ { label: 'Inactive (%)', data: kpis.inactiveRateOverTime.map(r => percent(r.rate)) } ]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, max: 100 } } }
  });
}

function reactivationChart(kpis) {
  chart('chart-reactivation', {
    type: 'bar',
    data: {
      labels: kpis.reactivationOverTime.map(r => r.month),
      datasets: [ { label: 'Came back (%)', data: kpis.reactivationOverTime.map(r => percent(r.rate)) } ]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, max: 100 } } }
  });
}

function funnelCharts(kpis) {
  const container = document.getElementById('funnels');
  for (const funnel of kpis.funnels) {
    const id = `chart-funnel-${ funnel.journey }-v${ funnel.version }`;
    const section = document.createElement('div');
    section.className = 'funnel';
    section.innerHTML = `<h3></h3><canvas id="${ id }" height="80"></canvas>`;
    section.querySelector('h3').textContent = `${ funnel.journey } (version ${ funnel.version })`;
    container.appendChild(section);
    const labels = [ 'Entered', ...Object.keys(funnel.steps), ...Object.keys(funnel.ends) ];
    const data = [ funnel.entered, ...Object.values(funnel.steps), ...Object.values(funnel.ends) ];
    chart(id, {
      type: 'bar',
      data: { labels, datasets: [ { label: 'Contacts', data } ] },
      options: { animation: false, indexAxis: 'y' }
    });
  }
}

async function load() {
  const response = await fetch('/api/kpis', { credentials: 'same-origin' });
  if (!response.ok) {
    document.getElementById('totals').textContent = `Could not read the KPIs (${ response.status }).`;
    return;
  }
  const kpis = await response.json();
  const t = kpis.totals;
  document.getElementById('totals').textContent = `${ t.sent } messages sent, ${ t.clicked } clicked `
    + `(and ${ t.clickedByRobots } by link scanners, not counted), `
    + `${ t.converted } converted for ${ t.revenue } of revenue; ${ kpis.reactivation.reactivated } of `
    + `${ kpis.reactivation.enteredInactive } inactive contacts came back (${ percent(kpis.reactivation.rate) } %).`;
  document.getElementById('note').textContent = kpis.note;
  stepsChart(kpis);
  inactiveChart(kpis);
  reactivationChart(kpis);
  funnelCharts(kpis);
  document.body.dataset.ready = 'true';
}

load();
