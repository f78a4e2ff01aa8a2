/*
 * The linked account and this device's keys: SandboxAccount (the stand-in's own record: keys,
 * creds, own phone id and linked id, logged in or not) and the WhatsApp Web modules that expose
 * it: WAWebUserPrefsMeUser, WAWebUserPrefsMultiDevice, WAWebAdvSignatureApi, the noise and
 * signal key stores (the parts of the QR text) and WABase64.
 */
__d('SandboxAccount', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.keys = null; // {noiseKey, identityKey, advSecret}: base64
    exports.creds = null; // {wid, lid, deviceId, token} once paired
    exports.loggedIn = false; // the network accepted the creds on the current connection
    exports.pushname = undefined;
});

__d('WABase64', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.encodeB64 = (bytes) => {
        const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
        let text = '';
        for (let i = 0; i < view.length; i += 0x8000) {
            text += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
        }
        return btoa(text);
    };

    exports.decodeB64 = (base64) => {
        const text = atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) {
            bytes[i] = text.charCodeAt(i);
        }
        return bytes.buffer;
    };
});

__d('WAWebUserPrefsMeUser', ['SandboxAccount', 'WAWebWidFactory'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const account = require('SandboxAccount');
    const { createWid, asUserWidOrThrow } = require('WAWebWidFactory');

    const userWid = (value) => (value ? asUserWidOrThrow(createWid(value)) : undefined);

    exports.getMaybeMePnUser = () => userWid(account.creds && account.creds.wid);
    exports.getMaybeMeLidUser = () => userWid(account.creds && account.creds.lid) || null;
    exports.getMeLidUserOrThrow = () => {
        const lid = exports.getMaybeMeLidUser();
        if (!lid) {
            throw new Error('meLidUser');
        }
        return lid;
    };
    exports.getMePnUserOrThrow = () => {
        const pn = exports.getMaybeMePnUser();
        if (!pn) {
            throw new Error('mePnUser');
        }
        return pn;
    };
    exports.getMaybeMeDevicePn = () => (account.creds ? createWid(account.creds.wid) : undefined);
    exports.isMeAccount = (wid) => {
        if (!wid) {
            return false;
        }
        const user = String(wid).replace(/:\d+@/, '@');
        const pn = exports.getMaybeMePnUser();
        const lid = exports.getMaybeMeLidUser();
        return (!!pn && pn.toString() === user) || (!!lid && lid.toString() === user);
    };
    exports.getMeUserMatchingAddressingModeOrThrow = (wid) => (wid && wid.isLid && wid.isLid() ? exports.getMeLidUserOrThrow() : exports.getMePnUserOrThrow());
});

__d('WAWebUserPrefsMultiDevice', ['SandboxAccount'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const account = require('SandboxAccount');

    exports.isRegistered = () => !!account.creds;
    exports.getADVSecretKey = async () => account.keys.advSecret;
});

__d('WAWebAdvSignatureApi', ['SandboxAccount'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const account = require('SandboxAccount');

    exports.getADVSecretKey = () => account.keys.advSecret;
    exports.setADVSignedIdentity = async () => {};
});

__d('WAWebUserPrefsInfoStore', ['SandboxAccount', 'WABase64'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const account = require('SandboxAccount');

    exports.waNoiseInfo = {
        get: async () => ({ staticKeyPair: { pubKey: require('WABase64').decodeB64(account.keys.noiseKey) } }),
    };
});

__d('WAWebSignalStoreApi', ['SandboxAccount', 'WABase64'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const account = require('SandboxAccount');

    exports.waSignalStore = {
        getRegistrationInfo: async () => ({ registrationId: 1, identityKeyPair: { pubKey: require('WABase64').decodeB64(account.keys.identityKey) } }),
    };
});

__d('WAWebCompanionRegClientUtils', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.DEVICE_PLATFORM = 'WEB';
});
