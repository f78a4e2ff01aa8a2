// The session card: the account status (live from /status/watch), the QR code to scan (the PNG
// of /qr_code, fetched with the token as a blob), a pairing code, logout and reboot.
import { blob, call, follow } from './api.js';
import { $, el, onClick, onSubmit, when } from './dom.js';

let shownQr = null; // the status's QR data URI the image shows
let qrUrl = null; // the blob: URL of that image
let qrRequest = 0;

async function showQr(dataUri) {
  if (dataUri === shownQr) return;
  shownQr = dataUri;
  const request = ++qrRequest;
  const png = dataUri ? await blob('/qr_code') : null;
  if (request !== qrRequest) return;
  if (qrUrl) URL.revokeObjectURL(qrUrl);
  qrUrl = png ? URL.createObjectURL(png) : null;
  const image = $('qr');
  if (qrUrl) image.src = qrUrl;
  else image.removeAttribute('src');
  $('qr-box').hidden = !qrUrl;
}

function render(status, bus) {
  const account = status.accountStatus || 'init';
  const pill = $('account-status');
  pill.textContent = account;
  pill.dataset.status = account;
  $('status-text').textContent = account;
  const data = status.statusData;
  $('status-detail').textContent = [data?.title, data?.msg, data?.submsg].filter(Boolean).join(' · ')
    + (status.time ? ` (since ${when(status.time)})` : '');
  $('pairing-form').hidden = account !== 'got qr code';
  if (account !== 'got qr code') $('pairing-code').hidden = true;
  const page = status.page;
  $('page-info').replaceChildren(...(page ? [
    `wa-js ${page.waJsVersion || '?'} · WhatsApp Web ${page.whatsappWebVersion || '?'}`,
    ...(page.disabledFeatures?.length ? [el('br'), `Off: ${page.disabledFeatures.join(', ')}`] : []),
  ] : []));
  showQr(status.qrCode ?? null).catch(bus.report);
  bus.dispatchEvent(new CustomEvent('status', { detail: account }));
}

export function startSession(signal, bus) {
  call('GET', '/status').then(status => render(status, bus), bus.report);
  follow(() => '/status/watch', status => render(status, bus), signal, state => bus.streamState('status', state), bus.report);
}

export function stopSession() {
  shownQr = null;
  qrRequest++;
  if (qrUrl) URL.revokeObjectURL(qrUrl);
  qrUrl = null;
  $('qr').removeAttribute('src');
  $('qr-box').hidden = true;
}

export function wireSession() {
  onSubmit($('pairing-form'), async () => {
    const answer = await call('POST', '/pairingCode', { phone: $('pairing-phone').value.trim() });
    const code = answer.code ?? '';
    $('pairing-code').textContent = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
    $('pairing-code').hidden = false;
  });
  onClick($('reboot'), async () => {
    if (confirm('Restart the browser session? The login is kept.')) await call('POST', '/reboot', {});
  });
  onClick($('logout'), async () => {
    if (confirm('Log this gateway out of WhatsApp? It will need a new QR scan.')) await call('POST', '/logout', {});
  });
}
