// The live events card: GET /events read as it streams (newline-delimited JSON), newest first.
// From the moment the page opens; after a break it resumes after the last cursor it showed.
import { follow } from './api.js';
import { $, clip, el, when } from './dom.js';

const keep = 200;
let lastCursor = null;
let count = 0;

function describe(event) {
  if (event.message) {
    const m = event.message;
    const who = m.fromMe ? `to ${m.chatId}` : `from ${m.senderName ? `${m.senderName} ` : ''}${m.chatId}`;
    const what = m.type && m.type !== 'chat' ? `[${m.type}] ` : '';
    return { kind: m.fromMe ? 'sent' : 'received', text: `${who}: ${what}${clip(m.body)}` };
  }
  if (event.ack) {
    const a = event.ack;
    const number = a.queueNumber ? ` (queue #${a.queueNumber})` : '';
    return { kind: 'ack', text: `${a.status} · ${a.chatId}${number}` };
  }
  if (event.status) {
    return { kind: 'status', text: event.status.accountStatus + (event.status.reason ? ` · ${event.status.reason}` : '') };
  }
  return { kind: 'other', text: JSON.stringify(event) };
}

function show(event, bus) {
  lastCursor = event.cursor ?? lastCursor;
  const { kind, text } = describe(event);
  const list = $('event-list');
  list.querySelector('.placeholder')?.remove();
  list.prepend(el('li', { 'data-kind': kind, 'data-cursor': event.cursor },
    el('time', {}, when(event.time)), el('span', { class: `tag ${kind}` }, kind), el('span', { class: 'text' }, text)));
  while (list.children.length > keep) list.lastElementChild.remove();
  $('events-count').textContent = `${++count} since the page opened`;
  if (kind !== 'status') bus.dispatchEvent(new CustomEvent('activity'));
}

export function startEvents(signal, bus) {
  const path = () => (lastCursor === null ? '/events' : `/events?afterCursor=${lastCursor}`);
  follow(path, event => show(event, bus), signal, state => bus.streamState('events', state), bus.report);
}

export function stopEvents() {
  lastCursor = null;
  count = 0;
  $('events-count').textContent = '';
  $('event-list').replaceChildren(el('li', { class: 'muted placeholder' }, 'Waiting for events…'));
}
