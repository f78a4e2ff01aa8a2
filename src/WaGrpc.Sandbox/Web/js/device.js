/*
 * This device's keys and login, kept as the real page keeps them: in IndexedDB (database `wawc`,
 * store `user`: `keys` and `creds`) and in localStorage (`WASecretBundle` with the keys,
 * `last-wid-md` with the account). IndexedDB is the source of truth for the token; localStorage is
 * the fallback for the keys. Storage failures degrade to an in-memory session.
 */
__d('SandboxDeviceStore', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

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

    exports.loadOrCreateKeys = () => deviceStore.loadOrCreateKeys();
    exports.loadCreds = () => deviceStore.loadCreds();
    exports.saveCreds = (creds) => deviceStore.saveCreds(creds);
    exports.clear = () => deviceStore.clear();
    exports.newDeviceKeys = newDeviceKeys;
    exports.randomBase64 = randomBase64;
});
