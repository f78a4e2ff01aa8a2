/*
 * Boot: load this device's keys and login, show the page, announce the build (Debug.VERSION, as
 * WhatsApp Web does once its main modules ran) and connect to the simulated network.
 * window.__sandboxPage is a read-only summary for tests and people looking at the page.
 */
__d('SandboxBoot', ['SandboxAccount', 'SandboxDeviceStore', 'SandboxLink', 'SandboxView'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const account = require('SandboxAccount');
    const store = require('SandboxDeviceStore');
    const link = require('SandboxLink');

    function installSummary() {
        const { Socket } = require('WAWebSocketModel');
        const { Stream } = require('WAWebStreamModel');
        const { Conn } = require('WAWebConnModel');
        Object.defineProperty(window, '__sandboxPage', {
            configurable: true,
            get: () => ({
                state: Socket.state,
                hasSynced: Socket.hasSynced,
                streamMode: Stream.mode,
                ref: Conn.ref || null,
                qrText: link.qr ? link.qr.text : null,
                wid: account.creds ? account.creds.wid : null,
                lid: account.creds ? account.creds.lid || null : null,
                pushname: Conn.pushname,
                hasCreds: !!account.creds,
                socketOpen: !!link.ws && link.ws.readyState === WebSocket.OPEN,
                pendingRequests: link.outbox.length,
                chats: require('WAWebChatCollection').ChatCollection.length,
                msgs: require('WAWebMsgCollection').MsgCollection.length,
                contacts: require('WAWebContactCollection').ContactCollection.length,
                groups: importDefault('WAWebGroupMetadataCollection').length,
                /** Lets a message go from memory (tests of what is found again by id). */
                forgetMessage: (id) => require('SandboxChats').forget(id),
            }),
        });
    }

    exports.boot = async () => {
        installSummary();
        if (document.readyState === 'loading') {
            await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
        }
        require('SandboxView').install();
        try {
            account.keys = await store.loadOrCreateKeys();
            account.creds = await store.loadCreds();
        } catch (err) {
            console.warn('[wa-web] device storage failed; this session will not survive a reload:', err);
            account.keys = account.keys || store.newDeviceKeys();
        }
        window.Debug = Object.assign(window.Debug || {}, { VERSION: require('WAWebBuildConstants').VERSION_STR });
        link.connect();
    };
});

// The loader is announced (window.require) once every module of the bundle is defined: a library
// that waits for Meta's loader to appear and then for its modules to stop changing (wa-js: 750 ms
// without a new one, checked every 100 ms) finds them all at once and starts counting from there.
window.require = window.importNamespace;
require('SandboxBoot').boot().catch((err) => console.error('[wa-web] the page failed to start:', err));
