/*
 * The link to the simulated network (docs/sandbox-protocol.md): owns the WebSocket. Incoming
 * frames are handled strictly one after another (some handlers await storage, and `connected`
 * must not overtake the `paired` that stores the creds). Requests (`send`, `query_exists`,
 * `create_group`, ...) wait in an ordered outbox and only go out while the session is logged in
 * on the current socket; after a reconnect the outbox is sent again in order.
 */
/*
 * Where the simulated network is: under the page's own prefix, so that the page of an instance
 * (/instance<id>/sandbox/web/) talks to that instance's network (/instance<id>/sandbox/ws).
 */
__d('SandboxPaths', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const base = location.pathname.replace(/\/sandbox\/web\/.*$/, '');

    /** An absolute path of the network ("/sandbox/...") as this page reaches it. */
    exports.url = (path) => (path.startsWith('/sandbox/') ? base + path : path);
});

__d('SandboxLink', ['SandboxAccount', 'WAWebSocketModel', 'WAWebCmd'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const VERSION = require('WAWebBuildConstants').VERSION_STR;
    const WS_PATH = '/sandbox/ws';
    const DEFAULT_RECONNECT_MS = 1000;
    // Socket.logout() waits this long for the network's `logout` answer before logging out locally.
    const LOGOUT_ANSWER_TIMEOUT_MS = 5000;
    const account = require('SandboxAccount');
    const { Socket } = require('WAWebSocketModel');
    const { Cmd } = require('WAWebCmd');


    /**
     * Owns the WebSocket. Incoming frames are handled strictly one after another (some handlers
     * await storage, and `connected` must not overtake the `paired` that stores the creds).
     * Requests (`send`, `query_exists`, `create_group`) wait in an ordered outbox and only go out
     * while the session is logged in on the current socket; after a reconnect the outbox is sent
     * again in order.
     */
    const link = {
        ws: null,
        qr: null, // {ref, text, matrix, ttlMs} of the QR on screen
        reconnectMs: DEFAULT_RECONNECT_MS,
        reconnectTimer: null,
        loggedIn: false, // `connected` was handled on the current socket
        loggingOut: false,
        logoutTimer: null,
        outbox: [], // {reqId, frame, retry, sent, resolve, reject}, oldest first
        nextReqId: 1,
        frameChain: Promise.resolve(),
        receivedIds: [],

        socketUrl() {
            const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
            return scheme + location.host + require('SandboxPaths').url(WS_PATH);
        },

        connect() {
            clearTimeout(this.reconnectTimer);
            this.reconnectTimer = null;
            if (this.loggingOut || this.ws) {
                return;
            }
            let ws;
            try {
                ws = new WebSocket(this.socketUrl());
            } catch (err) {
                console.warn('[wa-web] cannot open the sandbox socket:', err);
                this.scheduleReconnect();
                return;
            }
            this.ws = ws;
            ws.onopen = () => {
                this.sendNow(this.helloFrame());
                this.flushOutbox();
            };
            ws.onmessage = (event) => this.enqueue(() => this.onFrameText(event.data));
            // The browser logs failed connections itself; the close event that follows does the rest.
            ws.onerror = () => {};
            ws.onclose = () => this.enqueue(() => this.onClosed(ws));
        },

        helloFrame() {
            const c = account.creds;
            return {
                type: 'hello',
                version: VERSION,
                noiseKey: account.keys.noiseKey,
                advSecret: account.keys.advSecret,
                identityKey: account.keys.identityKey,
                creds: c ? { wid: c.wid, deviceId: c.deviceId, token: c.token } : null,
            };
        },

        scheduleReconnect() {
            if (this.loggingOut || this.reconnectTimer) {
                return;
            }
            this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
        },

        enqueue(job) {
            this.frameChain = this.frameChain.then(job).catch((err) => {
                console.error('[wa-web] failed to handle a network event:', err);
            });
        },

        /** Sends a frame if the socket is open; answers whether it went out. */
        sendNow(frame) {
            if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
                return false;
            }
            this.ws.send(JSON.stringify(frame));
            return true;
        },

        /**
         * A request answered by `result`. retry: send it again after a reconnect when its answer
         * was lost with the socket (only for requests the network can see twice without harm).
         */
        request(type, fields, retry) {
            return this.enqueueRequest(type, fields, retry, false);
        },

        /** A request of the login itself (a pairing code): it goes out before the session is logged in. */
        requestBeforeLogin(type, fields) {
            return this.enqueueRequest(type, fields, false, true);
        },

        enqueueRequest(type, fields, retry, beforeLogin) {
            return new Promise((resolve, reject) => {
                const reqId = String(this.nextReqId++);
                const frame = Object.assign({ type, reqId }, fields);
                this.outbox.push({ reqId, frame, retry, beforeLogin, sent: false, resolve, reject });
                this.flushOutbox();
            });
        },

        flushOutbox() {
            for (const entry of this.outbox) {
                if (entry.sent || (!this.loggedIn && !entry.beforeLogin)) {
                    continue;
                }
                if (!this.sendNow(entry.frame)) {
                    break;
                }
                entry.sent = true;
            }
        },

        /** Tells the network which incoming messages the page now holds, batched per tick. */
        acknowledgeReceived(serializedId) {
            this.receivedIds.push(serializedId);
            if (this.receivedIds.length === 1) {
                setTimeout(() => {
                    const ids = this.receivedIds;
                    this.receivedIds = [];
                    // If the socket is gone the network pushes them again; the page then dedupes them.
                    this.sendNow({ type: 'received', ids });
                }, 0);
            }
        },

        onFrameText(text) {
            let frame;
            try {
                frame = JSON.parse(text);
            } catch (err) {
                console.warn('[wa-web] ignored a frame that is not JSON');
                return undefined;
            }
            const handler = frame && require('SandboxFrames').handlers[frame.type];
            if (!handler) {
                console.warn('[wa-web] ignored a frame of unknown type', frame && frame.type);
                return undefined;
            }
            return handler(frame);
        },

        onClosed(ws) {
            if (ws !== this.ws) {
                return;
            }
            this.ws = null;
            this.setLoggedIn(false);
            this.requeueInFlight();
            if (this.loggingOut) {
                return;
            }
            const state = Socket.state;
            if (state === 'CONFLICT') {
                // Reconnecting would send hello with our creds and take the session back from the
                // other connection; that is what takeover() is for, so wait for it.
                return;
            }
            Socket.set({ state: account.creds ? 'TIMEOUT' : 'OPENING' });
            this.scheduleReconnect();
        },

        /** Answers lost with the socket: resend what may be resent, fail the rest. */
        requeueInFlight() {
            const kept = [];
            for (const entry of this.outbox) {
                if (!entry.sent) {
                    kept.push(entry);
                } else if (entry.retry) {
                    entry.sent = false;
                    kept.push(entry);
                } else {
                    entry.reject(new Error('the connection was lost before the network answered'));
                }
            }
            this.outbox = kept;
        },

        takeover() {
            if (this.sendNow({ type: 'takeover' })) {
                return;
            }
            // The socket is gone: a new hello with our creds logs this page in again.
            Socket.set({ state: 'OPENING' });
            this.connect();
        },

        /** Logged in on the current socket (the network accepted our creds): the queue may go out. */
        setLoggedIn(value) {
            this.loggedIn = value;
            account.loggedIn = value;
        },

        requestLogout() {
            if (this.loggingOut) {
                return;
            }
            if (!this.sendNow({ type: 'logout' })) {
                this.enqueue(() => this.logoutLocally());
                return;
            }
            clearTimeout(this.logoutTimer);
            this.logoutTimer = setTimeout(() => this.enqueue(() => this.logoutLocally()), LOGOUT_ANSWER_TIMEOUT_MS);
        },

        /** Forget the login, tell the listeners, and land on `?post_logout=1` as the real page does. */
        async logoutLocally(reason) {
            if (this.loggingOut) {
                return;
            }
            this.loggingOut = true;
            this.setLoggedIn(false);
            clearTimeout(this.reconnectTimer);
            clearTimeout(this.logoutTimer);
            if (this.ws) {
                this.ws.close();
            }
            // Through the module's exports, as the real page calls it (wa-js listens there).
            require('WAWebLogoutReason').getErrorCodeFromLogoutReason(reason || 'user_initiated');
            await require('SandboxDeviceStore').clear();
            account.creds = null;
            // A tick later, as the real page does: listeners attached after logout() returned see it.
            await new Promise((resolve) => setTimeout(resolve, 0));
            Cmd.onLogoutFromBridge();
            Cmd.trigger('logout');
            await new Promise((resolve) => setTimeout(resolve, 0));
            location.replace(postLogoutUrl());
        },
    };

    /** The page's own URL with post_logout=1, keeping whatever else its query string held. */
    function postLogoutUrl() {
        const params = new URLSearchParams(location.search);
        params.set('post_logout', '1');
        return location.pathname + '?' + params.toString();
    }

    module.exports = link;
});
