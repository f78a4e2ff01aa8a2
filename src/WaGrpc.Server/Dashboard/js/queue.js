// The outbound queue card: GET /showMessagesQueue (what has not gone out yet) and its clearing.
import { call } from './api.js';
import { $, clip, el, fill, onClick, when } from './dom.js';

function metadata(item) {
  try {
    return JSON.parse(item.metadata || '{}');
  } catch {
    return {};
  }
}

function row(item) {
  const meta = metadata(item);
  const state = meta.state ?? 'pending';
  const tries = meta.attempts ? ` · ${meta.attempts} attempt${meta.attempts === 1 ? '' : 's'}` : '';
  const last = item.last_try ? ` · last ${when(item.last_try)}` : '';
  return el('li', { 'data-queue-number': item.id },
    el('span', { class: `tag ${state}` }, state),
    el('span', { class: 'text' }, `#${item.id} ${item.type} to ${item.chatId || '(new group)'}: ${clip(item.body, 80)}`),
    el('small', { class: 'muted' }, `${tries}${last}`),
    meta.error ? el('small', { class: 'bad' }, meta.error) : null);
}

export async function refreshQueue() {
  const queue = await call('GET', '/showMessagesQueue');
  $('queue-total').textContent = `${queue.totalMessages} waiting`;
  $('queue').dataset.total = queue.totalMessages;
  fill($('queue-list'), queue.first100.map(row), 'Nothing waits: every message went out.');
}

export function wireQueue(bus) {
  onClick($('queue-refresh'), refreshQueue);
  onClick($('queue-clear'), async () => {
    if (!confirm('Remove every message that has not been sent yet?')) return;
    const answer = await call('POST', '/clearMessagesQueue', {});
    bus.notice(answer.message);
    await refreshQueue();
  });
}
