/*
 * WaGrpc's bridge, part 1 of 3 (core): a thin layer over @wppconnect/wa-js (window.WPP), which
 * the engine injects before the bridge and which resolves WhatsApp Web's internal modules for
 * each build. The bridge only calls WPP.*. PageScript joins bridge/core.js, bridge/events.js and
 * bridge/calls.js, in that order, into one function scope (so these are not standalone scripts):
 *   - core: the WPP functions it USES (checked once wa-js is ready: what is missing is named, and
 *     only the features that need it are off), the batched binding to the gateway
 *     (window.__wagrpcEmit), phone-based ids (linked ids `@lid` mapped where the phone is known);
 *   - events: connection state, QR text, logout, new messages and acks, reported in batches;
 *   - calls: what the gateway asks through window.__wagrpc.call(name, jsonArgs) (answered at once) or
 *     window.__wagrpc.start(jsonCalls) (sends, answered through the binding), and the start.
 * The gateway puts `window.__wagrpcConfig = {...};` in front.
 */
if (window.top !== window || window.__wagrpc) {
    return;
}

const config = Object.assign({ readyTimeoutMs: 60000, downloadMedia: true, maxBatch: 500 }, window.__wagrpcConfig || {});
const BINDING = '__wagrpcEmit';

/**
 * Every WPP function (and object behind an event) this bridge uses, with the feature that
 * needs it. Checked once wa-js is ready; what is missing is reported and its features are off.
 */
const USES = [
    { path: 'conn.isAuthenticated', feature: 'session' },
    { path: 'conn.getAuthCode', feature: 'session' },
    { path: 'conn.getMyUserId', feature: 'session' },
    { path: 'whatsapp.Socket', feature: 'session' },
    { path: 'whatsapp.Stream', feature: 'session' },
    { path: 'conn.refreshQR', feature: 'qr refresh' },
    { path: 'conn.logout', feature: 'logout' },
    { path: 'conn.genLinkDeviceCodeForPhoneNumber', feature: 'pairing code' },
    { path: 'whatsapp.MsgStore', feature: 'incoming messages' },
    { path: 'chat.downloadMedia', feature: 'incoming media' },
    { path: 'chat.find', feature: 'sending' },
    { path: 'chat.getMessageById', feature: 'sending' },
    { path: 'contact.queryExists', feature: 'sending' },
    { path: 'chat.sendTextMessage', feature: 'sending text' },
    { path: 'chat.sendFileMessage', feature: 'sending media' },
    { path: 'chat.sendLocationMessage', feature: 'sending locations' },
    { path: 'chat.sendVCardContactMessage', feature: 'sending contacts' },
    { path: 'chat.sendRawMessage', feature: 'sending raw' },
    { path: 'group.create', feature: 'groups' },
    { path: 'chat.list', feature: 'chats' },
    { path: 'chat.markIsRead', feature: 'reading' },
    { path: 'group.addParticipants', feature: 'group participants' },
    { path: 'group.removeParticipants', feature: 'group participants' },
    { path: 'group.promoteParticipants', feature: 'group participants' },
    { path: 'group.demoteParticipants', feature: 'group participants' },
    { path: 'conn.getMyUserLid', feature: 'linked ids' },
    { path: 'whatsapp.ApiContact', feature: 'linked ids' },
    { path: 'whatsapp.WidFactory', feature: 'linked ids' },
];

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);
const wpp = () => window.WPP;
const missing = new Set();
const disabled = new Set();

// ------------------------------------------------------------------ to the gateway, batched

const outbox = [];
let flushing = false;

function emit(event) {
    outbox.push(event);
    if (!flushing) {
        flushing = true;
        setTimeout(flush, 0);
    }
}

async function flush() {
    while (outbox.length) {
        const batch = outbox.splice(0, config.maxBatch);
        try {
            await window[BINDING](JSON.stringify(batch));
        } catch (err) {
            console.error('[wagrpc] could not report to the gateway:', err);
        }
    }
    flushing = false;
}

function fatal(message) {
    console.error('[wagrpc] ' + message);
    emit({ kind: 'fatal', error: message });
}

// ------------------------------------------------------------------ what wa-js offers

function lookup(path) {
    let value = wpp();
    for (const part of path.split('.')) {
        value = value === undefined || value === null ? undefined : value[part];
    }
    return value;
}

function checkUses() {
    for (const use of USES) {
        let value;
        try {
            value = lookup(use.path);
        } catch (err) {
            value = undefined;
        }
        if (value === undefined || value === null) {
            missing.add('WPP.' + use.path);
            disabled.add(use.feature);
        }
    }
}

class Permanent extends Error {}

/** Throws unless every feature named is on. */
function need(...features) {
    for (const feature of features) {
        if (disabled.has(feature)) {
            const names = USES.filter((u) => u.feature === feature && missing.has('WPP.' + u.path)).map((u) => 'WPP.' + u.path);
            throw new Error(feature + ' is off: wa-js ' + wpp().version + ' in this page lacks ' + names.join(', '));
        }
    }
}

/**
 * Resolves once wa-js is fully ready: on its own event (WPP.loader.onFullReady) where this wa-js
 * has one, so the session starts the moment it is; a check every 100 ms stays as the fallback
 * and the timeout.
 */
function waitForReady() {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        let timer = null;
        const done = () => {
            clearInterval(timer);
            resolve();
        };
        const check = () => {
            const w = wpp();
            if (w && w.isFullReady) {
                done();
            } else if (Date.now() - started > config.readyTimeoutMs) {
                clearInterval(timer);
                reject(new Error(!w
                    ? 'wa-js (window.WPP) is not in the page at ' + location.href + ': the bundle was not injected'
                    : 'wa-js ' + w.version + ' did not become ready within ' + config.readyTimeoutMs + ' ms (injected: ' + !!w.isInjected +
                      ', ready: ' + !!w.isReady + ') at ' + location.href + '; this WhatsApp Web build may need a newer wa-js (WaGrpc:Browser:WaJsPath)'));
            }
        };
        timer = setInterval(check, 100);
        const loader = wpp() && wpp().loader;
        if (loader && typeof loader.onFullReady === 'function') {
            loader.onFullReady(check);
        }
        check();
    });
}

// ------------------------------------------------------------------ ids: phone ids where known

const str = (value) => (value === undefined || value === null ? '' : typeof value === 'object' && value._serialized ? value._serialized : String(value));

/** `<lid>@lid` → `<digits>@c.us` when WhatsApp knows the phone number; other ids unchanged. */
function phoneIdOf(wid) {
    const text = str(wid);
    if (!text.endsWith('@lid') || disabled.has('linked ids')) {
        return text.replace(/:\d+@/, '@');
    }
    try {
        const w = wpp().whatsapp.WidFactory.createWid(text.replace(/:\d+@/, '@'));
        const pn = wpp().whatsapp.ApiContact.getPhoneNumber(w);
        return pn ? str(pn) : w.toString();
    } catch (err) {
        return text;
    }
}

// Our sends the gateway addressed to a linked id (the phone was unknown to it): their echo and
// acks keep that chat id, so they match the gateway's rows. Kept across reloads, the newest 2000.
const LINKED_SENDS = 'wagrpc:linkedIdSends';
let linkedSends = null; // read once per document, then kept in memory

function linkedIdSends() {
    if (!linkedSends) {
        try {
            linkedSends = JSON.parse(localStorage.getItem(LINKED_SENDS) || '{}');
        } catch (err) {
            linkedSends = {};
        }
    }
    return linkedSends;
}

function rememberLinkedIdSend(keyId, chatId) {
    const sends = linkedIdSends();
    sends[keyId] = chatId;
    const keys = Object.keys(sends);
    for (const old of keys.slice(0, Math.max(0, keys.length - 2000))) {
        delete sends[old];
    }
    try {
        localStorage.setItem(LINKED_SENDS, JSON.stringify(sends));
    } catch (err) {
        console.warn('[wagrpc] could not remember a send to a linked id:', err);
    }
}

function linkedIdSendOf(keyId) {
    return linkedIdSends()[keyId];
}

/** The chat id the gateway knows a chat by: the phone id, or the linked id it sent our message `keyId` to. */
function chatIdOf(remote, keyId) {
    return (keyId && linkedIdSendOf(keyId)) || phoneIdOf(remote);
}

/** The gateway's message id: `<fromMe>_<chat>_<id>`, plus `_<author>` for others' group messages. */
function messageIdOf(key) {
    if (key.fromMe) {
        return 'true_' + chatIdOf(key.remote, key.id) + '_' + key.id;
    }
    const chatId = phoneIdOf(key.remote);
    return 'false_' + chatId + '_' + key.id + (key.participant ? '_' + phoneIdOf(key.participant) : '');
}

function me() {
    return str(wpp().conn.getMyUserId());
}
