/*
 * What the network says to the page (docs/sandbox-protocol.md), applied to the page's state the
 * way WhatsApp Web applies it: Socket / Stream / Conn / Cmd for the session, MsgCollection
 * .processMultipleMessages for messages, the receipt handlers for acks.
 */
__d('SandboxFrames', ['SandboxLink', 'SandboxAccount', 'SandboxChats'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const link = require('SandboxLink');
    const account = require('SandboxAccount');
    const chats = require('SandboxChats');
    const { Socket } = require('WAWebSocketModel');
    const { Stream } = require('WAWebStreamModel');
    const { Conn } = require('WAWebConnModel');
    const { Cmd } = require('WAWebCmd');

    exports.handlers = {
        hello_ok(f) {
            if (Number(f.reconnectMs) > 0) {
                link.reconnectMs = Number(f.reconnectMs);
            }
            if (f.platform) {
                Conn.set({ platform: f.platform });
            }
        },

        qr(f) {
            link.qr = { ref: f.ref, text: f.text, matrix: f.matrix || [], ttlMs: f.ttlMs };
            Conn.set({ ref: f.ref });
            Socket.set({ state: 'UNPAIRED' });
            Stream.set({ info: 'PAIRING', mode: 'QR' });
        },

        qr_idle() {
            Socket.set({ state: 'UNPAIRED_IDLE' });
        },

        async paired(f) {
            const creds = { wid: f.creds.wid, lid: f.creds.lid, deviceId: f.creds.deviceId, token: f.creds.token };
            await require('SandboxDeviceStore').saveCreds(creds);
            account.creds = creds;
            link.qr = null;
            Conn.set({ ref: undefined, pushname: f.pushname });
            Socket.set({ state: 'PAIRING' });
            Stream.set({ info: 'SYNCING', mode: 'SYNCING' });
        },

        connected(f) {
            const firstLoad = !Socket.hasSynced;
            if (f.lid && account.creds && account.creds.lid !== f.lid) {
                account.creds.lid = f.lid;
            }
            account.lidAddressing = !!f.lidAddressing;
            chats.loadSnapshot(f);
            Conn.set({ connected: true, pushname: f.pushname });
            link.setLoggedIn(true);
            if (firstLoad) {
                Cmd.trigger('offline_progress_update_from_bridge', 100);
            }
            Socket.set({ state: 'CONNECTED', stream: 'CONNECTED' });
            Stream.set({ info: 'NORMAL', mode: 'MAIN' });
            Socket.set({ hasSynced: true });
            if (!Cmd.isMainLoaded) {
                Cmd.mainLoaded();
            }
            link.flushOutbox();
        },

        async msg(f) {
            const model = await chats.receive(f.msg);
            if (model) {
                link.acknowledgeReceived(chats.wireSerializedId(f.msg));
            }
        },

        msg_decrypted(f) {
            return chats.decrypted(f.msg);
        },

        ack(f) {
            return chats.receipt(f.id, Number(f.ack));
        },

        logout(f) {
            return link.logoutLocally(f && f.reason);
        },

        bad_creds() {
            return link.logoutLocally('client_fatal');
        },

        conflict() {
            link.setLoggedIn(false);
            Socket.set({ state: 'CONFLICT' });
            Stream.set({ mode: 'CONFLICT' });
        },

        result(f) {
            const index = link.outbox.findIndex((e) => e.reqId === String(f.reqId));
            if (index < 0) {
                return;
            }
            const [entry] = link.outbox.splice(index, 1);
            if (f.ok === false) {
                entry.reject(new Error(f.error || 'the network refused the request'));
            } else {
                entry.resolve(f.data || {});
            }
        },
    };
});
