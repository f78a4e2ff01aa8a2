/*
 * The page's other stores that wa-js listens to from its start: presence (who is online or
 * typing: the sandbox has no presence, everyone stays unknown), the block list, status updates
 * and calls (the sandbox has none of them). They exist so that wa-js's listeners attach as on
 * the real page.
 */
__d('WAWebPresenceCollection', ['WAWebBaseCollection', 'WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');
    const { BaseCollection } = require('WAWebBaseCollection');

    class Presence extends BaseModel {
        /** Subscribes to the contact's presence: the sandbox reports none, so nothing changes. */
        async subscribe() {
            this.set({ hasData: false });
        }
    }

    class PresenceCollectionImpl extends BaseCollection {
        static model = defineModel(Presence, 'presence');
    }

    // The page exports the instance only (wa-js reads PresenceCollectionImpl first, for older builds).
    exports.PresenceCollection = new PresenceCollectionImpl();
});

__d('WAWebBlocklistCollection', ['WAWebBaseCollection', 'WAWebContactModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class BlocklistCollectionImpl extends require('WAWebBaseCollection').BaseCollection {
        static model = importDefault('WAWebContactModel');
    }

    exports.BlocklistCollection = new BlocklistCollectionImpl();
});

__d('WAWebStatusV3Collection', ['WAWebBaseCollection', 'WAWebBaseModel', 'WAWebChatMsgsCollection'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');
    const { ChatMsgsCollection } = require('WAWebChatMsgsCollection');

    class StatusV3 extends BaseModel {
        constructor(attrs, options) {
            super(attrs, options);
            Object.defineProperty(this, 'msgs', { value: new ChatMsgsCollection(), enumerable: true });
        }
    }

    class StatusV3CollectionImpl extends require('WAWebBaseCollection').BaseCollection {
        static model = defineModel(StatusV3, 'statusV3');

        /** The account's own status updates (none in the sandbox). */
        getMyStatus() {
            const { createWid } = require('WAWebWidFactory');
            const me = require('WAWebUserPrefsMeUser').getMaybeMePnUser();
            return this.get(me || 'status@broadcast') || this.add({ id: me || createWid('status@broadcast') });
        }
    }

    exports.StatusV3CollectionImpl = StatusV3CollectionImpl;
    exports.StatusV3Collection = new StatusV3CollectionImpl();
});

__d('WAWebCallCollection', ['WAWebBaseCollection', 'WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    class Call extends BaseModel {}

    class CallCollectionImpl extends require('WAWebBaseCollection').BaseCollection {
        static model = defineModel(Call, 'call');

        /** The sandbox network places no calls. */
        processIncomingCall() {}
    }

    exports.CallCollectionImpl = CallCollectionImpl;
    exports.CallCollection = new CallCollectionImpl();
});
