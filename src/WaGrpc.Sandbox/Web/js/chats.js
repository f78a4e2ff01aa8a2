/*
 * Chats and messages as the network delivers them: the snapshot on connect, incoming messages
 * (through MsgCollection.processMultipleMessages, as the real page adds them), ciphertext that
 * becomes readable, and receipts (delivered / read / played) through WhatsApp Web's receipt
 * handlers, which also reach messages no longer loaded in memory.
 */
__d('SandboxChats', ['WAWebWidFactory', 'WAWebMsgKey', 'WAWebMsgModel', 'WAWebMsgCollection', 'WAWebChatCollection', 'WAWebContactCollection', 'WAWebGroupMetadataCollection', 'WAWebApiContact'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { createWid } = require('WAWebWidFactory');
    const MsgKey = importDefault('WAWebMsgKey');
    const { Msg } = require('WAWebMsgModel');
    const { MsgCollection } = require('WAWebMsgCollection');
    const { ChatCollection } = require('WAWebChatCollection');
    const { ContactCollection } = require('WAWebContactCollection');
    const GroupMetadataCollection = importDefault('WAWebGroupMetadataCollection');

    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const WID_FIELDS = ['from', 'to', 'author'];
    const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

    /** A linked id the network told us about: `lid` is the account `pn`. */
    function learnLid(lid, pn) {
        if (lid && pn && String(lid).endsWith('@lid')) {
            require('WAWebApiContact').warmUpLidPnMapping(lid, pn, nowSeconds());
        }
    }

    /** `connected` carries the account's chats, contacts and groups: merge them into the collections. */
    exports.loadSnapshot = (f) => {
        for (const c of f.contacts || []) {
            const attrs = typeof c === 'string' ? { id: c } : c;
            const { lid, phoneNumber, ...rest } = attrs;
            learnLid(lid, attrs.id);
            ContactCollection.add(Object.assign({}, rest, { id: createWid(attrs.id) }), { merge: true });
            if (lid) {
                ContactCollection.add({ id: createWid(lid), phoneNumber: createWid(attrs.id), pushname: rest.pushname, name: rest.name }, { merge: true });
            }
        }
        for (const g of f.groups || []) {
            exports.upsertGroup(g);
        }
        for (const c of f.chats || []) {
            const { msgs, ...attrs } = typeof c === 'string' ? { id: c } : c;
            const id = createWid(attrs.id);
            const meta = GroupMetadataCollection.get(id);
            const chat = ChatCollection.add(Object.assign({ isGroup: id.isGroup(), name: meta ? meta.subject : undefined }, attrs, { id }), { merge: true });
            for (const m of msgs || []) {
                exports.ingest(m, false, chat);
            }
        }
    };

    /** A group from the network ({id, subject, participants, ...}): its metadata and its chat. */
    exports.upsertGroup = (g) => {
        const id = createWid(g.id);
        const { participants, ...attrs } = g;
        const meta = GroupMetadataCollection.add(Object.assign({}, attrs, { id }), { merge: true });
        if (participants) {
            for (const p of participants) {
                if (p && p.phoneNumber) {
                    learnLid(String(p.id), p.phoneNumber);
                }
            }
            meta.setParticipants(participants);
        }
        ChatCollection.add({ id, name: g.subject, isGroup: true }, { merge: true });
        return meta;
    };

    /** Model attributes from a serialized message of the network (wids and the key as objects). */
    exports.attrsFromWire = (wire, isNewMsg) => {
        if (!wire || !wire.id) {
            console.warn('[wa-web] ignored a message without an id');
            return null;
        }
        const { senderPn, ...fields } = wire;
        const attrs = Object.assign({ body: '', ack: 0, t: nowSeconds() }, fields, { isNewMsg });
        attrs.id = keyFromWire(wire);
        for (const field of WID_FIELDS) {
            if (attrs[field]) {
                attrs[field] = createWid(attrs[field]);
            }
        }
        learnLid(attrs.author ? String(attrs.author) : String(attrs.from), senderPn);
        if (MEDIA_TYPES.has(attrs.type) && !attrs.mediaData) {
            // The sandbox's media sits on its server in the clear: Msg.downloadMedia fetches it.
            attrs.mediaData = { mediaStage: 'REMOTE', type: attrs.type, mimetype: attrs.mimetype, size: attrs.size, filename: attrs.filename, directPath: attrs.directPath, filehash: attrs.filehash };
        }
        return attrs;
    };

    function keyFromWire(wire) {
        const id = wire.id;
        if (typeof id === 'string') {
            return MsgKey.fromString(id);
        }
        const key = new MsgKey({
            fromMe: !!id.fromMe,
            remote: id.remote !== undefined ? id.remote : id.fromMe ? wire.to : wire.from,
            id: id.id,
            participant: id.participant || undefined,
        });
        if (id._serialized && id._serialized !== key._serialized) {
            // The network named the message: keep its name, so that its `ack` frames find it.
            console.warn('[wa-web] message id ' + id._serialized + ' does not match its parts');
            key._serialized = id._serialized;
        }
        return key;
    }

    exports.wireSerializedId = (wire) => (typeof wire.id === 'string' ? wire.id : wire.id._serialized || keyFromWire(wire)._serialized);

    /**
     * Adds a message to its chat and to MsgCollection (which fires `add`). A message already held
     * is left alone. Answers the model, or null for an unusable message.
     */
    exports.ingest = (wireOrAttrs, isNewMsg, knownChat) => {
        const attrs = wireOrAttrs && wireOrAttrs.id instanceof MsgKey ? wireOrAttrs : exports.attrsFromWire(wireOrAttrs, isNewMsg);
        if (!attrs) {
            return null;
        }
        const existing = MsgCollection.get(attrs.id);
        if (existing) {
            return existing;
        }
        const chat = knownChat || chatForIncoming(attrs);
        const model = new Msg(attrs, { collection: MsgCollection });
        // The chat first, so that everything is in place when listeners see MsgCollection `add`.
        chat.msgs.add(model);
        MsgCollection.add(model);
        const chatUpdate = { t: Math.max(chat.t || 0, attrs.t) };
        if (attrs.isNewMsg && !attrs.id.fromMe) {
            chatUpdate.unreadCount = (chat.unreadCount || 0) + 1;
        }
        chat.set(chatUpdate);
        return model;
    };

    /** A new message from the network, added the way the real page adds it. */
    exports.receive = async (wire) => {
        const attrs = exports.attrsFromWire(wire, true);
        if (!attrs) {
            return null;
        }
        const [model] = await require('WAWebMsgCollection').MsgCollection.processMultipleMessages(attrs.id.remote, [attrs]);
        return model;
    };

    /** The chat of an incoming message, created (with the sender's contact) when new. */
    function chatForIncoming(attrs) {
        const remote = attrs.id.remote;
        const isGroup = remote.isGroup();
        const notifyName = attrs.id.fromMe ? undefined : attrs.notifyName || undefined;
        const sender = attrs.id.fromMe ? null : isGroup ? attrs.author || attrs.id.participant : attrs.from || remote;
        if (sender) {
            ContactCollection.add({ id: sender, pushname: notifyName }, { merge: true });
        }
        let chat = ChatCollection.get(remote);
        if (!chat) {
            const meta = GroupMetadataCollection.get(remote);
            chat = ChatCollection.add({ id: remote, isGroup, name: isGroup ? (meta ? meta.subject : undefined) : notifyName, t: attrs.t });
        } else if (!isGroup && !chat.name && notifyName) {
            chat.set({ name: notifyName });
        }
        return chat;
    }

    /** A `ciphertext` message became readable: the same model changes type (change:type last). */
    exports.decrypted = async (wire) => {
        const attrs = exports.attrsFromWire(wire, true);
        const model = attrs && MsgCollection.get(attrs.id);
        if (!model) {
            // The ciphertext never reached this page: take the readable message as new.
            return exports.receive(wire);
        }
        const { id, isNewMsg, type, ...rest } = attrs;
        model.set(rest, { silent: true });
        model.set({ type });
        return model;
    };

    /** A receipt for one of our messages (`true_<chat>_<id>[_<participant>]`), as a simple receipt. */
    exports.receipt = (serialized, ack) => {
        const parts = String(serialized).split('_');
        if (parts.length < 3 || !(ack >= 2)) {
            return undefined;
        }
        const from = createWid(parts[1]);
        const receipt = {
            type: 'simple',
            stanzaId: parts[2],
            from,
            offline: null,
            ack,
            ackString: ack === 3 ? 'read' : ack === 4 ? 'played' : null,
            externalIds: [parts[2]],
            participant: null,
            participantPn: null,
            participantUsername: null,
            recipient: null,
            ts: nowSeconds(),
            isLidBot: false,
        };
        // Through the modules' exports, as the real page dispatches them (wa-js wraps them there).
        if (from.isGroup()) {
            return require('WAWebHandleGroupChatReceipt').handleGroupSimpleReceipt(receipt);
        }
        return require('WAWebHandleDirectChatReceipt').handleChatSimpleReceipt(receipt);
    };

    /**
     * Lets a message go from memory, as WhatsApp Web does with older messages: it stays in the
     * network's (the real page's: the database's) keeping and is found again by id from there.
     */
    exports.forget = (serialized) => {
        const model = MsgCollection.get(serialized);
        if (!model) {
            return false;
        }
        MsgCollection.remove(model);
        const chat = ChatCollection.get(model.id.remote);
        if (chat) {
            chat.msgs.remove(model);
            for (const chunk of chat.msgChunks) {
                chunk.remove(model);
            }
        }
        return true;
    };

    /** Moves the ack of our loaded messages named by a receipt (messages not in memory: nothing to move). */
    exports.applyReceipt = async (receipt) => {
        for (const id of receipt.externalIds) {
            const model = MsgCollection.find((m) => m.id.fromMe && m.id.id === id && m.id.remote.equals(receipt.from));
            if (model && receipt.ack > (model.ack || 0)) {
                model.set({ ack: receipt.ack });
            }
        }
    };
});

__d('WAWebHandleDirectChatReceipt', ['SandboxChats'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.handleChatSimpleReceipt = (receipt) => require('SandboxChats').applyReceipt(receipt);
});

__d('WAWebHandleGroupChatReceipt', ['SandboxChats'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.handleGroupSimpleReceipt = (receipt) => require('SandboxChats').applyReceipt(receipt);
});

__d('WAWebHandleStatusReceipt', ['SandboxChats'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.handleStatusSimpleReceipt = (receipt) => require('SandboxChats').applyReceipt(receipt);
});

__d('WAWebAck', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.ACK = Object.freeze({ MD_DOWNGRADE: -7, INACTIVE: -6, CONTENT_UNUPLOADABLE: -5, CONTENT_TOO_BIG: -4, CONTENT_GONE: -3, EXPIRED: -2,
        FAILED: -1, CLOCK: 0, SENT: 1, RECEIVED: 2, READ: 3, PLAYED: 4, PEER: 5 });
    exports.ACK_STRING = Object.freeze({ SENDER: 'sender', DELIVERY: 'delivery', READ: 'read', PLAYED: 'played', INACTIVE: 'inactive',
        READ_SELF: 'read-self', PLAYED_SELF: 'played-self' });
});
