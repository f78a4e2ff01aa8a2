/*
 * Finding chats and sending, under WhatsApp Web's names: WAWebFindChatAction (a person's chat is
 * addressed by linked id when the network addresses by linked ids), WAWebSendMsgChatAction
 * (addAndSendMsgToChat: add with ack 0, send, ack 1; an id already held is never sent twice),
 * existence checks, group creation, mark-read, ephemeral fields, time, quotes and the lookup of
 * messages that are no longer loaded (WAWebChatMessageSearch.getSearchContext).
 */
__d('WATimeUtils', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.unixTime = () => Math.floor(Date.now() / 1000);
    exports.unixTimeMs = () => Date.now();
});

__d('WAWebGetEphemeralFieldsMsgActionsUtils', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    // The sandbox has no disappearing-message chats.
    exports.getEphemeralFields = () => ({});
});

__d('WAWebFindChatAction', ['WAWebChatCollection', 'WAWebContactCollection', 'WAWebGroupMetadataCollection', 'WAWebLidMigrationUtils'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** The chat of a wid, created when new: {chat, created}. With linked ids a person's chat is the LID one. */
    exports.findOrCreateLatestChat = async (wid, origin) => {
        const { ChatCollection } = require('WAWebChatCollection');
        let id = wid;
        if (id.isUser() && !id.isLid() && require('WAWebLid1X1MigrationGating').Lid1X1MigrationUtils.isLidMigrated()) {
            id = require('WAWebLidMigrationUtils').toUserLid(id) || id;
        } else if (id.isLid() && !require('WAWebLid1X1MigrationGating').Lid1X1MigrationUtils.isLidMigrated()) {
            id = require('WAWebApiContact').getPhoneNumber(id) || id;
        }
        let chat = ChatCollection.get(id);
        const created = !chat;
        if (!chat) {
            const contact = require('WAWebContactCollection').ContactCollection.get(id);
            const meta = importDefault('WAWebGroupMetadataCollection').get(id);
            chat = ChatCollection.add({
                id,
                isGroup: id.isGroup(),
                name: meta ? meta.subject : contact ? contact.name || contact.pushname : undefined,
                t: Math.floor(Date.now() / 1000),
            });
        }
        return { chat, created, origin };
    };
});

__d('WAWebSendMsgChatAction', ['SandboxLink', 'WAWebMsgModel', 'WAWebMsgCollection', 'WAWebWidFactory'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { Msg } = require('WAWebMsgModel');
    const { MsgCollection } = require('WAWebMsgCollection');
    const { createWid } = require('WAWebWidFactory');
    // The send result of every message sent from this page: a repeated send answers the first outcome.
    const sendResults = new WeakMap();
    // What the send frame carries besides id, to, type, body and t (docs/sandbox-protocol.md).
    const WIRE_FIELDS = ['caption', 'mimetype', 'filename', 'directPath', 'size', 'filehash', 'isCaptionByUser',
        'lat', 'lng', 'loc', 'vcardFormattedName', 'vcardList', 'subtype', 'title', 'description', 'canonicalUrl', 'thumbnail',
        'isForwarded', 'forwardingScore'];

    /**
     * Adds an outgoing message (ack 0) to the chat and MsgCollection and sends it; answers
     * [the model, a promise of {messageSendResult: 'OK' | 'ERROR', t}]. Ack 1 comes before the result.
     */
    exports.addAndSendMsgToChat = (chat, msgData) => {
        const existing = MsgCollection.get(msgData.id);
        if (existing) {
            const previous = sendResults.get(existing) ||
                Promise.resolve(existing.ack >= 1 ? { messageSendResult: 'OK' } : { messageSendResult: 'ERROR', error: 'not sent from this page' });
            return [Promise.resolve(existing), previous];
        }
        const attrs = Object.assign({ body: '', type: 'chat', t: Math.floor(Date.now() / 1000), to: chat.id, self: 'out', local: true }, msgData, { ack: 0, isNewMsg: true });
        const model = new Msg(attrs, { collection: MsgCollection });
        chat.msgs.add(model);
        MsgCollection.add(model);
        chat.set({ t: Math.max(chat.t || 0, attrs.t) });

        const sendResult = require('SandboxLink').request('send', { msg: outgoingWire(chat, model) }, true).then(
            (data) => {
                if ((model.ack || 0) < 1) {
                    model.set({ ack: 1 });
                }
                return { messageSendResult: 'OK', t: data.t || attrs.t };
            },
            (err) => {
                model.set({ ack: -1 });
                return { messageSendResult: 'ERROR', error: err.message };
            },
        );
        sendResults.set(model, sendResult);
        return [Promise.resolve(model), sendResult];
    };

    /** The `send` frame's msg: only the fields the protocol names. */
    function outgoingWire(chat, model) {
        const a = model.attributes;
        const out = { id: a.id.id, to: chat.id._serialized, type: a.type || 'chat', body: a.body || '', t: a.t };
        for (const field of WIRE_FIELDS) {
            if (a[field] !== undefined && a[field] !== null) {
                out[field] = a[field];
            }
        }
        if (a.quotedStanzaID) {
            out.quotedMsgId = a.quotedStanzaID;
        }
        if (Array.isArray(a.mentionedJidList) && a.mentionedJidList.length) {
            out.mentionedJidList = a.mentionedJidList.map((w) => createWid(w)._serialized);
        }
        return out;
    }
});

__d('WAWebQueryExistsJob', ['SandboxLink', 'WAWebWidFactory', 'WAWebApiContact'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** Asks the network whether a wid is on WhatsApp: {wid, biz} or null; learns its linked id. */
    exports.queryWidExists = async (wid) => {
        const { createWid } = require('WAWebWidFactory');
        const data = await require('SandboxLink').request('query_exists', { wid: String(wid) }, true);
        if (!data.exists) {
            return null;
        }
        if (data.lid && data.pn) {
            require('WAWebApiContact').warmUpLidPnMapping(data.lid, data.pn, Math.floor(Date.now() / 1000));
        }
        return { wid: createWid(data.wid || String(wid)), biz: false };
    };

    exports.queryPhoneExists = (phone) => exports.queryWidExists(require('WAWebWidFactory').createWid(String(phone).replace(/\D/g, '') + '@c.us'));
});

__d('WAWebGroupCreateJob', ['SandboxLink', 'SandboxChats', 'WAWebWidFactory', 'WAWebUserPrefsMeUser'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class GroupAlreadyExistsError extends Error {}

    /** createGroup({title, ...}, [{phoneNumber: wid}]) → {wid, participants: [{wid, error?}]}; not retried. */
    exports.createGroup = async (options, participants) => {
        const { createWid } = require('WAWebWidFactory');
        const me = require('WAWebUserPrefsMeUser');
        const title = (options && (options.title || options.subject)) || '';
        const wids = (participants || []).map((p) => createWid(p && typeof p === 'object' && !('_serialized' in p) ? p.phoneNumber || p.lid : p));
        const data = await require('SandboxLink').request('create_group', { title, participants: wids.map(String) }, false);
        const gid = createWid(String(data.gid).includes('@') ? data.gid : data.gid + '@g.us');
        const results = (data.participants || []).map((p) => ({ wid: createWid(p.wid), error: p.code !== 200 ? p.code : undefined }));
        const owner = me.getMaybeMePnUser();
        const members = results.filter((r) => r.error === undefined).map((r) => ({ id: r.wid }));
        if (owner) {
            members.unshift({ id: owner, isAdmin: true, isSuperAdmin: true });
        }
        const chats = require('SandboxChats');
        chats.upsertGroup({ id: gid, subject: title, owner, creation: Math.floor(Date.now() / 1000), participants: members, stale: false });
        return { wid: gid, participants: results };
    };
    exports.GroupAlreadyExistsError = GroupAlreadyExistsError;
});

__d('WAWebUpdateUnreadChatAction', ['SandboxLink'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** Marks a chat read here and tells the network, which gives the senders read receipts. */
    exports.sendSeen = async (arg) => {
        const chat = arg && arg.chat ? arg.chat : arg;
        if (chat && chat.set) {
            chat.set({ unreadCount: 0 });
        }
        if (chat && chat.id) {
            await require('SandboxLink').request('read', { chat: String(chat.id._serialized || chat.id) }, true);
        }
    };
    exports.markUnread = async (chat) => {
        if (chat && chat.set) {
            chat.set({ unreadCount: -1 });
        }
    };
});

__d('WAWebMediaGatingUtils', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.getUploadLimit = () => 100 * 1024 * 1024;
});

__d('WAWebNonJidMentionType', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.default = Object.freeze({ MENTION_ALL: 1 });
});

__d('WAWebLinkify', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    // The sandbox fetches no link previews.
    exports.findFirstWebLink = () => null;
});

__d('WAWebMsgActionCapability', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.canReplyMsg = (msg) => !!msg && msg.type !== 'ciphertext';
});

__d('WAWebQuotedMsgModelUtils', ['WAWebMsgCollection'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** The message a reply quotes, when it is loaded. */
    exports.getQuotedMsgObj = (msg) => {
        if (!msg.quotedStanzaID) {
            return null;
        }
        const remote = msg.id.remote;
        return require('WAWebMsgCollection').MsgCollection.find((m) => m.id.id === msg.quotedStanzaID && m.id.remote.equals(remote)) || null;
    };
});

__d('WAWebChatMessageSearch', ['SandboxLink', 'SandboxChats', 'WAWebChatMsgsCollection'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /**
     * Loads a message that is no longer in memory, as the real page loads it from its database:
     * here the network keeps what the device sent and received. Answers {collection, key}; the
     * message is in `collection` once `collection.loadAroundPromise` settles.
     */
    exports.getSearchContext = function getSearchContext(context) {
        const { ChatMsgsCollection } = require('WAWebChatMsgsCollection');
        const collection = new ChatMsgsCollection();
        const { chat, msgKey } = context;
        collection.loadAroundPromise = require('SandboxLink').request('load_msg', { id: String(msgKey) }, true).then(
            (data) => {
                if (data && data.msg) {
                    const model = require('SandboxChats').ingest(data.msg, false, chat);
                    if (model) {
                        collection.add(model);
                    }
                }
            },
            () => undefined,
        );
        chat.msgChunks.push(collection);
        return { collection, key: msgKey, highlightMsg: true };
    };
});
