// The webhook card: GET /webhookStatus (URL, backlog, recent POSTs) and GET /webhookDeadLetters
// with their replay (POST /webhookDeadLetters/replay).
import { call } from './api.js';
import { $, el, fill, onClick, when } from './dom.js';

function attempt(a) {
  const answer = a.httpStatus ? `HTTP ${a.httpStatus}` : (a.error || 'no answer');
  return el('li', {},
    el('time', {}, when(a.time)),
    el('span', { class: `tag ${a.outcome}` }, a.outcome),
    el('span', { class: 'text' }, `${a.eventId} · ${a.kind} ×${a.eventCount} · try ${a.attempt} · ${answer} · ${a.durationMs} ms`));
}

function deadLetter(letter, refresh) {
  const replay = el('button', { type: 'button', class: 'secondary small' }, 'Replay');
  onClick(replay, async () => {
    await call('POST', '/webhookDeadLetters/replay', { ids: [letter.id] });
    await refresh();
  });
  const count = (letter.messages?.length ?? 0) + (letter.ack?.length ?? 0);
  const reason = letter.lastError || (letter.lastHttpStatus ? `HTTP ${letter.lastHttpStatus}` : 'no answer');
  return el('li', { 'data-dead-letter': letter.id },
    el('time', {}, when(letter.deadTime)),
    el('span', { class: 'text' }, `${letter.eventId} · ${letter.kind} ×${count} · ${letter.attempts} tries · ${reason}`),
    replay);
}

export async function refreshWebhooks() {
  const status = await call('GET', '/webhookStatus?limit=10');
  const summary = status.set
    ? [el('span', { class: 'tag delivered' }, 'on'), ` ${status.webhookUrl}`, el('br'),
      `${status.backlog} waiting`, status.oldestWaitingTime ? ` (oldest ${when(status.oldestWaitingTime)})` : '',
      ` · ${status.deadLetters} dead letters · acks ${status.ackNotificationsOn ? 'on' : 'off'}`]
    : [el('span', { class: 'tag' }, 'off'), ' No webhook URL is set (POST /webhook).',
      status.backlog ? ` ${status.backlog} events wait for one.` : ''];
  $('webhook-summary').replaceChildren(...summary);
  fill($('webhook-attempts'), status.recentAttempts.map(attempt), 'No POSTs yet.');

  const dead = await call('GET', '/webhookDeadLetters?limit=20');
  $('dead-total').textContent = `${dead.total}`;
  $('dead-replay-all').hidden = !Number(dead.total);
  fill($('dead-list'), dead.deadLetters.map(letter => deadLetter(letter, refreshWebhooks)), 'None: nothing was given up on.');
}

export function wireWebhooks(bus) {
  onClick($('dead-replay-all'), async () => {
    const answer = await call('POST', '/webhookDeadLetters/replay', { all: true });
    bus.notice(`Replayed ${answer.replayed} dead letters (${answer.events} events)`);
    await refreshWebhooks();
  });
}
