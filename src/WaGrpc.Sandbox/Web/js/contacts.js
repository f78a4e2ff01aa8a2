/*
 * Contacts and linked ids: the LID <-> phone cache (WAWebLidPnCache, exposed by WAWebApiContact),
 * the contact getters WhatsApp Web's UI reads, and the LID migration flags. The stand-in fills the
 * cache from what the network tells it (contacts on connect, senders of messages, existence checks).
 * WAWebApiContact is defined before WAWebFrontendContactGetters: both export a getPhoneNumber, and
 * finders take the first.
 */
__d('WAWebLidPnCache', ['WAWebWidFactory'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class LidPnCache {
        constructor() {
            this.byLid = new Map();
            this.byPn = new Map();
        }

        getLidEntry(lid) {
            if (!lid || !lid.isLid || !lid.isLid()) {
                throw new Error('WaWebLidPnCache - Invalid get call (not user|not lid)');
            }
            return this.byLid.get(lid.toString());
        }

        getPhoneNumber(lid) {
            const entry = this.getLidEntry(lid);
            return entry ? entry.phoneNumber : undefined;
        }

        getCurrentLid(pn) {
            if (pn && pn.isLid && pn.isLid()) {
                return pn;
            }
            const entry = this.byPn.get(String(pn));
            return entry ? entry.lid : undefined;
        }

        add(lid, entry) {
            if (!lid || !lid.isLid()) {
                throw new Error('WaWebLidPnCache - add: not a lid');
            }
            this.byLid.set(lid.toString(), entry);
            this.byPn.set(entry.phoneNumber.toString(), entry);
        }

        remove(lid) {
            const entry = this.byLid.get(String(lid));
            if (entry) {
                this.byLid.delete(String(lid));
                this.byPn.delete(entry.phoneNumber.toString());
            }
        }

        clear() {
            this.byLid.clear();
            this.byPn.clear();
        }
    }

    exports.LidPnCache = LidPnCache;
});

__d('WAWebApiContact', ['WAWebLidPnCache', 'WAWebWidFactory', 'WAWebUserPrefsMeUser'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { LidPnCache } = require('WAWebLidPnCache');
    const { createWid } = require('WAWebWidFactory');
    const lidPnCache = new LidPnCache();
    const me = () => require('WAWebUserPrefsMeUser');

    exports.lidPnCache = lidPnCache;
    exports.lidPnCacheDirtySet = new Set();

    exports.getPhoneNumber = (lid) => {
        const meLid = me().getMaybeMeLidUser();
        if (meLid && meLid.equals(lid)) {
            return me().getMaybeMePnUser();
        }
        return lidPnCache.getPhoneNumber(lid);
    };

    exports.getCurrentLid = (pn) => {
        const mePn = me().getMaybeMePnUser();
        if (mePn && mePn.equals(pn)) {
            return me().getMaybeMeLidUser() || undefined;
        }
        return lidPnCache.getCurrentLid(pn);
    };

    exports.getAlternateUserWid = (wid) => (wid.isLid() ? exports.getPhoneNumber(wid) : exports.getCurrentLid(wid));

    exports.getMeUserWids = () => [me().getMaybeMeLidUser(), me().getMaybeMePnUser()].filter(Boolean);

    /** Records that `lid` is the linked id of the phone id `pn` (both strings or wids). */
    exports.warmUpLidPnMapping = (lid, pn, createdAt) => {
        const lidWid = createWid(lid);
        const pnWid = createWid(pn);
        lidPnCache.add(lidWid, { lid: lidWid, phoneNumber: pnWid, phoneNumberCreatedAt: createdAt || 0 });
    };

    exports.clearLidPnMappingCache = () => lidPnCache.clear();
});

__d('WAWebContactGetters', ['WAWebWid', 'WAWebUserPrefsMeUser'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const Wid = importDefault('WAWebWid');

    exports.getId = (c) => c.id;
    exports.getName = (c) => c.name;
    exports.getShortName = (c) => c.shortName;
    exports.getPushname = (c) => c.pushname;
    exports.getNotifyName = (c) => (c.isBusiness && c.verifiedLevel !== 2 ? c.verifiedName : c.pushname);
    exports.getPremiumMessageName = (c) => c.pushname || '';
    exports.getIsMe = (c) => require('WAWebUserPrefsMeUser').isMeAccount(c.id);
    exports.getUserid = (c) => (Wid.isUser(c.id) ? c.id.user : null);
    exports.getIsUser = (c) => Wid.isUser(c.id);
    exports.getIsGroup = (c) => Wid.isGroup(c.id);
    exports.getIsBroadcast = (c) => Wid.isBroadcast(c.id);
    exports.getIsNewsletter = (c) => Wid.isNewsletter(c.id);
    exports.getIsPSA = (c) => !!c.id && c.id.isPSA();
    exports.getIsIAS = () => false;
    exports.getIsSupportAccount = () => false;
    exports.getIsWAContact = (c) => Wid.isUser(c.id) && (c.type || 'in') === 'in';
    exports.getCanRequestPhoneNumber = () => false;
    exports.getShowBusinessCheckmarkAsPrimary = () => false;
    exports.getShowBusinessCheckmarkAsSecondary = () => false;
    exports.getShowBusinessCheckmarkInChatlist = () => false;
    exports.getIsDisplayNameApproved = () => false;
    exports.getShouldForceBusinessUpdate = () => false;
    exports.getIsBusiness = (c) => !!c.isBusiness;
});

__d('WAWebFrontendContactGetters', ['WAWebWid', 'WAWebContactGetters'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const Wid = importDefault('WAWebWid');
    const getters = require('WAWebContactGetters');
    const formatted = (wid) => (wid && wid.server === 'c.us' ? '+' + wid.user : wid ? String(wid) : '');
    const isMe = (c) => getters.getIsMe(c);

    exports.getPhoneNumber = (c) => c.phoneNumber;
    exports.getTextStatusString = (c) => c.textStatusString;
    exports.getPnForLid = (c) => formatted(c.phoneNumber || c.id);
    exports.getUserDisplayNameForLid = (c) => c.name || exports.getPnForLid(c);
    exports.getFormattedPhone = (c) => formatted(c.phoneNumber || c.id);
    exports.getFormattedUsernameOrPhone = exports.getFormattedPhone;
    exports.getIsMyContact = (c) => Wid.isUser(c.id) && !!c.name;
    exports.getDisplayName = (c) => (isMe(c) ? 'You' : c.name || c.pushname || formatted(c.id));
    exports.getFormattedName = exports.getDisplayName;
    exports.getFormattedShortName = (c) => (isMe(c) ? 'You' : c.shortName || exports.getDisplayName(c));
    exports.getFormattedShortNameWithNonBreakingSpaces = (c) => exports.getFormattedShortName(c).replace(/ /g, '\u00a0');
    exports.getFormattedUser = (c) => formatted(c.id);
    exports.getSearchName = (c) => exports.getDisplayName(c).toLowerCase();
    exports.getSearchVerifiedName = (c) => c.verifiedName;
    exports.getHeader = (c) => exports.getDisplayName(c).slice(0, 1).toUpperCase();
});

__d('WAWebLidMigrationUtils', ['WAWebApiContact', 'WAWebLid1X1MigrationGating'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const api = () => require('WAWebApiContact');

    exports.toLid = (wid) => (wid.isLid() ? wid : api().getCurrentLid(wid));
    exports.toUserLid = exports.toLid;
    exports.toUserLidOrThrow = (wid) => {
        const lid = exports.toLid(wid);
        if (!lid) {
            throw new Error('No LID for user');
        }
        return lid;
    };
    exports.shouldHaveAccountLid = (wid) => require('WAWebLid1X1MigrationGating').Lid1X1MigrationUtils.isLidMigrated() && wid.isUser();
});

__d('WAWebLid1X1MigrationGating', ['SandboxAccount'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    // The account addresses 1:1 chats by linked ids when the sandbox network does (lidAddressing).
    exports.Lid1X1MigrationUtils = {
        isLidMigrated: () => !!require('SandboxAccount').lidAddressing,
        isSyncdSessionMigrated: () => false,
        lidMigrationSource: () => null,
        shouldCreatePnChat: () => !require('SandboxAccount').lidAddressing,
    };
});

__d('WAWebFrontendVcardUtils', ['WAWebWidFactory'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** A contact's card as WhatsApp makes it: vCard 3.0 with the name and a TEL line carrying the WhatsApp id. */
    exports.vcardFromContactModel = (contact) => {
        const attr = (name) => (contact.get ? contact.get(name) : undefined) || contact[name];
        const phone = attr('phoneNumber') ? require('WAWebWidFactory').createWid(String(attr('phoneNumber'))) : contact.id;
        const user = String(phone.user);
        const name = contact.formattedName || attr('name') || attr('pushname') || '+' + user;
        const vcard = ['BEGIN:VCARD', 'VERSION:3.0', 'N:;' + name + ';;;', 'FN:' + name,
            'TEL;type=CELL;type=VOICE;waid=' + user + ':+' + user, 'END:VCARD'].join('\n');
        return { displayName: name, vcard, isMultiVcard: false };
    };
});
