/*
 * WaGrpc's page script. The gateway installs it into WhatsApp Web (or the sandbox stand-in) with
 * Playwright's AddInitScriptAsync, so it runs at the start of every document, also after the
 * navigation that follows a logout. It waits for the page to be ready (window.Debug.VERSION),
 * resolves every module it uses from ADAPTER below (and fails loudly, by name, when one is
 * missing), then:
 *   - reports to the gateway through one exposed binding (window.__wagrpcEmit), in batches:
 *     connection state, QR text, new messages (after ciphertext became readable, with media
 *     downloaded) and acks;
 *   - answers the gateway's calls through window.__wagrpc.call(name, jsonArgs).
 * The gateway prepends `window.__wagrpcConfig = {...};` to this file.
 */
(() => {
    'use strict';

    if (window.top !== window || window.__wagrpc) {
        return;
    }

    const config = Object.assign({ readyTimeoutMs: 60000, downloadMedia: true, maxBatch: 500 }, window.__wagrpcConfig || {});
    const BINDING = '__wagrpcEmit';

    /**
     * Every WhatsApp Web module and member this script touches. The sandbox stand-in implements
     * exactly this list (src/WaGrpc.Sandbox/Web/wa-web.js); keep the two in step.
     */
    const ADAPTER = [
        { name: 'Socket', module: 'WAWebSocketModel', path: 'Socket', members: ['state', 'hasSynced', 'on', 'takeover', 'logout'] },
        { name: 'Conn', module: 'WAWebConnModel', path: 'Conn', members: ['ref', 'on'] },
        { name: 'Cmd', module: 'WAWebCmd', path: 'Cmd', members: ['on', 'refreshQR'] },
        { name: 'Collections', module: 'WAWebCollections', members: ['Msg', 'Chat', 'Contact', 'GroupMetadata'] },
        { name: 'WidFactory', module: 'WAWebWidFactory', members: ['createWid'] },
        { name: 'FindChat', module: 'WAWebFindChatAction', members: ['findOrCreateLatestChat'] },
        { name: 'QueryExists', module: 'WAWebQueryExistsJob', members: ['queryWidExists'] },
        { name: 'MsgKey', module: 'WAWebMsgKey', members: ['newId'] },
        { name: 'MeUser', module: 'WAWebUserPrefsMeUser', members: ['getMaybeMePnUser'] },
        { name: 'SendMsg', module: 'WAWebSendMsgChatAction', members: ['addAndSendMsgToChat'] },
        { name: 'OpaqueData', module: 'WAWebMediaOpaqueData', members: ['createFromData'] },
        { name: 'PrepRawMedia', module: 'WAWebPrepRawMedia', members: ['prepRawMedia'] },
        { name: 'MediaStorage', module: 'WAWebMediaStorage', members: ['getOrCreateMediaObject'] },
        { name: 'MediaTypes', module: 'WAWebMmsMediaTypes', members: ['msgToMediaType'] },
        { name: 'MediaUpload', module: 'WAWebMediaMmsV4Upload', members: ['uploadMedia'] },
        { name: 'GroupCreate', module: 'WAWebGroupCreateJob', members: ['createGroup'] },
        { name: 'Download', module: 'WAWebDownloadManager', path: 'downloadManager', members: ['downloadAndMaybeDecrypt'] },
        { name: 'NoiseInfo', module: 'WAWebUserPrefsInfoStore', path: 'waNoiseInfo', members: ['get'] },
        { name: 'SignalStore', module: 'WAWebSignalStoreApi', path: 'waSignalStore', members: ['getRegistrationInfo'] },
        { name: 'MultiDevice', module: 'WAWebUserPrefsMultiDevice', members: ['getADVSecretKey'] },
        { name: 'Base64', module: 'WABase64', members: ['encodeB64'] },
        { name: 'RegClient', module: 'WAWebCompanionRegClientUtils', members: ['DEVICE_PLATFORM'] },
    ];

    const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

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

    // ------------------------------------------------------------------ modules

    const wa = {};

    function resolveAdapter() {
        for (const entry of ADAPTER) {
            let target;
            try {
                target = window.require(entry.module);
            } catch (err) {
                throw new Error("WhatsApp Web module '" + entry.module + "' is missing (" + err.message + ')');
            }
            if (target && entry.path) {
                target = target[entry.path];
            }
            if (!target) {
                throw new Error("WhatsApp Web module '" + entry.module + "' has no '" + entry.path + "'");
            }
            for (const member of entry.members) {
                if (!(member in target) && target[member] === undefined) {
                    throw new Error("WhatsApp Web module '" + entry.module + "' has no member '" +
                        (entry.path ? entry.path + '.' : '') + member + "'");
                }
            }
            wa[entry.name] = target;
        }
    }

    function waitForReady() {
        return new Promise((resolve, reject) => {
            const started = Date.now();
            const timer = setInterval(() => {
                if (window.Debug && window.Debug.VERSION && typeof window.require === 'function') {
                    clearInterval(timer);
                    resolve(String(window.Debug.VERSION));
                } else if (Date.now() - started > config.readyTimeoutMs) {
                    clearInterval(timer);
                    reject(new Error('WhatsApp Web did not become ready within ' + config.readyTimeoutMs +
                        ' ms (window.Debug.VERSION or window.require missing) at ' + location.href));
                }
            }, 100);
        });
    }

    // ------------------------------------------------------------------ helpers

    const idOf = (value) => (value && typeof value === 'object' ? value._serialized : value) || '';

    function me() {
        return wa.MeUser.getMaybeMePnUser();
    }

    /** The id the gateway uses: our own messages without the group participant part. */
    function messageIdOf(key) {
        if (key.fromMe) {
            return 'true_' + idOf(key.remote) + '_' + key.id;
        }
        return idOf(key) || ('false_' + idOf(key.remote) + '_' + key.id + (key.participant ? '_' + idOf(key.participant) : ''));
    }

    function bytesToBase64(buffer) {
        const bytes = new Uint8Array(buffer);
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) {
            text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        }
        return btoa(text);
    }

    function base64ToBytes(base64) {
        const text = atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) {
            bytes[i] = text.charCodeAt(i);
        }
        return bytes;
    }

    // ------------------------------------------------------------------ session state and QR

    function reportState() {
        emit({ kind: 'state', state: String(wa.Socket.state || ''), synced: wa.Socket.hasSynced === true });
    }

    async function qrText(ref) {
        const noise = await wa.NoiseInfo.get();
        const registration = await wa.SignalStore.getRegistrationInfo();
        const adv = await wa.MultiDevice.getADVSecretKey();
        return [ref, wa.Base64.encodeB64(noise.staticKeyPair.pubKey), wa.Base64.encodeB64(registration.identityKeyPair.pubKey),
            adv, wa.RegClient.DEVICE_PLATFORM].join(',');
    }

    async function reportQr(ref) {
        if (!ref) {
            return;
        }
        try {
            emit({ kind: 'qr', ref, text: await qrText(ref) });
        } catch (err) {
            fatal('could not build the QR text: ' + err.message);
        }
    }

    function watchSession() {
        wa.Socket.on('change:state', (_, state) => {
            reportState();
            if (state === 'UNPAIRED_IDLE') {
                // The refs ran out: ask for fresh ones, as a person clicking "reload QR" would.
                wa.Cmd.refreshQR();
            } else if (state === 'CONFLICT') {
                // WhatsApp Web was opened elsewhere: this session is the gateway's, take it back.
                wa.Socket.takeover();
            } else if (state === 'UNPAIRED' && wa.Conn.ref) {
                reportQr(wa.Conn.ref);
            }
        });
        wa.Socket.on('change:hasSynced', () => reportState());
        wa.Conn.on('change:ref', (_, ref) => reportQr(ref));
        wa.Cmd.on('logout', () => emit({ kind: 'logout' }));
        reportState();
        if (wa.Conn.ref && String(wa.Socket.state).startsWith('UNPAIRED')) {
            reportQr(wa.Conn.ref);
        }
    }

    // ------------------------------------------------------------------ messages and acks

    async function describe(msg) {
        const s = msg.serialize();
        const key = msg.id || s.id;
        const fromMe = !!key.fromMe;
        const chatId = idOf(key.remote);
        const out = {
            id: messageIdOf(key),
            chatId,
            fromMe,
            type: s.type || 'chat',
            body: s.body || '',
            t: Number(s.t) || Math.floor(Date.now() / 1000),
            author: idOf(s.author) || (fromMe ? idOf(me()) : idOf(s.from)),
            notifyName: s.notifyName || '',
            caption: s.caption,
            mimetype: s.mimetype,
            filename: s.filename,
            quotedMsgId: s.quotedStanzaID,
            ack: typeof s.ack === 'number' ? s.ack : undefined,
        };
        if (MEDIA_TYPES.has(out.type) && config.downloadMedia && !fromMe) {
            try {
                const buffer = await wa.Download.downloadAndMaybeDecrypt({
                    directPath: s.directPath,
                    encFilehash: s.encFilehash,
                    filehash: s.filehash,
                    mediaKey: s.mediaKey,
                    mediaKeyTimestamp: s.mediaKeyTimestamp,
                    type: out.type,
                    signal: new AbortController().signal,
                });
                out.media = { mimetype: s.mimetype || 'application/octet-stream', filename: s.filename, data: bytesToBase64(buffer) };
            } catch (err) {
                out.mediaError = String(err && err.message || err);
            }
        }
        return out;
    }

    function reportMessage(msg) {
        describe(msg).then(
            (described) => emit({ kind: 'msg', msg: described }),
            (err) => console.error('[wagrpc] could not read a message:', err));
    }

    function watchMessages() {
        const { Msg } = wa.Collections;
        Msg.on('add', (msg) => {
            if (!msg.isNewMsg) {
                return;
            }
            if (msg.type === 'ciphertext') {
                // Not decrypted yet: report it once it is readable.
                msg.once('change:type', () => reportMessage(msg));
                return;
            }
            reportMessage(msg);
        });
        Msg.on('change:ack', (msg, ack) => {
            emit({ kind: 'ack', id: messageIdOf(msg.id), chatId: idOf(msg.id.remote), ack: Number(ack) });
        });
    }

    // ------------------------------------------------------------------ calls from the gateway

    class Permanent extends Error {}

    async function chatFor(chatId) {
        const wid = wa.WidFactory.createWid(chatId);
        if (!chatId.endsWith('@g.us')) {
            const exists = await wa.QueryExists.queryWidExists(wid);
            if (!exists) {
                throw new Permanent('The number ' + chatId.split('@')[0] + ' is not on WhatsApp');
            }
        }
        const found = await wa.FindChat.findOrCreateLatestChat(wid);
        const chat = found && (found.chat || found);
        if (!chat) {
            throw new Error('No chat for ' + chatId);
        }
        return chat;
    }

    function keyFor(chat, keyId) {
        const MsgKey = wa.MsgKey;
        const self = me();
        const isGroup = String(idOf(chat.id)).endsWith('@g.us');
        return new MsgKey({ from: self, to: chat.id, id: keyId, selfDir: 'out', participant: isGroup ? self : undefined });
    }

    async function sendPrepared(chat, key, attrs) {
        const self = me();
        const msg = Object.assign({
            id: key, ack: 0, from: self, to: chat.id, local: true, self: 'out',
            t: Math.floor(Date.now() / 1000), isNewMsg: true,
        }, attrs);
        const [added, sent] = wa.SendMsg.addAndSendMsgToChat(chat, msg);
        await added;
        const result = await sent;
        // WhatsApp Web answers {messageSendResult: 'OK'} (or an error name); no answer counts as sent.
        const outcome = result && typeof result === 'object' ? result.messageSendResult : result;
        if (typeof outcome === 'string' && outcome !== 'OK') {
            throw new Error('WhatsApp Web did not send the message: ' + ((result && result.error) || JSON.stringify(result)));
        }
        return { id: messageIdOf(key) };
    }

    function alreadyThere(key) {
        return !!wa.Collections.Msg.get(key._serialized);
    }

    const calls = {
        wasSent(a) {
            return { sent: alreadyThere(keyFor({ id: wa.WidFactory.createWid(a.chatId) }, a.keyId)) };
        },

        async sendText(a) {
            const chat = await chatFor(a.chatId);
            const key = keyFor(chat, a.keyId);
            if (alreadyThere(key)) {
                return { id: messageIdOf(key), already: true };
            }
            const attrs = { type: 'chat', body: a.body };
            if (a.quotedMsgId) {
                const quoted = wa.Collections.Msg.get(a.quotedMsgId);
                attrs.quotedStanzaID = quoted ? quoted.id.id : a.quotedMsgId.split('_')[2];
                if (quoted) {
                    attrs.quotedMsg = quoted;
                }
            }
            if (a.mentioned && a.mentioned.length) {
                attrs.mentionedJidList = a.mentioned.map((p) => wa.WidFactory.createWid(p + '@c.us'));
            }
            return sendPrepared(chat, key, attrs);
        },

        async sendMedia(a) {
            const chat = await chatFor(a.chatId);
            const key = keyFor(chat, a.keyId);
            if (alreadyThere(key)) {
                return { id: messageIdOf(key), already: true };
            }
            const file = new File([base64ToBytes(a.data)], a.filename, { type: a.mimetype });
            const opaque = await wa.OpaqueData.createFromData(file, a.mimetype);
            const prep = wa.PrepRawMedia.prepRawMedia(opaque, { asDocument: !!a.asDocument });
            // The page's own chain: prepare, upload (the media server answers where the file is and
            // its keys), then send a message that carries those fields under our key.
            const mediaData = await prep.waitForPrep();
            if (!mediaData.filehash) {
                throw new Error('the prepared media has no filehash');
            }
            const mediaObject = wa.MediaStorage.getOrCreateMediaObject(mediaData.filehash);
            mediaObject.consolidate(mediaData.toJSON());
            const uploaded = await wa.MediaUpload.uploadMedia({
                mimetype: mediaData.mimetype,
                mediaObject,
                mediaType: wa.MediaTypes.msgToMediaType({ type: mediaData.type, isGif: mediaData.isGif }),
            });
            const entry = uploaded && uploaded.mediaEntry;
            if (!entry) {
                throw new Error('the media upload answered no media entry');
            }
            const { mediaBlob, ...fields } = mediaData.toJSON();
            if (mediaBlob && typeof mediaBlob.autorelease === 'function') {
                mediaBlob.autorelease();
            }
            const caption = a.caption || undefined;
            return sendPrepared(chat, key, Object.assign(fields, {
                clientUrl: entry.mmsUrl,
                directPath: entry.directPath,
                mediaKey: entry.mediaKey,
                mediaKeyTimestamp: entry.mediaKeyTimestamp,
                filehash: mediaObject.filehash,
                encFilehash: entry.encFilehash,
                uploadhash: entry.uploadHash,
                size: mediaObject.size,
                filename: fields.filename || a.filename,
                body: caption || '',
                caption,
            }));
        },

        async createGroup(a) {
            const participants = a.participants.map((p) => ({ phoneNumber: wa.WidFactory.createWid(p) }));
            const result = await wa.GroupCreate.createGroup({ title: a.name }, participants);
            const gid = idOf(result.wid || result.gid || result);
            if (!gid) {
                throw new Error('WhatsApp Web did not answer a group id');
            }
            return {
                gid,
                participants: (result.participants || []).map((p) => ({ wid: idOf(p.wid), error: p.error })),
            };
        },

        logout() {
            wa.Socket.logout();
            return { ok: true };
        },
    };

    window.__wagrpc = {
        ready: false,
        /** Runs a call; answers {ok, data} or {ok: false, error, permanent}. */
        async call(name, json) {
            if (!window.__wagrpc.ready) {
                return { ok: false, error: 'the page is not ready yet', permanent: false };
            }
            const fn = calls[name];
            if (!fn) {
                return { ok: false, error: 'unknown call ' + name, permanent: true };
            }
            try {
                return { ok: true, data: await fn(json ? JSON.parse(json) : {}) };
            } catch (err) {
                return { ok: false, error: String(err && err.message || err), permanent: err instanceof Permanent };
            }
        },
    };

    // ------------------------------------------------------------------ start

    waitForReady().then((version) => {
        try {
            resolveAdapter();
        } catch (err) {
            fatal(err.message);
            return;
        }
        watchMessages();
        watchSession();
        window.__wagrpc.ready = true;
        emit({ kind: 'ready', version, url: location.href });
    }, (err) => fatal(err.message));
})();
