/* WaGrpc's bridge, part 3 of 3 (calls): what the gateway asks of the page, and the start. */

/** The key a message of ours has in `chat`: our id, the chat's addressing, our linked id as participant in groups. */
function messageKeyFor(chat, keyId) {
    const chatId = str(chat.id);
    const participant = chatId.endsWith('@g.us') ? '_' + str(wpp().conn.getMyUserLid()) : '';
    return 'true_' + chatId + '_' + keyId + participant;
}

/** The message with this serialized key, also when it is no longer loaded in memory; null when there is none. */
async function findMessage(serializedKey) {
    try {
        return await wpp().chat.getMessageById(serializedKey);
    } catch (err) {
        if (err && (err.code === 'msg_not_found' || /not found/i.test(String(err.message)))) {
            return null;
        }
        throw err;
    }
}

/** Numbers this page found on WhatsApp: asked once per page, not once per message. */
const knownToExist = new Set();

/** The chat to send to; a number that is not on WhatsApp fails for good. */
async function chatFor(chatId) {
    if (!chatId.endsWith('@g.us') && !knownToExist.has(chatId)) {
        const exists = await wpp().contact.queryExists(chatId);
        if (!exists) {
            throw new Permanent('The number ' + chatId.split('@')[0] + ' is not on WhatsApp');
        }
        knownToExist.add(chatId);
    }
    return wpp().chat.find(chatId);
}

/**
 * Sends unless the key went out already (effectively once); answers {id, already?}. A first
 * attempt (`fresh`) skips the look-up: nothing can exist under a key not tried before.
 */
async function sendOnce(a, send) {
    const chat = await chatFor(a.chatId);
    const messageId = messageKeyFor(chat, a.keyId);
    if (!a.fresh && await findMessage(messageId)) {
        return { id: messageId, already: true };
    }
    if (a.chatId.endsWith('@lid')) {
        rememberLinkedIdSend(a.keyId, a.chatId);
    }
    const result = await send(chat, messageId);
    const outcome = result && result.sendMsgResult;
    const status = outcome && typeof outcome === 'object' ? outcome.messageSendResult : outcome;
    if (typeof status === 'string' && status !== 'OK') {
        throw new Error('WhatsApp Web did not send the message: ' + ((outcome && outcome.error) || status));
    }
    return { id: messageId };
}

/** A quoted message's key in `chat`'s addressing, when that message is there. */
async function quotedKeyIn(chat, quotedMsgId) {
    const parts = String(quotedMsgId).split('_');
    if (parts.length < 3) {
        return undefined;
    }
    const key = [parts[0], str(chat.id), ...parts.slice(2)].join('_');
    for (const candidate of [quotedMsgId, key]) {
        if (await findMessage(candidate).catch(() => null)) {
            return candidate;
        }
    }
    console.warn('[wagrpc] the quoted message ' + quotedMsgId + ' is not in the page: sending without the quote');
    return undefined;
}

function fileTypeOf(mimetype) {
    const mime = String(mimetype || '').toLowerCase();
    if (mime.startsWith('image/')) {
        return { type: 'image' };
    }
    if (mime.startsWith('video/')) {
        return { type: 'video' };
    }
    if (mime.startsWith('audio/')) {
        // WhatsApp's voice notes are Ogg Opus; other audio goes as an audio file.
        return { type: 'audio', isPtt: mime.includes('opus') };
    }
    return { type: 'document' };
}

/** Options every send shares: our message id, no read marks or mention detection, wait for the server's ack. */
function sendOptions(messageId) {
    return { messageId, markIsRead: false, detectMentioned: false, waitForAck: true };
}

/** Fields of a message that a forward carries over (the content, with media by reference as WhatsApp forwards it). */
const FORWARD_FIELDS = ['type', 'body', 'caption', 'mimetype', 'filename', 'size', 'directPath', 'mediaKey', 'mediaKeyTimestamp',
    'filehash', 'encFilehash', 'width', 'height', 'duration', 'lat', 'lng', 'loc', 'vcardFormattedName', 'vcardList',
    'subtype', 'title', 'description', 'canonicalUrl', 'matchedText', 'thumbnail'];

/** A message by the gateway's id (phone ids) in the page, whatever the page's addressing; null when it is not there. */
async function messageByGatewayId(messageId) {
    const direct = await findMessage(messageId).catch(() => null);
    if (direct) {
        return direct;
    }
    const parts = messageId.split('_');
    const chat = await wpp().chat.find(parts[1]).catch(() => null);
    if (chat && str(chat.id) !== parts[1]) {
        const inChat = await findMessage([parts[0], str(chat.id), parts[2]].join('_')).catch(() => null);
        if (inChat) {
            return inChat;
        }
    }
    return modelsOf(wpp().whatsapp.MsgStore).find((m) => m && m.id && messageIdOf(m.id) === messageId) || null;
}

/** The models a WhatsApp Web collection holds. */
function modelsOf(collection) {
    return typeof collection.getModelsArray === 'function' ? collection.getModelsArray() : collection.models || [];
}

/** The body the gateway logs for a message: "lat;lng" for a location, nothing for media (its body is a thumbnail). */
function loggedBody(msg) {
    if (msg.type === 'location') {
        return msg.lat + ';' + msg.lng;
    }
    if (msg.type === 'multi_vcard') {
        return (msg.vcardList || []).map((v) => v.vcard).join('\n');
    }
    return MEDIA_TYPES.has(msg.type) ? '' : msg.body || '';
}

const calls = {
    async wasSent(a) {
        need('sending');
        const chat = await wpp().chat.find(a.chatId);
        return { sent: !!(await findMessage(messageKeyFor(chat, a.keyId))) };
    },

    async sendText(a) {
        need('sending', 'sending text');
        return sendOnce(a, async (chat, messageId) => {
            const options = Object.assign(sendOptions(messageId), { linkPreview: false });
            if (a.quotedMsgId) {
                options.quotedMsg = await quotedKeyIn(chat, a.quotedMsgId);
            }
            if (a.mentioned && a.mentioned.length) {
                options.mentionedList = a.mentioned.map((p) => p + '@c.us');
            }
            return wpp().chat.sendTextMessage(chat.id, a.body, options);
        });
    },

    async sendMedia(a) {
        need('sending', 'sending media');
        return sendOnce(a, (chat, messageId) => wpp().chat.sendFileMessage(chat.id, 'data:' + String(a.mimetype).split(';')[0] + ';base64,' + a.data, Object.assign(sendOptions(messageId), {
            filename: a.filename,
            mimetype: a.mimetype,
            caption: a.caption || undefined,
        }, a.ptt ? { type: 'audio', isPtt: true } : fileTypeOf(a.mimetype))));
    },

    async sendLocation(a) {
        need('sending', 'sending locations');
        return sendOnce(a, (chat, messageId) => wpp().chat.sendLocationMessage(chat.id, Object.assign(sendOptions(messageId), {
            lat: a.lat,
            lng: a.lng,
            address: a.address || undefined,
        })));
    },

    async sendContacts(a) {
        need('sending', 'sending contacts');
        const answer = await sendOnce(a, (chat, messageId) => wpp().chat.sendVCardContactMessage(chat.id, a.contactIds, sendOptions(messageId)));
        // The page made the cards from its contacts: the gateway logs them.
        const sent = await findMessage(answer.id).catch(() => null);
        return sent ? Object.assign(answer, { type: 'vcard', body: loggedBody(sent) }) : answer;
    },

    async sendVCard(a) {
        need('sending', 'sending raw');
        return sendOnce(a, (chat, messageId) => wpp().chat.sendRawMessage(chat.id, {
            type: 'vcard',
            body: a.vcard,
            vcardFormattedName: a.displayName,
        }, sendOptions(messageId)));
    },

    async sendLink(a) {
        need('sending', 'sending text');
        const preview = { canonicalUrl: a.url, matchedText: a.url, doNotPlayInline: true, richPreviewType: 0 };
        for (const [key, value] of [['title', a.title], ['description', a.description], ['thumbnail', a.thumbnail]]) {
            if (value) {
                preview[key] = value;
            }
        }
        return sendOnce(a, (chat, messageId) => wpp().chat.sendTextMessage(chat.id, a.url, Object.assign(sendOptions(messageId), { linkPreview: preview })));
    },

    async forward(a) {
        need('sending', 'sending raw');
        const original = await messageByGatewayId(a.messageId);
        if (!original) {
            throw new Permanent('The message ' + a.messageId + ' is not in this WhatsApp session');
        }
        const raw = {};
        for (const field of FORWARD_FIELDS) {
            const value = original[field];
            if (value !== undefined && value !== null) {
                raw[field] = value;
            }
        }
        raw.isForwarded = true;
        raw.forwardingScore = (Number(original.forwardingScore) || 0) + 1;
        const answer = await sendOnce(a, (chat, messageId) => wpp().chat.sendRawMessage(chat.id, raw, sendOptions(messageId)));
        return Object.assign(answer, { type: raw.type === 'multi_vcard' ? 'vcard' : raw.type || 'chat', body: loggedBody(original) });
    },

    async createGroup(a) {
        need('groups');
        const result = await wpp().group.create(a.name, a.participants);
        const gid = str(result && result.gid);
        if (!gid) {
            throw new Error('WhatsApp Web did not answer a group id');
        }
        const participants = Object.values(result.participants || {}).map((p) => ({ wid: phoneIdOf(p.wid), code: p.code }));
        return { gid, participants };
    },

    async checkPhone(a) {
        need('sending');
        return { exists: !!(await wpp().contact.queryExists(String(a.phone) + '@c.us')) };
    },

    async readChat(a) {
        need('reading');
        const chat = await wpp().chat.find(a.chatId);
        await wpp().chat.markIsRead(chat.id);
        return { ok: true };
    },

    async participant(a) {
        need('group participants');
        const fn = { add: 'addParticipants', remove: 'removeParticipants', promote: 'promoteParticipants', demote: 'demoteParticipants' }[a.change];
        let result;
        try {
            // wa-js wants the group's chat loaded.
            await wpp().chat.find(a.groupId);
            result = await wpp().group[fn](a.groupId, [a.participant]);
        } catch (err) {
            // wa-js checks membership and roles first (WPPError with a code): WhatsApp would refuse too.
            if (err && err.code) {
                throw new Permanent(String(err.message || err.code));
            }
            throw err;
        }
        const outcome = result && typeof result === 'object' ? Object.values(result)[0] : null;
        if (outcome && typeof outcome.code === 'number' && outcome.code >= 400) {
            throw new Permanent('WhatsApp refused to add ' + a.participant + ': ' + (outcome.message || 'code ' + outcome.code));
        }
        return { ok: true };
    },

    async dialogs() {
        need('chats');
        const chats = await wpp().chat.list({ ignoreGroupMetadata: true });
        const out = [];
        for (const chat of chats) {
            const id = phoneIdOf(chat.id);
            if (!/@(c\.us|g\.us|lid)$/.test(id)) {
                continue;
            }
            const isGroup = id.endsWith('@g.us');
            const meta = isGroup ? chat.groupMetadata : null;
            const members = meta && meta.participants ? modelsOf(meta.participants) : [];
            const contact = chat.contact;
            const name = (meta && meta.subject) || chat.name || chat.formattedTitle || (contact && (contact.name || contact.pushname)) || '';
            out.push({ id, name: String(name), isGroup, participants: members.map((p) => phoneIdOf(p.id)) });
        }
        return { chats: out };
    },

    takeover() {
        need('session');
        if (typeof wpp().whatsapp.Socket.takeover !== 'function') {
            throw new Permanent('this WhatsApp Web page has no takeover');
        }
        wpp().whatsapp.Socket.takeover();
        return { ok: true };
    },

    async pairingCode(a) {
        need('pairing code');
        if (wpp().conn.isAuthenticated()) {
            throw new Permanent('the session is already logged in');
        }
        return { code: String(await wpp().conn.genLinkDeviceCodeForPhoneNumber(String(a.phone), true)) };
    },

    logout() {
        need('logout');
        // Resolves once the page announces the logout; the `logout` event reports it.
        wpp().conn.logout().catch((err) => console.warn('[wagrpc] logout failed:', err));
        return { ok: true };
    },
};

/** Runs a call; answers {ok, data} or {ok: false, error, permanent}. */
async function run(name, args) {
    if (!window.__wagrpc.ready) {
        return { ok: false, error: 'the page is not ready yet', permanent: false };
    }
    const fn = calls[name];
    if (!fn) {
        return { ok: false, error: 'unknown call ' + name, permanent: true };
    }
    try {
        return { ok: true, data: await fn(args || {}) };
    } catch (err) {
        return { ok: false, error: String((err && err.message) || err), permanent: err instanceof Permanent };
    }
}

window.__wagrpc = {
    ready: false,
    /** Runs a call and answers with its outcome. */
    call(name, json) {
        return run(name, json ? JSON.parse(json) : {});
    },
    /**
     * Starts calls [{id, name, args}] (JSON) together without waiting for them: each outcome is
     * reported through the binding as {kind: 'result', id, answer}, batched with the events.
     */
    start(json) {
        for (const c of JSON.parse(json)) {
            run(c.name, c.args).then((answer) => emit({ kind: 'result', id: c.id, answer }));
        }
        return true;
    },
};

// ------------------------------------------------------------------ start

waitForReady().then(() => {
    checkUses();
    emit({
        kind: 'ready',
        waJs: String(wpp().version || ''),
        version: String((window.Debug && window.Debug.VERSION) || ''),
        url: location.href,
        missing: [...missing],
        disabled: [...disabled],
    });
    if (disabled.has('session')) {
        fatal('wa-js ' + wpp().version + ' cannot drive this WhatsApp Web page: it lacks ' +
            USES.filter((u) => u.feature === 'session' && missing.has('WPP.' + u.path)).map((u) => 'WPP.' + u.path).join(', '));
        return;
    }
    if (!disabled.has('incoming messages')) {
        watchMessages();
    }
    watchSession();
    window.__wagrpc.ready = true;
}, (err) => fatal(err.message));
