/* WaGrpc's bridge, part 2 of 3 (events): what happens in the session, reported to the gateway. */
// ------------------------------------------------------------------ session state and QR

function reportState() {
    const w = wpp();
    const state = String(w.whatsapp.Socket.state || '');
    emit({ kind: 'state', state, synced: state === 'CONNECTED' && w.whatsapp.Stream.mode === 'MAIN' && w.conn.isAuthenticated() });
}

function reportQr(code) {
    if (code && code.fullCode) {
        emit({ kind: 'qr', ref: code.ref, text: code.fullCode });
    }
}

function watchSession() {
    const w = wpp();
    w.whatsapp.Socket.on('change:state', (_, state) => {
        reportState();
        if (state === 'UNPAIRED_IDLE' && !disabled.has('qr refresh')) {
            // The refs ran out: ask for fresh ones, as a person clicking "reload QR" would.
            w.conn.refreshQR().catch((err) => console.warn('[wagrpc] refreshQR failed:', err));
        } else if (state === 'CONFLICT' && typeof w.whatsapp.Socket.takeover === 'function') {
            // WhatsApp Web was opened elsewhere: this session is the gateway's, take it back.
            w.whatsapp.Socket.takeover();
        }
    });
    w.on('conn.stream_mode_changed', () => reportState());
    w.on('conn.authenticated', () => reportState());
    w.on('conn.auth_code_change', reportQr);
    w.on('conn.logout', () => emit({ kind: 'logout' }));
    reportState();
    w.conn.getAuthCode().then(reportQr, () => undefined);
}

// ------------------------------------------------------------------ messages and acks

async function describe(msg) {
    const key = msg.id;
    const fromMe = !!key.fromMe;
    const chatId = fromMe ? chatIdOf(key.remote, key.id) : phoneIdOf(key.remote);
    const type = msg.type === 'multi_vcard' ? 'vcard' : msg.type || 'chat';
    const isMedia = MEDIA_TYPES.has(type);
    const author = fromMe ? me() : key.remote && str(key.remote).endsWith('@g.us') ? phoneIdOf(msg.author || key.participant) : phoneIdOf(msg.from || key.remote);
    const out = {
        id: messageIdOf(key),
        chatId,
        fromMe,
        type,
        // For media the page's body is the thumbnail (the text is the caption); a location's is "lat;lng".
        body: loggedBody(msg),
        t: Number(msg.t) || Math.floor(Date.now() / 1000),
        author,
        notifyName: msg.notifyName || '',
        caption: isMedia && msg.caption ? msg.caption : undefined,
        mimetype: msg.mimetype,
        filename: msg.filename,
        quotedMsgId: quotedIdOf(msg, chatId),
        quotedMsgBody: msg.quotedMsg && typeof msg.quotedMsg.body === 'string' && !MEDIA_TYPES.has(msg.quotedMsg.type) ? msg.quotedMsg.body : undefined,
        ack: typeof msg.ack === 'number' ? msg.ack : undefined,
    };
    if (isMedia && config.downloadMedia && !fromMe && !disabled.has('incoming media')) {
        try {
            const blob = await wpp().chat.downloadMedia(key.toString());
            out.media = { mimetype: msg.mimetype || blob.type || 'application/octet-stream', filename: msg.filename, data: await blobToBase64(blob) };
        } catch (err) {
            out.mediaError = String((err && err.message) || err);
        }
    }
    return out;
}

/** A reply's quoted message as the gateway's id: `<fromMe>_<chat>_<id>`, plus `_<author>` for others' in groups. */
function quotedIdOf(msg, chatId) {
    if (!msg.quotedStanzaID) {
        return undefined;
    }
    const author = msg.quotedParticipant ? phoneIdOf(msg.quotedParticipant) : '';
    let myLid = '';
    try {
        myLid = str(wpp().conn.getMyUserLid());
    } catch (err) {
        // No linked ids in this page.
    }
    const mine = author !== '' && (author === me() || str(msg.quotedParticipant) === myLid);
    if (mine || (!author && !chatId.endsWith('@g.us'))) {
        return (mine ? 'true_' : 'false_') + chatId + '_' + msg.quotedStanzaID;
    }
    return 'false_' + chatId + '_' + msg.quotedStanzaID + (chatId.endsWith('@g.us') ? '_' + author : '');
}

async function blobToBase64(blob) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
}

function watchMessages() {
    const w = wpp();
    w.on('chat.new_message', (msg) => {
        // A message not decrypted yet is reported again, readable, after its change of type.
        if (!msg || msg.type === 'ciphertext') {
            return;
        }
        describe(msg).then((m) => emit({ kind: 'msg', msg: m }), (err) => console.error('[wagrpc] could not read a message:', err));
    });
    w.on('chat.msg_ack_change', (change) => {
        for (const id of change.ids || []) {
            // Matched by the key id, whatever the addressing of the receipt.
            const chatId = chatIdOf(change.chat, id.id);
            emit({ kind: 'ack', id: 'true_' + chatId + '_' + id.id, chatId, ack: Number(change.ack) });
        }
    });
}
