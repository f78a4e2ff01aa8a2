// The sandbox phone card, shown only when the gateway runs in sandbox mode (its phone API
// answers): the simulated phone scans the QR code the session shows, and contacts write in.
import { call, exists } from './api.js';
import { $, onClick, onSubmit } from './dom.js';

let available = false;

export async function refreshSandbox() {
  if (!available) return;
  const state = await call('GET', '/sandbox/api/state');
  $('sandbox-state').textContent = `+${state.phone} · ${state.linked ? 'linked' : 'not linked'} · network ${state.networkOnline ? 'online' : 'offline'}`
    + (state.qr ? ' · a QR code is shown' : '');
  $('sandbox').dataset.linked = state.linked;
  $('sandbox-scan').disabled = state.linked || !state.qr;
}

export async function startSandbox() {
  available = await exists('/sandbox/api/state');
  $('sandbox').hidden = !available;
  $('sandbox').dataset.available = available;
  if (!available) return;
  await refreshSandbox();
}

export function stopSandbox() {
  available = false;
  $('sandbox').hidden = true;
}

export function wireSandbox(bus) {
  bus.addEventListener('status', () => refreshSandbox().catch(bus.report));
  // The phone "scans" what the page shows now: the QR text the phone API reads off the page.
  onClick($('sandbox-scan'), async () => {
    const { qr } = await call('GET', '/sandbox/api/state');
    if (!qr) throw new Error('No QR code is shown now');
    await call('POST', '/sandbox/api/link', { qr });
    await refreshSandbox();
  });
  onSubmit($('sandbox-message'), async () => {
    const body = $('sandbox-body');
    const from = $('sandbox-from').value.trim();
    await call('POST', '/sandbox/api/messages', { from, body: body.value });
    body.value = '';
    bus.notice(`+${from} sent it; it shows under Live events once the session has it.`);
  });
}
