// The sandbox phone: a person plays the other side of the gateway's WhatsApp account here.
// It links the WhatsApp Web stand-in by "scanning" its QR code, logs devices out, takes the
// network down, shows what the account sent to each contact and answers as that contact.
// Everything goes through the public phone API (/sandbox/api/*) with the page's ?token=.
(() => {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') ?? '';
  // The phone of an instance lives under its prefix (/instance<id>/sandbox/phone/), as its API does.
  const base = location.pathname.replace(/\/sandbox\/phone\/.*$/, '');
  const $ = id => document.getElementById(id);
  const chats = new Map(); // chatId -> [{ in: bool, body, time, ack }]
  let current = null;
  let state = null;
  const received = []; // what contacts sent through this page
  const groups = new Map(); // group chatId -> participant wids

  async function api(method, path, body) {
    const response = await fetch(`${base}/sandbox/api/${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
    return json;
  }

  function showError(error) {
    $('error').hidden = !error;
    $('error').textContent = error ? String(error.message ?? error) : '';
  }

  async function refresh() {
    try {
      state = await api('GET', 'state');
      $('phone').textContent = `+${state.phone}`;
      $('status').textContent = `${state.linked ? 'linked' : 'not linked'} · ${state.networkOnline ? 'online' : 'offline'}`
        + (state.qr ? ' · a QR code is waiting' : '');
      $('scan').disabled = state.linked || !state.qr;
      $('unlink').disabled = !state.linked;
      $('network').textContent = state.networkOnline ? 'Go offline' : 'Go online';
      const sent = await api('GET', 'messages');
      chats.clear();
      for (const m of sent.messages) addToChat(m.chatId, { in: false, body: m.body || m.caption || m.filename || `[${m.type}]`, time: m.time, ack: m.ack });
      for (const m of received) addToChat(m.chatId, m);
      groups.clear();
      for (const g of (await api('GET', 'groups')).groups) {
        groups.set(g.id, g.participants);
        if (!chats.has(g.id)) chats.set(g.id, []);
      }
      for (const list of chats.values()) list.sort((a, b) => a.time - b.time);
      render();
      showError(null);
    } catch (error) {
      showError(error);
    }
  }

  function addToChat(chatId, entry) {
    if (!chats.has(chatId)) chats.set(chatId, []);
    chats.get(chatId).push(entry);
  }

  function render() {
    const list = $('chat-list');
    list.replaceChildren(...[...chats.keys()].map(chatId => {
      const li = document.createElement('li');
      li.textContent = chatId;
      li.dataset.chatId = chatId;
      li.className = chatId === current ? 'active' : '';
      li.onclick = () => { current = chatId; render(); };
      return li;
    }));
    $('reply').hidden = !current;
    if (!current) return;
    $('messages').replaceChildren(...(chats.get(current) ?? []).map(m => {
      const div = document.createElement('div');
      div.className = `bubble ${m.in ? 'in' : 'out'}`;
      div.textContent = m.body;
      const meta = document.createElement('small');
      meta.textContent = `${new Date(m.time * 1000).toLocaleTimeString()}${m.ack ? ' · ' + m.ack : ''}`;
      div.append(meta);
      return div;
    }));
  }

  $('scan').onclick = async () => {
    try {
      await api('POST', 'link', { qr: state.qr });
    } catch (error) {
      showError(error);
    }
    refresh();
  };
  // "Link with phone number instead": type the code the gateway got from POST /pairingCode.
  $('link-code').onsubmit = async (event) => {
    event.preventDefault();
    const code = $('link-code-input').value.trim();
    if (!code) {
      return;
    }
    try {
      await api('POST', 'link', { code });
      $('link-code-input').value = '';
    } catch (err) {
      showError(err);
    }
    refresh();
  };
  $('unlink').onclick = async () => { await api('POST', 'unlink', {}).catch(showError); refresh(); };
  $('network').onclick = async () => { await api('POST', 'network', { online: !state.networkOnline }).catch(showError); refresh(); };
  $('new-chat').onsubmit = event => {
    event.preventDefault();
    const phone = $('new-chat-phone').value.trim();
    if (!phone) return;
    current = `${phone}@c.us`;
    if (!chats.has(current)) chats.set(current, []);
    render();
  };
  $('reply').onsubmit = async event => {
    event.preventDefault();
    const body = $('reply-body').value;
    if (!body || !current) return;
    try {
      // The contact answers: it sends from its own number into its chat with the account; in a
      // group the first participant other than the account answers.
      const chatId = current.endsWith('@g.us') ? current : undefined;
      const sender = chatId
        ? (groups.get(chatId) ?? []).find(wid => wid !== `${state.phone}@c.us`)
        : current;
      if (!sender) throw new Error('This group has no other participant to answer as.');
      const from = sender.split('@')[0];
      await api('POST', 'messages', { from, chatId, body, senderName: `Contact ${from}` });
      received.push({ chatId: current, in: true, body, time: Math.floor(Date.now() / 1000) });
      $('reply-body').value = '';
    } catch (error) {
      showError(error);
    }
    refresh();
  };

  refresh();
  setInterval(refresh, 1500);
})();
