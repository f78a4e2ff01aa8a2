/*
 * wa-web.js: the WhatsApp Web stand-in of the WaGrpc sandbox.
 *
 * The gateway's browser engine drives this page exactly as it drives https://web.whatsapp.com/:
 * it waits for window.Debug.VERSION, then reaches the page's modules with
 * window.require('<ModuleName>'). This script implements that surface (the list in
 * whatsapp-web-surface.md, under the same names) on top of the simulated network's WebSocket
 * protocol (docs/sandbox-protocol.md), and nothing beyond it.
 *
 * One classic script, no build step. Its pieces, in order:
 *    1. events: Emitter, Model, Collection (Backbone-like, as WhatsApp Web's own models are)
 *    2. ids: Wid and createWid, MsgKey
 *    3. the page's state: Socket, Conn, Cmd and the Msg/Chat/Contact/GroupMetadata collections
 *    4. device storage: device keys and login creds (IndexedDB + localStorage)
 *    5. the link to the simulated network: socket lifecycle, requests, reconnects
 *    6. frame handlers: QR, pairing, login, logout, incoming messages and acks
 *    7. actions the engine calls: send text and media, query, create group, download
 *    8. the module map behind window.require, and window.Debug
 *    9. the visible page: state line, QR canvas, chat list
 *   10. boot
 *
 * Globals defined: window.require, window.Debug (once ready) and window.__sandboxPage
 * (a read-only state snapshot for debugging). Everything else stays inside this closure.
 */
(function () {
    'use strict';

    const VERSION = '2.3000.1017054665';
    const WS_PATH = '/sandbox/ws';
    const MEDIA_PATH = '/sandbox/media';
    const DEFAULT_RECONNECT_MS = 1000;
    // Socket.logout() waits this long for the network's `logout` answer before logging out locally.
    const LOGOUT_ANSWER_TIMEOUT_MS = 5000;

    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

    // ---------------------------------------------------------------------------------------------
    // 1. Events: Emitter, Model, Collection
    // ---------------------------------------------------------------------------------------------

    /** Minimal event emitter; `on('a b', fn)` subscribes to several events at once, as Backbone does. */
    class Emitter {
        constructor() {
            Object.defineProperty(this, '_listeners', { value: new Map() });
        }

        on(names, fn, context) {
            return this._subscribe(names, fn, context, false);
        }

        once(names, fn, context) {
            return this._subscribe(names, fn, context, true);
        }

        /** off() removes everything, off(name) every listener of name, off(name, fn) one listener. */
        off(names, fn) {
            if (names === undefined) {
                this._listeners.clear();
                return this;
            }
            for (const name of splitEventNames(names)) {
                if (fn === undefined) {
                    this._listeners.delete(name);
                    continue;
                }
                const list = this._listeners.get(name);
                if (!list) {
                    continue;
                }
                const kept = list.filter((l) => l.fn !== fn);
                if (kept.length) {
                    this._listeners.set(name, kept);
                } else {
                    this._listeners.delete(name);
                }
            }
            return this;
        }

        emit(name, ...args) {
            const list = this._listeners.get(name);
            if (!list) {
                return;
            }
            for (const listener of list.slice()) {
                if (listener.once) {
                    this.off(name, listener.fn);
                }
                try {
                    listener.fn.apply(listener.context, args);
                } catch (err) {
                    // A failing listener (the engine's or the page's) must not stop the others nor
                    // break the page's own state machine half-way through an update.
                    console.error('[wa-web] a listener for "' + name + '" failed:', err);
                }
            }
        }

        _subscribe(names, fn, context, once) {
            if (typeof fn !== 'function') {
                throw new TypeError('a listener must be a function');
            }
            for (const name of splitEventNames(names)) {
                const list = this._listeners.get(name) || [];
                list.push({ fn, context, once });
                this._listeners.set(name, list);
            }
            return this;
        }
    }

    function splitEventNames(names) {
        return String(names).split(/\s+/).filter(Boolean);
    }

    /**
     * A Backbone-like model. Attributes are read with get(name) or as plain properties
     * (msg.type, msg.ack), because WhatsApp Web's models are read both ways.
     * set() applies every attribute first and then emits `change:<attr>` (model, value) per
     * changed attribute and one `change` (model); collections holding the model re-emit them.
     */
    class Model extends Emitter {
        constructor(attrs) {
            super();
            Object.defineProperty(this, 'attributes', { value: {} });
            Object.defineProperty(this, '_collections', { value: new Set() });
            if (attrs) {
                this.set(attrs, { silent: true });
            }
        }

        get(name) {
            return this.attributes[name];
        }

        /** set({a: 1}) or set('a', 1); options.silent applies without events. */
        set(attrsOrName, valueOrOptions, maybeOptions) {
            let attrs = attrsOrName;
            let options = valueOrOptions;
            if (typeof attrsOrName === 'string') {
                attrs = { [attrsOrName]: valueOrOptions };
                options = maybeOptions;
            }
            const changed = [];
            for (const key of Object.keys(attrs || {})) {
                const value = attrs[key];
                if (value === undefined && !has(this.attributes, key)) {
                    continue;
                }
                this._exposeAttribute(key);
                if (!Object.is(this.attributes[key], value)) {
                    this.attributes[key] = value;
                    changed.push(key);
                }
            }
            if (changed.length && !(options && options.silent)) {
                for (const key of changed) {
                    this._trigger('change:' + key, this, this.attributes[key]);
                }
                this._trigger('change', this);
            }
            return this;
        }

        /** A plain copy of the attributes: wids become their `_serialized` string, keys plain objects. */
        serialize() {
            const out = {};
            for (const key of Object.keys(this.attributes)) {
                out[key] = toPlain(this.attributes[key]);
            }
            return out;
        }

        _trigger(name, ...args) {
            this.emit(name, ...args);
            for (const collection of this._collections) {
                collection.emit(name, ...args);
            }
        }

        _exposeAttribute(key) {
            // Methods and own fields win over attributes of the same name.
            if (key in this) {
                return;
            }
            Object.defineProperty(this, key, {
                configurable: true,
                enumerable: true,
                get: () => this.attributes[key],
                set: (value) => this.set({ [key]: value }),
            });
        }
    }

    /**
     * An ordered set of models keyed by their id's `_serialized`. Emits `add` (model, collection)
     * and `remove` (model, collection), and re-emits every event of its members, so that
     * Msg.on('change:ack', (msg, ack) => ...) works as on the real page.
     */
    class Collection extends Emitter {
        constructor(ModelClass) {
            super();
            this.modelClass = ModelClass || Model;
            this.models = [];
            Object.defineProperty(this, '_byKey', { value: new Map() });
        }

        get length() {
            return this.models.length;
        }

        /** Accepts a model, a wid, a MsgKey, a `_serialized` string or an attributes object. */
        static keyOf(thing) {
            if (thing === null || thing === undefined) {
                return undefined;
            }
            if (typeof thing === 'string') {
                return thing;
            }
            if (thing instanceof Model) {
                return Collection.keyOf(thing.get('id'));
            }
            if (typeof thing === 'object') {
                if (typeof thing._serialized === 'string') {
                    return thing._serialized;
                }
                if (has(thing, 'id')) {
                    return Collection.keyOf(thing.id);
                }
            }
            return String(thing);
        }

        get(thing) {
            const key = Collection.keyOf(thing);
            return key === undefined ? undefined : this._byKey.get(key);
        }

        /**
         * add(modelOrAttrs | array, {merge, silent}): returns the model(s) now in the collection.
         * An id already present keeps its model; with merge the new attributes are set on it.
         */
        add(items, options) {
            const opts = options || {};
            if (Array.isArray(items)) {
                return items.map((item) => this.add(item, opts));
            }
            const key = Collection.keyOf(items);
            if (key === undefined) {
                throw new Error('cannot add a model without an id');
            }
            const existing = this._byKey.get(key);
            if (existing) {
                if (opts.merge && existing !== items) {
                    existing.set(items instanceof Model ? items.attributes : items);
                }
                return existing;
            }
            const model = items instanceof Model ? items : new this.modelClass(items);
            this.models.push(model);
            this._byKey.set(key, model);
            model._collections.add(this);
            if (!opts.silent) {
                this.emit('add', model, this, opts);
            }
            return model;
        }

        remove(thing) {
            const model = this.get(thing);
            if (!model) {
                return undefined;
            }
            this._byKey.delete(Collection.keyOf(model));
            this.models.splice(this.models.indexOf(model), 1);
            model._collections.delete(this);
            this.emit('remove', model, this);
            return model;
        }

        getModelsArray() {
            return this.models.slice();
        }

        toArray() {
            return this.models.slice();
        }

        forEach(fn) {
            this.models.slice().forEach(fn);
        }

        map(fn) {
            return this.models.map(fn);
        }

        filter(fn) {
            return this.models.filter(fn);
        }

        find(fn) {
            return this.models.find(fn);
        }

        at(index) {
            return this.models[index];
        }

        last() {
            return this.models[this.models.length - 1];
        }

        serialize() {
            return this.models.map((m) => m.serialize());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Ids: Wid, MsgKey
    // ---------------------------------------------------------------------------------------------

    /** A WhatsApp id: `<user>[:<device>]@<server>` (c.us person, g.us group, lid, broadcast, newsletter). */
    class Wid {
        constructor(serialized) {
            const text = String(serialized).trim();
            const at = text.indexOf('@');
            if (at <= 0 || at === text.length - 1) {
                throw new Error('invalid wid: ' + JSON.stringify(serialized));
            }
            const userPart = text.slice(0, at);
            const colon = userPart.indexOf(':');
            this.server = text.slice(at + 1);
            this.user = colon >= 0 ? userPart.slice(0, colon) : userPart;
            if (colon >= 0) {
                this.device = Number(userPart.slice(colon + 1));
            }
            this._serialized = text;
        }

        toString() {
            return this._serialized;
        }

        equals(other) {
            return !!other && Collection.keyOf(other) === this._serialized;
        }

        isGroup() {
            return this.server === 'g.us';
        }

        isUser() {
            return this.server === 'c.us' || this.server === 'lid';
        }

        isLid() {
            return this.server === 'lid';
        }

        isBroadcast() {
            return this.server === 'broadcast';
        }

        isStatus() {
            return this.user === 'status' && this.server === 'broadcast';
        }

        isNewsletter() {
            return this.server === 'newsletter';
        }
    }

    /** createWid('17472822486@c.us'), createWid(existingWid) or createWid({_serialized}). Bare digits mean c.us. */
    function createWid(value) {
        if (value instanceof Wid) {
            return value;
        }
        if (value && typeof value === 'object' && typeof value._serialized === 'string') {
            return new Wid(value._serialized);
        }
        if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
            return new Wid(value + '@c.us');
        }
        return new Wid(value);
    }

    /** The account's own wid without a device part (what getMaybeMePnUser answers). */
    function userWidOf(wid) {
        const w = createWid(wid);
        return w.device === undefined ? w : createWid(w.user + '@' + w.server);
    }

    /**
     * A message key. new MsgKey({from, to, id, selfDir: 'out'|'in', participant}) as the engine
     * builds it, or {fromMe, remote, id, participant} as the network sends it.
     * `_serialized` is `<fromMe>_<remote>_<id>` plus `_<participant>` when there is one.
     */
    class MsgKey {
        constructor(fields) {
            const f = fields || {};
            if (typeof f.id !== 'string' || !f.id) {
                throw new Error('MsgKey needs an id');
            }
            this.fromMe = has(f, 'fromMe') ? !!f.fromMe : f.selfDir === 'out';
            // The remote is the other side of the chat: `to` for our messages, `from` for theirs.
            const remote = f.remote !== undefined ? f.remote : this.fromMe ? f.to : f.from;
            if (remote === undefined || remote === null) {
                throw new Error('MsgKey needs the chat (to, from or remote)');
            }
            this.remote = createWid(remote);
            this.id = f.id;
            this.participant = f.participant ? createWid(f.participant) : undefined;
            this._serialized =
                String(this.fromMe) + '_' + this.remote._serialized + '_' + this.id +
                (this.participant ? '_' + this.participant._serialized : '');
        }

        toString() {
            return this._serialized;
        }

        equals(other) {
            return !!other && Collection.keyOf(other) === this._serialized;
        }

        /** '3EB0' and 16 random uppercase hex digits, as WhatsApp Web's own message ids. */
        static async newId() {
            const bytes = crypto.getRandomValues(new Uint8Array(8));
            return '3EB0' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
        }

        /** Parses `<fromMe>_<remote>_<id>[_<participant>]`. */
        static fromString(serialized) {
            const parts = String(serialized).split('_');
            if (parts.length < 3 || (parts[0] !== 'true' && parts[0] !== 'false')) {
                throw new Error('invalid message key: ' + JSON.stringify(serialized));
            }
            return new MsgKey({
                fromMe: parts[0] === 'true',
                remote: parts[1],
                id: parts[2],
                participant: parts.length > 3 ? parts.slice(3).join('_') : undefined,
            });
        }
    }

    /** What serialize() turns an attribute into: plain data only. */
    function toPlain(value) {
        if (value instanceof Wid) {
            return value._serialized;
        }
        if (value instanceof MsgKey) {
            const key = { fromMe: value.fromMe, remote: value.remote._serialized, id: value.id };
            if (value.participant) {
                key.participant = value.participant._serialized;
            }
            key._serialized = value._serialized;
            return key;
        }
        if (value instanceof Model || value instanceof Collection) {
            return value.serialize();
        }
        if (Array.isArray(value)) {
            return value.map(toPlain);
        }
        if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
            const out = {};
            for (const key of Object.keys(value)) {
                out[key] = toPlain(value[key]);
            }
            return out;
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------
    // 3. The page's state
    // ---------------------------------------------------------------------------------------------

    class ChatModel extends Model {
        constructor(attrs) {
            super(attrs);
            // Not an attribute: serialize() of a chat should not drag every message along.
            Object.defineProperty(this, 'msgs', { value: new Collection(Model), enumerable: true });
        }
    }

    class GroupMetadataModel extends Model {
        constructor(attrs) {
            const { participants, ...rest } = attrs || {};
            super(rest);
            Object.defineProperty(this, 'participants', { value: new Collection(Model), enumerable: true });
            if (participants) {
                this.setParticipants(participants);
            }
        }

        /** Accepts [{id|wid, isAdmin|admin, isSuperAdmin}] or plain wids. */
        setParticipants(list) {
            for (const p of list) {
                const entry = p && typeof p === 'object' && !(p instanceof Wid) && !has(p, '_serialized') ? p : { id: p };
                this.participants.add({
                    id: createWid(entry.id !== undefined ? entry.id : entry.wid),
                    isAdmin: !!(entry.isAdmin || entry.admin || entry.isSuperAdmin),
                    isSuperAdmin: !!entry.isSuperAdmin,
                }, { merge: true });
            }
        }

        serialize() {
            return Object.assign(super.serialize(), { participants: this.participants.serialize() });
        }
    }

    class SocketModel extends Model {
        /** Takes the session back after CONFLICT (WhatsApp open elsewhere). */
        takeover() {
            link.takeover();
        }

        /** Unlinks this device; the page then handles the network's `logout` answer. */
        logout() {
            link.requestLogout();
        }
    }

    class CmdEmitter extends Emitter {
        /** Asks for a fresh QR series after UNPAIRED_IDLE. */
        refreshQR() {
            link.sendNow({ type: 'refresh_qr' });
        }
    }

    const Socket = new SocketModel({ state: 'OPENING', hasSynced: false });
    const Conn = new Model({ ref: null, wid: null, pushname: null, platform: null });
    const Cmd = new CmdEmitter();
    const Msg = new Collection(Model);
    const Chat = new Collection(ChatModel);
    const Contact = new Collection(Model);
    const GroupMetadata = new Collection(GroupMetadataModel);

    /** The logged-in account (without device), or null before pairing. */
    function meWid() {
        if (Conn.get('wid')) {
            return userWidOf(Conn.get('wid'));
        }
        return link.creds && link.creds.wid ? userWidOf(link.creds.wid) : null;
    }

    // ---------------------------------------------------------------------------------------------
    // 4. Device storage
    // ---------------------------------------------------------------------------------------------

    /**
     * The device's keys and login, kept like the real page keeps them: in IndexedDB (database
     * `wawc`, store `user`: `keys` and `creds`) and in localStorage (`WASecretBundle` with the keys,
     * `last-wid-md` with the account). IndexedDB is the source of truth for the token;
     * localStorage is the fallback for the keys. Storage failures degrade to an in-memory session
     * instead of breaking the page.
     */
    const deviceStore = {
        DB_NAME: 'wawc',
        STORE: 'user',
        LS_KEYS: 'WASecretBundle',
        LS_WID: 'last-wid-md',
        _db: null,

        async loadOrCreateKeys() {
            let keys = validKeys(await this._idb('readonly', (s) => s.get('keys')));
            if (!keys) {
                keys = validKeys(lsRead(this.LS_KEYS));
            }
            if (!keys) {
                keys = newDeviceKeys();
            }
            await this._idb('readwrite', (s) => s.put(keys, 'keys'));
            lsWrite(this.LS_KEYS, keys);
            return keys;
        },

        async loadCreds() {
            const creds = await this._idb('readonly', (s) => s.get('creds'));
            if (!creds || typeof creds.wid !== 'string' || !creds.token) {
                return null;
            }
            lsWrite(this.LS_WID, creds.wid);
            return creds;
        },

        async saveCreds(creds) {
            await this._idb('readwrite', (s) => s.put(creds, 'creds'));
            lsWrite(this.LS_WID, creds.wid);
        },

        /** Logout: nothing of the login stays (new keys are made on the next start). */
        async clear() {
            await this._idb('readwrite', (s) => s.clear());
            lsRemove(this.LS_KEYS);
            lsRemove(this.LS_WID);
        },

        _open() {
            if (!this._db) {
                this._db = new Promise((resolve) => {
                    let request;
                    try {
                        request = indexedDB.open(this.DB_NAME, 1);
                    } catch (err) {
                        console.warn('[wa-web] IndexedDB is unavailable:', err);
                        resolve(null);
                        return;
                    }
                    request.onupgradeneeded = () => request.result.createObjectStore(this.STORE);
                    request.onsuccess = () => resolve(request.result);
                    request.onerror = () => {
                        console.warn('[wa-web] IndexedDB could not be opened:', request.error);
                        resolve(null);
                    };
                });
            }
            return this._db;
        },

        /** Runs one request in its own transaction; resolves with its result once committed. */
        async _idb(mode, makeRequest) {
            const db = await this._open();
            if (!db) {
                return undefined;
            }
            return new Promise((resolve) => {
                try {
                    const tx = db.transaction(this.STORE, mode);
                    const request = makeRequest(tx.objectStore(this.STORE));
                    tx.oncomplete = () => resolve(request.result);
                    tx.onerror = tx.onabort = () => {
                        console.warn('[wa-web] IndexedDB ' + mode + ' failed:', tx.error);
                        resolve(undefined);
                    };
                } catch (err) {
                    console.warn('[wa-web] IndexedDB ' + mode + ' failed:', err);
                    resolve(undefined);
                }
            });
        },
    };

    function validKeys(keys) {
        return keys && typeof keys.noiseKey === 'string' && typeof keys.identityKey === 'string' &&
            typeof keys.advSecret === 'string' ? keys : null;
    }

    /** A device's key material: noise and identity public keys and the ADV secret, all base64. */
    function newDeviceKeys() {
        return { noiseKey: randomBase64(32), identityKey: randomBase64(32), advSecret: randomBase64(32) };
    }

    function randomBase64(length) {
        const bytes = crypto.getRandomValues(new Uint8Array(length));
        return btoa(String.fromCharCode.apply(null, bytes));
    }

    function lsRead(key) {
        try {
            const text = localStorage.getItem(key);
            return text === null ? null : JSON.parse(text);
        } catch (err) {
            return null;
        }
    }

    function lsWrite(key, value) {
        try {
            localStorage.setItem(key, JSON.stringify(value));
        } catch (err) {
            console.warn('[wa-web] localStorage is unavailable:', err);
        }
    }

    function lsRemove(key) {
        try {
            localStorage.removeItem(key);
        } catch (err) {
            // Nothing stored there either.
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 5. The link to the simulated network
    // ---------------------------------------------------------------------------------------------

    /**
     * Owns the WebSocket. Incoming frames are handled strictly one after another (some handlers
     * await storage, and `connected` must not overtake the `paired` that stores the creds).
     * Requests (`send`, `query_exists`, `create_group`) wait in an ordered outbox and only go out
     * while the session is logged in on the current socket; after a reconnect the outbox is sent
     * again in order.
     */
    const link = {
        ws: null,
        keys: null,
        creds: null,
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
            return scheme + location.host + WS_PATH;
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
            ws.onopen = () => this.sendNow(this.helloFrame());
            ws.onmessage = (event) => this.enqueue(() => this.onFrameText(event.data));
            // The browser logs failed connections itself; the close event that follows does the rest.
            ws.onerror = () => {};
            ws.onclose = () => this.enqueue(() => this.onClosed(ws));
        },

        helloFrame() {
            const c = this.creds;
            return {
                type: 'hello',
                version: VERSION,
                noiseKey: this.keys.noiseKey,
                advSecret: this.keys.advSecret,
                identityKey: this.keys.identityKey,
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
            return new Promise((resolve, reject) => {
                const reqId = String(this.nextReqId++);
                const frame = Object.assign({ type, reqId }, fields);
                this.outbox.push({ reqId, frame, retry, sent: false, resolve, reject });
                this.flushOutbox();
            });
        },

        flushOutbox() {
            if (!this.loggedIn) {
                return;
            }
            for (const entry of this.outbox) {
                if (entry.sent) {
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
            const handler = frame && frameHandlers[frame.type];
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
            this.loggedIn = false;
            this.requeueInFlight();
            if (this.loggingOut) {
                return;
            }
            const state = Socket.get('state');
            if (state === 'CONFLICT') {
                // Reconnecting would send hello with our creds and take the session back from the
                // other connection; that is what takeover() is for, so wait for it.
                return;
            }
            Socket.set({ state: this.creds ? 'TIMEOUT' : 'OPENING' });
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
        async logoutLocally() {
            if (this.loggingOut) {
                return;
            }
            this.loggingOut = true;
            this.loggedIn = false;
            clearTimeout(this.reconnectTimer);
            clearTimeout(this.logoutTimer);
            if (this.ws) {
                this.ws.close();
            }
            await deviceStore.clear();
            this.creds = null;
            Cmd.emit('logout');
            location.replace(postLogoutUrl());
        },
    };

    /** The page's own URL with post_logout=1, keeping whatever else its query string held. */
    function postLogoutUrl() {
        const params = new URLSearchParams(location.search);
        params.set('post_logout', '1');
        return location.pathname + '?' + params.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // 6. Frame handlers (network -> page)
    // ---------------------------------------------------------------------------------------------

    const frameHandlers = {
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
        },

        qr_idle() {
            Socket.set({ state: 'UNPAIRED_IDLE' });
        },

        async paired(f) {
            const creds = { wid: f.creds.wid, deviceId: f.creds.deviceId, token: f.creds.token };
            await deviceStore.saveCreds(creds);
            link.creds = creds;
            link.qr = null;
            Conn.set({ wid: createWid(creds.wid), pushname: f.pushname });
            Socket.set({ state: 'PAIRING' });
        },

        connected(f) {
            const firstLoad = !Socket.get('hasSynced');
            loadSnapshot(f);
            const wid = f.wid || (link.creds && link.creds.wid);
            Conn.set({ wid: wid ? createWid(wid) : null, pushname: f.pushname });
            if (firstLoad) {
                Cmd.emit('offline_progress_update_from_bridge', 100);
            }
            Socket.set({ state: 'CONNECTED' });
            Socket.set({ hasSynced: true });
            link.loggedIn = true;
            link.flushOutbox();
        },

        msg(f) {
            const model = ingestMessage(f.msg, true);
            if (model) {
                link.acknowledgeReceived(wireSerializedId(f.msg));
            }
        },

        msg_decrypted(f) {
            const attrs = messageAttrsFromWire(f.msg, true);
            const model = attrs && Msg.get(attrs.id);
            if (!model) {
                // The ciphertext never reached this page: take the readable message as new.
                frameHandlers.msg(f);
                return;
            }
            const { id, isNewMsg, type, ...rest } = attrs;
            // Everything but the type changes silently: the engine waits for change:type and then
            // reads the rest; a change:body here would look like an edit.
            model.set(rest, { silent: true });
            model.set({ type });
        },

        ack(f) {
            const model = findMessageForAck(f.id);
            const ack = Number(f.ack);
            if (model && ack > (model.get('ack') || 0)) {
                model.set({ ack });
            }
        },

        logout() {
            return link.logoutLocally();
        },

        bad_creds() {
            return link.logoutLocally();
        },

        conflict() {
            link.loggedIn = false;
            Socket.set({ state: 'CONFLICT' });
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

    /** `connected` carries the account's chats, contacts and groups: merge them into the collections. */
    function loadSnapshot(f) {
        for (const c of f.contacts || []) {
            const attrs = typeof c === 'string' ? { id: c } : c;
            Contact.add(Object.assign({}, attrs, { id: createWid(attrs.id) }), { merge: true });
        }
        for (const g of f.groups || []) {
            upsertGroup(g);
        }
        for (const c of f.chats || []) {
            const { msgs, ...attrs } = typeof c === 'string' ? { id: c } : c;
            const id = createWid(attrs.id);
            const meta = GroupMetadata.get(id);
            const chat = Chat.add(Object.assign({
                isGroup: id.isGroup(),
                name: meta ? meta.get('subject') : undefined,
            }, attrs, { id }), { merge: true });
            for (const m of msgs || []) {
                ingestMessage(m, false, chat);
            }
        }
    }

    /** A group from the network ({id, subject, participants, ...}): its metadata and its chat. */
    function upsertGroup(g) {
        const id = createWid(g.id);
        const { participants, ...attrs } = g;
        const meta = GroupMetadata.add(Object.assign({}, attrs, { id }), { merge: true });
        if (participants) {
            meta.setParticipants(participants);
        }
        Chat.add({ id, name: g.subject, isGroup: true }, { merge: true });
        return meta;
    }

    const WID_FIELDS = ['from', 'to', 'author'];
    const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

    /** Model attributes from a serialized message of the network (wids and the key as objects). */
    function messageAttrsFromWire(wire, isNewMsg) {
        if (!wire || !wire.id) {
            console.warn('[wa-web] ignored a message without an id');
            return null;
        }
        const attrs = Object.assign({ body: '', ack: 0, t: nowSeconds() }, wire, { isNewMsg });
        attrs.id = keyFromWire(wire);
        for (const field of WID_FIELDS) {
            if (attrs[field]) {
                attrs[field] = createWid(attrs[field]);
            }
        }
        if (MEDIA_TYPES.has(attrs.type) && !attrs.mediaData) {
            // The sandbox's media is always on the server already: nothing left to fetch first.
            attrs.mediaData = {
                mediaStage: 'RESOLVED',
                type: attrs.type,
                mimetype: attrs.mimetype,
                size: attrs.size,
                filename: attrs.filename,
                directPath: attrs.directPath,
            };
        }
        return attrs;
    }

    function keyFromWire(wire) {
        const id = wire.id;
        if (typeof id === 'string') {
            return MsgKey.fromString(id);
        }
        const key = new MsgKey({
            fromMe: !!id.fromMe,
            remote: id.remote !== undefined ? id.remote : id.fromMe ? wire.to : wire.from,
            id: id.id,
            participant: id.participant,
        });
        if (id._serialized && id._serialized !== key._serialized) {
            // The network named the message: keep its name, so that its `ack` frames find it.
            console.warn('[wa-web] message id ' + id._serialized + ' does not match its parts');
            key._serialized = id._serialized;
        }
        return key;
    }

    function wireSerializedId(wire) {
        return typeof wire.id === 'string' ? wire.id : wire.id._serialized || keyFromWire(wire)._serialized;
    }

    /**
     * Adds a message from the network to its chat and to Msg (Msg fires `add`). A message already
     * held is left alone. Answers the model, or null for an unusable message.
     */
    function ingestMessage(wire, isNewMsg, knownChat) {
        const attrs = messageAttrsFromWire(wire, isNewMsg);
        if (!attrs) {
            return null;
        }
        const existing = Msg.get(attrs.id);
        if (existing) {
            return existing;
        }
        const chat = knownChat || chatForIncoming(attrs);
        const model = new Model(attrs);
        // The chat first, so that everything is in place when the engine sees Msg `add`.
        chat.msgs.add(model);
        Msg.add(model);
        const chatUpdate = { t: Math.max(chat.get('t') || 0, attrs.t) };
        if (isNewMsg && !attrs.id.fromMe) {
            chatUpdate.unreadCount = (chat.get('unreadCount') || 0) + 1;
        }
        chat.set(chatUpdate);
        return model;
    }

    /** The chat of an incoming message, created (with the sender's contact) when new. */
    function chatForIncoming(attrs) {
        const remote = attrs.id.remote;
        const isGroup = remote.isGroup();
        const notifyName = attrs.id.fromMe ? undefined : attrs.notifyName || undefined;
        const sender = attrs.id.fromMe ? null : isGroup ? attrs.author || attrs.id.participant : attrs.from || remote;
        if (sender) {
            Contact.add({ id: sender, pushname: notifyName }, { merge: true });
        }
        let chat = Chat.get(remote);
        if (!chat) {
            const meta = GroupMetadata.get(remote);
            chat = Chat.add({
                id: remote,
                isGroup,
                name: isGroup ? (meta ? meta.get('subject') : undefined) : notifyName,
                t: attrs.t,
            });
        } else if (!isGroup && !chat.get('name') && notifyName) {
            chat.set({ name: notifyName });
        }
        return chat;
    }

    /**
     * `ack` frames name the message by `_serialized`. For a message sent from this page the
     * network only saw the key id (and the chat), so when the exact name is unknown (e.g. a group
     * message whose key carries a participant) fall back to the key id within the chat.
     */
    function findMessageForAck(serialized) {
        const exact = Msg.get(serialized);
        if (exact) {
            return exact;
        }
        const parts = String(serialized).split('_');
        if (parts.length < 3) {
            return undefined;
        }
        return Msg.find((m) => m.get('id').fromMe && m.get('id').id === parts[2] && m.get('id').remote._serialized === parts[1]);
    }

    // ---------------------------------------------------------------------------------------------
    // 7. Actions the engine calls
    // ---------------------------------------------------------------------------------------------

    // The send result of every message sent from this page, so that a repeated send answers the
    // first outcome instead of sending twice.
    const sendResults = new WeakMap();

    function toMsgKey(id) {
        if (id instanceof MsgKey) {
            return id;
        }
        if (typeof id === 'string') {
            return MsgKey.fromString(id);
        }
        if (id && typeof id === 'object') {
            return new MsgKey(id);
        }
        throw new Error('a message needs an id (a MsgKey)');
    }

    /**
     * Adds an outgoing message (ack 0) to the chat and Msg, and sends it. Answers
     * [addedPromise (the model), sendResultPromise ({messageSendResult: 'OK' | 'ERROR', error?})].
     * An id already in Msg is never sent again.
     */
    function addAndSendMsgToChat(chat, msgAttrs) {
        const key = toMsgKey(msgAttrs && msgAttrs.id);
        const existing = Msg.get(key);
        if (existing) {
            const previous = sendResults.get(existing) ||
                Promise.resolve(existing.get('ack') >= 1 ? { messageSendResult: 'OK' } : { messageSendResult: 'ERROR', error: 'not sent from this page' });
            return [Promise.resolve(existing), previous];
        }
        const me = meWid();
        const attrs = Object.assign(
            { body: '', type: 'chat', t: nowSeconds(), from: me || undefined, to: chat.id, local: true, self: 'out' },
            msgAttrs,
            { id: key, ack: 0, isNewMsg: true },
        );
        for (const field of WID_FIELDS) {
            if (attrs[field]) {
                attrs[field] = createWid(attrs[field]);
            }
        }
        const quotedId = quotedStanzaIdOf(attrs);
        if (quotedId) {
            attrs.quotedStanzaID = quotedId;
        }
        const model = new Model(attrs);
        chat.msgs.add(model);
        Msg.add(model);
        chat.set({ t: Math.max(chat.get('t') || 0, attrs.t) });

        const sendResult = link.request('send', { msg: outgoingWire(chat, model) }, true).then(
            () => {
                if ((model.get('ack') || 0) < 1) {
                    model.set({ ack: 1 });
                }
                return { messageSendResult: 'OK' };
            },
            (err) => {
                model.set({ ack: -1 });
                return { messageSendResult: 'ERROR', error: err.message };
            },
        );
        sendResults.set(model, sendResult);
        return [Promise.resolve(model), sendResult];
    }

    function quotedStanzaIdOf(attrs) {
        if (attrs.quotedStanzaID) {
            return attrs.quotedStanzaID;
        }
        const quoted = attrs.quotedMsg;
        if (!quoted) {
            return undefined;
        }
        const id = quoted instanceof Model ? quoted.get('id') : quoted.id;
        return id && typeof id === 'object' ? id.id : undefined;
    }

    /** The `send` frame's msg: only the fields the protocol names. */
    function outgoingWire(chat, model) {
        const a = model.attributes;
        const out = {
            id: a.id.id,
            to: chat.id._serialized,
            type: a.type,
            body: a.body || '',
            t: a.t,
        };
        for (const field of ['caption', 'mimetype', 'filename', 'directPath', 'size']) {
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

    async function findOrCreateLatestChat(wid) {
        const id = createWid(wid);
        let chat = Chat.get(id);
        if (!chat) {
            const contact = Contact.get(id);
            const meta = GroupMetadata.get(id);
            chat = Chat.add({
                id,
                isGroup: id.isGroup(),
                name: meta ? meta.get('subject') : contact ? contact.get('name') || contact.get('pushname') : undefined,
                t: nowSeconds(),
            });
        }
        return { chat };
    }

    async function queryWidExists(wid) {
        const id = createWid(wid);
        const data = await link.request('query_exists', { wid: id._serialized }, true);
        return data.exists ? { wid: id } : null;
    }

    /** participants: [{phoneNumber: wid}] (also plain wids). Not retried: a lost answer fails. */
    async function createGroup(options, participants) {
        const title = (options && (options.title || options.subject)) || '';
        const wids = (participants || []).map((p) => {
            const raw = p && typeof p === 'object' && !(p instanceof Wid) && !has(p, '_serialized')
                ? p.phoneNumber || p.wid || p.id
                : p;
            return createWid(raw);
        });
        const data = await link.request('create_group', { title, participants: wids.map((w) => w._serialized) }, false);
        const gid = createWid(String(data.gid).includes('@') ? data.gid : data.gid + '@g.us');
        const results = (data.participants || []).map((p) => ({
            wid: createWid(p.wid),
            error: p.code !== 200 ? p.code : undefined,
        }));
        const me = meWid();
        const members = results.filter((r) => r.error === undefined).map((r) => ({ id: r.wid }));
        if (me) {
            members.unshift({ id: me, isAdmin: true, isSuperAdmin: true });
        }
        upsertGroup({ id: gid, subject: title, owner: me || undefined, creation: nowSeconds(), participants: members });
        Chat.get(gid).set({ t: nowSeconds() });
        return { wid: gid, participants: results };
    }

    async function downloadAndMaybeDecrypt(options) {
        const o = options || {};
        if (!o.directPath) {
            throw new Error('downloadAndMaybeDecrypt needs a directPath');
        }
        // The sandbox stores media in the clear: there is nothing to decrypt.
        const response = await fetch(o.directPath, { signal: o.signal });
        if (!response.ok) {
            throw new Error('media download failed: HTTP ' + response.status);
        }
        return response.arrayBuffer();
    }

    /** What createFromData answers: the bytes and how to name them. */
    class MediaOpaqueData {
        constructor(blob, mimetype) {
            this.blob = blob;
            this.mimetype = mimetype;
            this.filename = typeof blob.name === 'string' && blob.name ? blob.name : undefined;
            this.size = blob.size;
            this.released = false;
        }

        /** The real page frees the blob once the upload holds it; here it only marks it. */
        autorelease() {
            this.released = true;
        }
    }

    async function createFromData(file, mimetype) {
        if (!(file instanceof Blob)) {
            throw new TypeError('createFromData needs a File or a Blob');
        }
        return new MediaOpaqueData(file, mimetype || file.type || 'application/octet-stream');
    }

    /** image, video, audio, ptt or document; asDocument wins, an Opus voice note is a ptt. */
    function mediaTypeFor(mimetype, options) {
        const mime = String(mimetype || '').toLowerCase();
        if (options.asDocument) {
            return 'document';
        }
        if (mime.startsWith('image/')) {
            return options.asSticker ? 'sticker' : 'image';
        }
        if (mime.startsWith('video/')) {
            return 'video';
        }
        if (mime.startsWith('audio/')) {
            const wantsPtt = options.isPtt !== undefined ? options.isPtt : options.asPtt;
            if (wantsPtt !== undefined) {
                return wantsPtt ? 'ptt' : 'audio';
            }
            // WhatsApp's voice notes are Ogg Opus; other audio goes as an audio file.
            return mime.includes('opus') ? 'ptt' : 'audio';
        }
        return 'document';
    }

    async function sha256Base64(blob) {
        const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
        return encodeB64(new Uint8Array(digest));
    }

    /**
     * The prepared media (WAWebMediaData's role): its type, mimetype, filename, size, filehash and
     * the blob (`mediaBlob`); after an upload also directPath, mediaKey and the other upload fields.
     */
    class MediaData extends Model {
        toJSON() {
            return Object.assign({}, this.attributes);
        }
    }

    /** The page's media path: waitForPrep() prepares the media, sendToChat() uploads and sends it. */
    class MediaPrep {
        constructor(opaque, options) {
            if (!(opaque instanceof MediaOpaqueData)) {
                throw new TypeError('prepRawMedia needs what createFromData answered');
            }
            this.opaque = opaque;
            this.options = options || {};
            this.type = mediaTypeFor(opaque.mimetype, this.options);
            this._prepared = null;
        }

        waitForPrep() {
            if (!this._prepared) {
                this._prepared = this._prepare();
                this._prepared.catch(() => {
                    this._prepared = null;
                });
            }
            return this._prepared;
        }

        async _prepare() {
            return new MediaData({
                type: this.type,
                mimetype: this.opaque.mimetype,
                filename: this.opaque.filename || this.options.filename,
                size: this.opaque.size,
                filehash: await sha256Base64(this.opaque.blob),
                mediaBlob: this.opaque,
                mediaStage: 'PREPARING',
            });
        }

        /** Sends the media with {caption, quotedMsg, mentionedJidList}; answers the send result promise. */
        async sendToChat(chat, options) {
            const o = options || {};
            const mediaData = await this.waitForPrep();
            const mediaObject = getOrCreateMediaObject(mediaData.get('filehash'));
            mediaObject.consolidate(mediaData.toJSON());
            const { mediaEntry } = await uploadMedia({ mimetype: mediaData.get('mimetype'), mediaObject, mediaType: msgToMediaType({ type: mediaData.get('type') }) });
            mediaData.set(uploadedFields(mediaEntry, mediaObject));
            const me = meWid();
            const key = new MsgKey({
                from: me,
                to: chat.id,
                id: await MsgKey.newId(),
                selfDir: 'out',
                participant: chat.id.isGroup() && me ? me : undefined,
            });
            const caption = o.caption || undefined;
            const { mediaBlob, ...fields } = mediaData.toJSON();
            mediaBlob.autorelease();
            const attrs = Object.assign(fields, { id: key, body: caption || '', caption });
            if (o.quotedMsg) {
                attrs.quotedMsg = o.quotedMsg;
            }
            if (o.mentionedJidList) {
                attrs.mentionedJidList = o.mentionedJidList;
            }
            const [, sendResult] = addAndSendMsgToChat(chat, attrs);
            return sendResult;
        }
    }

    /** The fields a message takes from an upload (as the real page sets them on its MediaData). */
    function uploadedFields(mediaEntry, mediaObject) {
        return {
            clientUrl: mediaEntry.mmsUrl,
            directPath: mediaEntry.directPath,
            mediaKey: mediaEntry.mediaKey,
            mediaKeyTimestamp: mediaEntry.mediaKeyTimestamp,
            filehash: mediaObject.filehash,
            encFilehash: mediaEntry.encFilehash,
            uploadhash: mediaEntry.uploadHash,
            size: mediaObject.size,
            mediaStage: 'RESOLVED',
        };
    }

    /** WAWebMediaStorage's media objects: one per file hash, holding what is known of the file. */
    const mediaObjects = new Map();

    class MediaObject {
        constructor(filehash) {
            this.filehash = filehash;
            this.size = undefined;
            this.blob = null;
            this.entry = null;
        }

        /** Takes what the prepared media knows (MediaData.toJSON(): size, and the bytes for the upload). */
        consolidate(json) {
            if (json && json.size !== undefined) {
                this.size = json.size;
            }
            if (json && json.mediaBlob && json.mediaBlob.blob) {
                this.blob = json.mediaBlob.blob;
            }
        }
    }

    function getOrCreateMediaObject(filehash) {
        if (!filehash) {
            throw new Error('getOrCreateMediaObject needs a filehash');
        }
        if (!mediaObjects.has(filehash)) {
            mediaObjects.set(filehash, new MediaObject(filehash));
        }
        return mediaObjects.get(filehash);
    }

    /** WAWebMmsMediaTypes.msgToMediaType: the upload's media type for a message type. */
    function msgToMediaType(msg) {
        const type = msg && msg.type;
        return type === 'sticker' ? 'sticker' : type === 'ptt' ? 'ptt' : MEDIA_TYPES.has(type) ? type : 'document';
    }

    /**
     * WAWebMediaMmsV4Upload.uploadMedia: puts the bytes on the media server; answers
     * {mediaEntry: {mmsUrl, directPath, mediaKey, mediaKeyTimestamp, encFilehash, uploadHash}}.
     * An object uploaded before is not uploaded again.
     */
    async function uploadMedia(request) {
        const mediaObject = request && request.mediaObject;
        if (!(mediaObject instanceof MediaObject)) {
            throw new TypeError('uploadMedia needs {mimetype, mediaObject, mediaType}');
        }
        if (mediaObject.entry) {
            return { mediaEntry: mediaObject.entry };
        }
        if (!mediaObject.blob) {
            throw new Error('uploadMedia: the media object holds no bytes (consolidate it first)');
        }
        const response = await fetch(MEDIA_PATH, {
            method: 'POST',
            headers: { 'Content-Type': request.mimetype || 'application/octet-stream' },
            body: mediaObject.blob,
        });
        if (!response.ok) {
            throw new Error('media upload failed: HTTP ' + response.status);
        }
        const stored = await response.json();
        mediaObject.size = stored.size !== undefined ? stored.size : mediaObject.size;
        mediaObject.entry = {
            mmsUrl: location.origin + stored.directPath,
            directPath: stored.directPath,
            mediaKey: randomBase64(32),
            mediaKeyTimestamp: nowSeconds(),
            encFilehash: mediaObject.filehash,
            uploadHash: mediaObject.filehash,
        };
        return { mediaEntry: mediaObject.entry };
    }

    // ---------------------------------------------------------------------------------------------
    // 8. The module map
    // ---------------------------------------------------------------------------------------------

    const modules = {
        WAWebBuildConstants: { VERSION_STR: VERSION },
        WAWebSocketModel: { Socket },
        WAWebConnModel: { Conn },
        WAWebCmd: { Cmd },
        WAWebCollections: { Msg, Chat, Contact, GroupMetadata },
        WAWebWidFactory: { createWid },
        WAWebFindChatAction: { findOrCreateLatestChat },
        WAWebQueryExistsJob: { queryWidExists },
        WAWebMsgKey: MsgKey,
        WAWebUserPrefsMeUser: { getMaybeMePnUser: meWid },
        WAWebSendMsgChatAction: { addAndSendMsgToChat },
        WAWebMediaOpaqueData: { createFromData },
        WAWebPrepRawMedia: { prepRawMedia: (opaque, options) => new MediaPrep(opaque, options) },
        WAWebMediaStorage: { getOrCreateMediaObject },
        WAWebMmsMediaTypes: { msgToMediaType },
        WAWebMediaMmsV4Upload: { uploadMedia },
        WAWebGroupCreateJob: { createGroup },
        WAWebDownloadManager: { downloadManager: { downloadAndMaybeDecrypt } },
        // The pieces of the QR text besides Conn.ref (ref,noise,identity,adv,platform), where the
        // real page keeps them.
        WAWebUserPrefsInfoStore: { waNoiseInfo: { get: async () => ({ staticKeyPair: { pubKey: bytesOf(link.keys.noiseKey) } }) } },
        WAWebSignalStoreApi: { waSignalStore: { getRegistrationInfo: async () => ({ identityKeyPair: { pubKey: bytesOf(link.keys.identityKey) } }) } },
        WAWebUserPrefsMultiDevice: { getADVSecretKey: async () => link.keys.advSecret },
        WABase64: { encodeB64, decodeB64: bytesOf },
        WAWebCompanionRegClientUtils: { DEVICE_PLATFORM: 'WEB' },
    };

    function bytesOf(base64) {
        const text = atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) {
            bytes[i] = text.charCodeAt(i);
        }
        return bytes;
    }

    function encodeB64(bytes) {
        const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
        let text = '';
        for (let i = 0; i < view.length; i++) {
            text += String.fromCharCode(view[i]);
        }
        return btoa(text);
    }

    function installRequire() {
        window.require = function require(name) {
            if (has(modules, name)) {
                return modules[name];
            }
            // Same message as the real page's loader, so the engine reports a missing module by name.
            throw new Error("Cannot find module '" + name + "'");
        };
        Object.defineProperty(window, '__sandboxPage', {
            configurable: true,
            get: () => ({
                state: Socket.get('state'),
                hasSynced: Socket.get('hasSynced'),
                ref: Conn.get('ref'),
                qrText: link.qr ? link.qr.text : null,
                wid: Conn.get('wid') ? Conn.get('wid')._serialized : null,
                pushname: Conn.get('pushname'),
                hasCreds: !!link.creds,
                socketOpen: !!link.ws && link.ws.readyState === WebSocket.OPEN,
                pendingRequests: link.outbox.length,
                chats: Chat.length,
                msgs: Msg.length,
                contacts: Contact.length,
                groups: GroupMetadata.length,
            }),
        });
    }

    // ---------------------------------------------------------------------------------------------
    // 9. The visible page
    // ---------------------------------------------------------------------------------------------

    const QR_MODULE_PX = 6;
    const QR_QUIET_ZONE = 4;

    const STATE_TEXT = {
        OPENING: 'Connecting to the sandbox network…',
        PAIRING: 'Logging in…',
        UNPAIRED: 'To log in, scan this QR code with the sandbox phone.',
        UNPAIRED_IDLE: 'The QR code expired.',
        TIMEOUT: 'Connection to the sandbox network lost. Retrying…',
        CONFLICT: 'WhatsApp is open in another window.',
    };

    const view = {
        el: {},
        renderTimer: null,

        install() {
            const byId = (id) => document.getElementById(id);
            this.el = {
                state: byId('state-line'),
                qr: byId('qr'),
                canvas: document.querySelector('#qr canvas'),
                refresh: byId('refresh-qr'),
                takeover: byId('use-here'),
                logout: byId('log-out'),
                chats: byId('chats'),
                chatList: byId('chat-list'),
                notice: byId('notice'),
            };
            this.bind(this.el.refresh, () => Cmd.refreshQR());
            this.bind(this.el.takeover, () => Socket.takeover());
            this.bind(this.el.logout, () => Socket.logout());
            if (this.el.notice && new URLSearchParams(location.search).get('post_logout') === '1') {
                this.el.notice.textContent = 'You were logged out.';
                this.el.notice.hidden = false;
            }
            Socket.on('change:state change:hasSynced', () => this.renderState());
            Conn.on('change:ref change:wid change:pushname', () => this.renderState());
            Chat.on('add change', () => this.scheduleChatList());
            Msg.on('add change:body change:type', () => this.scheduleChatList());
            this.renderState();
        },

        bind(button, action) {
            if (button) {
                button.addEventListener('click', action);
            }
        },

        renderState() {
            const state = Socket.get('state');
            const loggedIn = state === 'CONNECTED';
            let text = STATE_TEXT[state] || state;
            if (loggedIn) {
                const wid = Conn.get('wid');
                const who = (Conn.get('pushname') || '') + (wid ? ' (+' + wid.user + ')' : '');
                text = Socket.get('hasSynced') ? 'Connected as ' + who.trim() + '.' : 'Loading your chats…';
            }
            if (this.el.state) {
                this.el.state.textContent = text;
            }
            this.renderQr(state === 'UNPAIRED' ? link.qr : null);
            this.show(this.el.refresh, state === 'UNPAIRED_IDLE');
            this.show(this.el.takeover, state === 'CONFLICT');
            this.show(this.el.logout, loggedIn);
            this.show(this.el.chats, loggedIn && Socket.get('hasSynced'));
            if (loggedIn) {
                this.scheduleChatList();
            }
        },

        show(element, visible) {
            if (element) {
                element.hidden = !visible;
            }
        },

        /** While unpaired: div[data-ref] around the canvas, as the legacy page had it. */
        renderQr(qr) {
            const { qr: box, canvas } = this.el;
            if (!box || !canvas) {
                return;
            }
            if (!qr || !qr.matrix.length) {
                box.removeAttribute('data-ref');
                box.hidden = true;
                return;
            }
            box.setAttribute('data-ref', qr.ref);
            box.hidden = false;
            const size = qr.matrix.length + 2 * QR_QUIET_ZONE;
            canvas.width = size * QR_MODULE_PX;
            canvas.height = size * QR_MODULE_PX;
            const ctx = canvas.getContext('2d');
            ctx.fillStyle = '#ffffff';
            ctx.fillRect(0, 0, canvas.width, canvas.height);
            ctx.fillStyle = '#000000';
            qr.matrix.forEach((row, y) => {
                for (let x = 0; x < row.length; x++) {
                    if (row[x] === '1') {
                        ctx.fillRect((x + QR_QUIET_ZONE) * QR_MODULE_PX, (y + QR_QUIET_ZONE) * QR_MODULE_PX, QR_MODULE_PX, QR_MODULE_PX);
                    }
                }
            });
        },

        scheduleChatList() {
            if (!this.renderTimer) {
                this.renderTimer = setTimeout(() => {
                    this.renderTimer = null;
                    this.renderChatList();
                }, 50);
            }
        },

        renderChatList() {
            const list = this.el.chatList;
            if (!list) {
                return;
            }
            const chats = Chat.getModelsArray().sort((a, b) => (b.get('t') || 0) - (a.get('t') || 0));
            list.replaceChildren(...chats.map((chat) => {
                const item = document.createElement('li');
                const name = document.createElement('span');
                name.className = 'chat-name';
                name.textContent = chat.get('name') || '+' + chat.get('id').user;
                const last = chat.msgs.last();
                const preview = document.createElement('span');
                preview.className = 'chat-preview';
                preview.textContent = last ? previewOf(last) : '';
                item.append(name, preview);
                return item;
            }));
        },
    };

    function previewOf(msg) {
        const type = msg.get('type');
        if (type === 'chat') {
            return msg.get('body') || '';
        }
        if (type === 'ciphertext') {
            return 'Waiting for this message…';
        }
        return '[' + type + '] ' + (msg.get('caption') || msg.get('filename') || '');
    }

    // ---------------------------------------------------------------------------------------------
    // 10. Boot
    // ---------------------------------------------------------------------------------------------

    async function boot() {
        installRequire();
        if (document.readyState === 'loading') {
            await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
        }
        view.install();
        try {
            link.keys = await deviceStore.loadOrCreateKeys();
            link.creds = await deviceStore.loadCreds();
        } catch (err) {
            console.warn('[wa-web] device storage failed; this session will not survive a reload:', err);
            link.keys = link.keys || newDeviceKeys();
        }
        if (link.creds) {
            Conn.set({ wid: createWid(link.creds.wid) });
        }
        // The engine starts scripting once Debug.VERSION exists: only now is every module usable.
        window.Debug = { VERSION };
        link.connect();
    }

    boot().catch((err) => console.error('[wa-web] the page failed to start:', err));
})();
