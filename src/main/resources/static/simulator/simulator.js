'use strict';

// Sends the form to POST /api/simulations and shows the answer. Text goes in with textContent only.
function row(table, cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    td.textContent = cell === null || cell === undefined ? '' : String(cell);
    tr.appendChild(td);
  }
  document.querySelector(`#${ table } tbody`).appendChild(tr);
}

function timeline(text) {
  return text.split('\n').map(l => l.trim()).filter(l => l).map(line => {
    const [ day, type, amount ] = line.split(/\s+/);
    return { day: Number(day), type: (type || '').toUpperCase(), amount: amount ? Number(amount) : null };
  });
}

// "relaunch-subject B" lines → { "relaunch-subject": "B" }; the server checks both against the deployed splits
function arms(text) {
  const chosen = {};
  for (const line of text.split('\n').map(l => l.trim()).filter(l => l)) {
    const [ experiment, arm ] = line.split(/\s+/);
    chosen[experiment] = arm || '';
  }
  return Object.keys(chosen).length ? chosen : null;
}

document.getElementById('simulation').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  const status = document.getElementById('status');
  document.querySelectorAll('tbody').forEach(b => b.replaceChildren());
  status.textContent = 'Simulating…';
  const body = {
    journey: form.journey.value,
    persona: { locale: form.locale.value, emailConsent: form.emailConsent.checked,
      smsConsent: form.smsConsent.checked, phone: form.phone.value || null, arms: arms(form.arms.value) },
    timeline: timeline(form.timeline.value),
    horizonDays: Number(form.horizonDays.value)
  };
  const response = await fetch('/api/simulations', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrfToken() }, body: JSON.stringify(body) });
  const result = await response.json();
  if (!response.ok) {
    status.textContent = result.detail || `Simulation refused (${ response.status })`;
    return;
  }
  status.textContent = (result.notes || []).join(' ') || 'Done.';
  for (const m of result.messages) {
    row('messages', [ m.day, m.journey, m.step, m.channel, m.template + (m.withOffer ? ' + offer' : ''),
      m.subject, m.experimentArm ? `${ m.experiment } ${ m.experimentArm }` : '',
      m.status + (m.skipReason ? ` (${ m.skipReason })` : '') ]);
  }
  for (const e of result.experiments || []) {
    row('experiments', [ e.experiment, e.arm ]);
  }
  for (const j of result.journeys) {
    row('journeys', [ j.journey, j.version, j.startedDay, j.endedDay, j.endEvent ]);
  }
});

// the login's CSRF token, which the server put in a cookie that no other site's request carries
function csrfToken() {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}
