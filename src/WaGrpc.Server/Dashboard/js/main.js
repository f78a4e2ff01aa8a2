// The dashboard's start: sign in (a form, or ?token= once, kept in sessionStorage and taken out
// of the address bar), then the cards follow the gateway: two streams (status, events) and, for
// the lists that have none, a refresh every few seconds and after each message or ack.
import { Unauthorized, call, takeTokenFromUrl, token } from './api.js';
import { $, onSubmit, setReporter, showError, showNotice } from './dom.js';
import { startEvents, stopEvents } from './events.js';
import { refreshQueue, wireQueue } from './queue.js';
import { refreshSandbox, startSandbox, stopSandbox, wireSandbox } from './sandbox.js';
import { startSession, stopSession, wireSession } from './session.js';
import { refreshWebhooks, wireWebhooks } from './webhooks.js';

const refreshEvery = 5000;
const bus = new EventTarget();
const streams = new Map();
let running = null; // { abort: AbortController, timer }

bus.report = error => {
  if (!(error instanceof Unauthorized)) showError(error);
  // A call still under way when the person signed out is refused too: that says nothing new.
  else if (running) signOut('The gateway refused the token: sign in again.');
};
bus.notice = showNotice;
bus.streamState = (name, state) => {
  streams.set(name, state);
  const states = [...streams.values()];
  const indicator = $('stream-state');
  indicator.textContent = states.every(s => s === 'live') ? '● live' : `○ ${states.find(s => s !== 'live')}…`;
  indicator.dataset.state = states.every(s => s === 'live') ? 'live' : 'waiting';
};
setReporter(bus.report);

function refreshLists() {
  return Promise.all([refreshQueue(), refreshWebhooks(), refreshSandbox()]).catch(bus.report);
}

let pending = 0;
bus.addEventListener('activity', () => {
  clearTimeout(pending);
  pending = setTimeout(refreshLists, 300);
});

function showLogin(message) {
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  $('login-error').hidden = !message;
  $('login-error').textContent = message ?? '';
  const pill = $('account-status');
  pill.textContent = 'signed out';
  pill.dataset.status = '';
  $('stream-state').textContent = '';
  $('login-token').focus();
}

async function signIn() {
  try {
    await call('GET', '/status');
  } catch (error) {
    if (error instanceof Unauthorized) {
      token.clear();
      showLogin('Wrong token.');
      return;
    }
    showError(error);
  }

  $('login').hidden = true;
  $('login-error').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  const abort = new AbortController();
  running = { abort, timer: setInterval(() => document.visibilityState === 'visible' && refreshLists(), refreshEvery) };
  streams.clear();
  startSession(abort.signal, bus);
  startEvents(abort.signal, bus);
  startSandbox().catch(bus.report);
  refreshLists();
}

function signOut(message) {
  if (running) {
    running.abort.abort();
    clearInterval(running.timer);
    running = null;
  }
  stopSession();
  stopEvents();
  stopSandbox();
  token.clear();
  showLogin(message);
}

wireSession();
wireQueue(bus);
wireWebhooks(bus);
wireSandbox(bus);
onSubmit($('login-form'), async () => {
  token.set($('login-token').value.trim());
  $('login-token').value = '';
  await signIn();
});
$('sign-out').addEventListener('click', () => signOut());

takeTokenFromUrl();
if (token.get()) signIn();
else showLogin();
