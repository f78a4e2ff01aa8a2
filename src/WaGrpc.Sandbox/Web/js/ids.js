/*
 * Ids as WhatsApp Web models them: WAWebWid (`<user>[:<device>]@<server>`: c.us person, lid linked
 * id, g.us group, broadcast, newsletter), WAWebWidFactory and WAWebMsgKey
 * (`<fromMe>_<remote>_<id>[_<participant>]`).
 */
__d('WAWebWid', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const USER_SERVERS = new Set(['c.us', 'lid', 'bot', 'hosted', 'hosted.lid']);

    class Wid {
        constructor(serialized, options) {
            if (!options || options.intentionallyUsePrivateConstructor !== true) {
                throw new Error('Wid: use WAWebWidFactory.createWid');
            }
            const text = String(serialized).trim().replace(/@s\.whatsapp\.net$/, '@c.us');
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

        toJSON() {
            return this._serialized;
        }

        toJid() {
            return this.server === 'c.us' ? this._serialized.replace(/@c\.us$/, '@s.whatsapp.net') : this._serialized;
        }

        equals(other) {
            return other instanceof Wid && other._serialized === this._serialized;
        }

        getDeviceId() {
            return this.device || 0;
        }

        isUser() {
            return USER_SERVERS.has(this.server);
        }

        isLid() {
            return this.server === 'lid';
        }

        isGroup() {
            return this.server === 'g.us';
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

        isPSA() {
            return this.user === '0' && this.server === 'c.us';
        }

        isBot() {
            return this.server === 'bot';
        }

        isServer() {
            return this.user === 'server' && this.server === 'c.us';
        }

        isCompanion() {
            return this.device !== undefined && this.device !== 0;
        }

        isUserNotPSA() {
            return this.isUser() && !this.isPSA();
        }

        isGroupCall() {
            return this.server === 'call';
        }

        static isXWid(server, wid) {
            if (typeof wid === 'string') {
                return wid.split('@')[1] === server;
            }
            return wid instanceof Wid && wid.server === server;
        }

        static isWid(value) {
            if (typeof value === 'string') {
                return /^[^@\s]+@[a-z.]+$/.test(value);
            }
            return value instanceof Wid;
        }

        static isUser(wid) {
            return Wid.isXWid('c.us', wid) || Wid.isXWid('lid', wid);
        }

        static isLid(wid) {
            return Wid.isXWid('lid', wid);
        }

        static isGroup(wid) {
            return Wid.isXWid('g.us', wid);
        }

        static isBroadcast(wid) {
            return Wid.isXWid('broadcast', wid);
        }

        static isNewsletter(wid) {
            return Wid.isXWid('newsletter', wid);
        }

        static isStatus(wid) {
            return String(wid) === 'status@broadcast';
        }

        static user(wid) {
            return String(wid).split('@')[0];
        }

        static equals(a, b) {
            return String(a) === String(b);
        }
    }

    exports.default = Wid;
});

__d('WAWebWidFactory', ['WAWebWid'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const Wid = importDefault('WAWebWid');
    const cache = new Map();

    /** createWid('17472822486@c.us'); bare digits mean c.us. */
    function createWid(value) {
        if (value instanceof Wid) {
            return value;
        }
        if (value && typeof value === 'object' && typeof value._serialized === 'string') {
            return createWid(value._serialized);
        }
        let text = String(value);
        if (/^\d+$/.test(text)) {
            text += '@c.us';
        }
        let wid = cache.get(text);
        if (!wid) {
            wid = new Wid(text, { intentionallyUsePrivateConstructor: true });
            cache.set(text, wid);
        }
        return wid;
    }

    function isWidlike(value) {
        return Wid.isWid(value) || (!!value && typeof value === 'object' && Wid.isWid(value._serialized));
    }

    function createWidFromWidLike(value) {
        return createWid(value);
    }

    function createUserWidOrThrow(user, server) {
        const text = String(user);
        const wid = createWid(/@(c\.us|s\.whatsapp\.net|lid|bot)$/.test(text) ? text : text + '@' + (server || 'c.us'));
        if (wid.device !== undefined) {
            throw new Error('createUserWidOrThrow: a device wid: ' + text);
        }
        return wid;
    }

    /** The user wid of a device wid (`1555:3@c.us` → `1555@c.us`). */
    function asUserWidOrThrow(value) {
        const wid = createWid(value);
        if (!wid.isUser()) {
            throw new Error('asUserWidOrThrow: not a user: ' + wid);
        }
        return wid.device === undefined ? wid : createWid(wid.user + '@' + wid.server);
    }

    exports.createWid = createWid;
    exports.createWidFromWidLike = createWidFromWidLike;
    exports.isWidlike = isWidlike;
    exports.createUserWid = createUserWidOrThrow;
    exports.createUserWidOrThrow = createUserWidOrThrow;
    exports.asUserWidOrThrow = asUserWidOrThrow;
    exports.toUserWid = asUserWidOrThrow;
});

__d('WAWebMsgKey', ['WAWebWid', 'WAWebWidFactory'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const Wid = importDefault('WAWebWid');

    class MsgKey {
        /** new MsgKey({fromMe, remote, id, participant}) or {from, to, id, participant, selfDir: 'in'|'out'}. */
        constructor(fields) {
            if (fields === null || fields === undefined) {
                throw new Error('MsgKey error: obj is null/undefined');
            }
            const { createWid } = require('WAWebWidFactory');
            if (typeof fields.id !== 'string' || !fields.id) {
                throw new Error('MsgKey error: id is missing');
            }
            this.fromMe = 'fromMe' in fields ? !!fields.fromMe : fields.selfDir === 'out';
            const remote = fields.remote !== undefined ? fields.remote : this.fromMe ? fields.to : fields.from;
            if (remote === undefined || remote === null) {
                throw new Error('MsgKey error: remote is missing');
            }
            this.remote = remote instanceof Wid ? remote : createWid(remote);
            this.id = fields.id;
            if (fields.participant !== undefined) {
                this.participant = fields.participant === null ? null : createWid(fields.participant);
            }
            const parts = [String(this.fromMe), this.remote._serialized, this.id];
            if (this.participant !== undefined) {
                parts.push(this.participant === null ? '' : this.participant._serialized);
            }
            this._serialized = parts.join('_');
        }

        toString() {
            return this._serialized;
        }

        toJSON() {
            return this._serialized;
        }

        clone() {
            return new MsgKey({ fromMe: this.fromMe, remote: this.remote, id: this.id, participant: this.participant });
        }

        equals(other) {
            return other instanceof MsgKey && other.toString() === this.toString();
        }

        /** '3EB0' and 16 random uppercase hex digits, as WhatsApp Web's own message ids. */
        static async newId() {
            return MsgKey.newId_DEPRECATED();
        }

        static newId_DEPRECATED() {
            const bytes = crypto.getRandomValues(new Uint8Array(8));
            return '3EB0' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
        }

        /** Parses `<fromMe>_<remote>_<id>[_<participant>]`. */
        static fromString(serialized) {
            if (serialized instanceof MsgKey) {
                return serialized;
            }
            const parts = String(serialized).split('_');
            if (parts.length < 3 || (parts[0] !== 'true' && parts[0] !== 'false')) {
                throw new Error('MsgKey error: cannot parse ' + JSON.stringify(serialized));
            }
            const participant = parts.length > 3 && parts[3] && parts[3] !== 'in' && parts[3] !== 'out' ? parts.slice(3).join('_') : undefined;
            return new MsgKey({ fromMe: parts[0] === 'true', remote: parts[1], id: parts[2], participant });
        }

        static from(serialized) {
            return MsgKey.fromString(serialized);
        }
    }

    exports.default = MsgKey;
});
