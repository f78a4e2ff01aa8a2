/*
 * The page's models and collections, under WhatsApp Web's names and shapes: Msg (proxy "msg"),
 * Chat ("chat", with its `msgs`), Contact ("contact"), GroupMetadata ("groupMetadata", with its
 * participants), and the collections that hold them (MsgCollection, ChatCollection,
 * ContactCollection, GroupMetadataCollection, ChatMsgsCollection).
 */
__d('WAWebMsgModel', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    class Msg extends BaseModel {
        /** The sandbox keeps media in the clear on its server: "downloading" is fetching it once. */
        async downloadMedia() {
            const media = this.mediaData;
            if (!media || media.mediaBlob || !media.directPath) {
                return;
            }
            const response = await fetch(require('SandboxPaths').url(media.directPath));
            if (!response.ok) {
                throw new Error('media download failed: HTTP ' + response.status);
            }
            const blob = new Blob([await response.arrayBuffer()], { type: media.mimetype || 'application/octet-stream' });
            media.mediaBlob = { forceToBlob: () => blob };
            media.mediaStage = 'RESOLVED';
        }
    }

    exports.Msg = defineModel(Msg, 'msg');
});

__d('WAWebChatMsgsCollection', ['WAWebCollection', 'WAWebMsgModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class ChatMsgsCollection extends importDefault('WAWebCollection') {
        static model = require('WAWebMsgModel').Msg;
    }

    exports.ChatMsgsCollection = ChatMsgsCollection;
});

__d('WAWebChatModel', ['WAWebBaseModel', 'WAWebChatMsgsCollection'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');
    const { ChatMsgsCollection } = require('WAWebChatMsgsCollection');

    class Chat extends BaseModel {
        constructor(attrs, options) {
            super(attrs, options);
            // Not attributes: serialize() of a chat should not drag every message along.
            Object.defineProperty(this, 'msgs', { value: new ChatMsgsCollection(), enumerable: true });
            Object.defineProperty(this, 'msgChunks', { value: [], enumerable: false });
        }

        /** The chat's presence (online, typing), as the real chat model carries it. */
        get presence() {
            const { PresenceCollection } = require('WAWebPresenceCollection');
            return PresenceCollection.get(this.id) || PresenceCollection.add({ id: this.id });
        }

        get groupMetadata() {
            return this.id && this.id.isGroup() ? importDefault('WAWebGroupMetadataCollection').get(this.id) : undefined;
        }
    }

    exports.Chat = defineModel(Chat, 'chat');
});

__d('WAWebContactModel', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    class Contact extends BaseModel {}

    exports.default = defineModel(Contact, 'contact');
});

__d('WAWebParticipantModel', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    /** A group member: {id, isAdmin, isSuperAdmin}. */
    class Participant extends BaseModel {}

    exports.default = defineModel(Participant, 'participant');
});

__d('WAWebGroupMetadataModel', ['WAWebBaseModel', 'WAWebCollection', 'WAWebWidFactory', 'WAWebParticipantModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');
    const Collection = importDefault('WAWebCollection');
    const Participant = importDefault('WAWebParticipantModel');

    class ParticipantCollection extends Collection {
        static model = Participant;

        iAmMember() {
            return this.models.some((p) => isMe(p.id));
        }

        iAmAdmin() {
            return this.models.some((p) => isMe(p.id) && p.isAdmin);
        }

        /** What WhatsApp lets an admin do to a member: remove anyone but the creator and oneself. */
        canRemove(p) {
            return this.iAmAdmin() && this.models.includes(p) && !p.isSuperAdmin && !isMe(p.id);
        }

        canPromote(p) {
            return this.iAmAdmin() && this.models.includes(p) && !p.isAdmin;
        }

        canDemote(p) {
            return this.iAmAdmin() && this.models.includes(p) && p.isAdmin && !p.isSuperAdmin;
        }
    }

    function isMe(wid) {
        return require('WAWebUserPrefsMeUser').isMeAccount(wid);
    }

    class GroupMetadata extends BaseModel {
        constructor(attrs, options) {
            const { participants, ...rest } = attrs || {};
            super(Object.assign({ stale: false }, rest), options);
            Object.defineProperty(this, 'participants', { value: new ParticipantCollection(), enumerable: true });
            if (participants) {
                this.setParticipants(participants);
            }
        }

        /** Accepts [{id, isAdmin, isSuperAdmin}] or plain wids. */
        setParticipants(list) {
            const { createWid } = require('WAWebWidFactory');
            for (const p of list) {
                const entry = p && typeof p === 'object' && !('_serialized' in p) ? p : { id: p };
                this.participants.add({
                    id: createWid(entry.id),
                    isAdmin: !!(entry.isAdmin || entry.isSuperAdmin),
                    isSuperAdmin: !!entry.isSuperAdmin,
                }, { merge: true });
            }
        }

        serialize() {
            return Object.assign(super.serialize(), { participants: this.participants.serialize() });
        }
    }

    exports.default = defineModel(GroupMetadata, 'groupMetadata');
});

__d('WAWebMsgCollection', ['WAWebBaseCollection', 'WAWebMsgModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseCollection } = require('WAWebBaseCollection');

    class MsgCollectionImpl extends BaseCollection {
        static model = require('WAWebMsgModel').Msg;

        /**
         * Messages from the network for one chat: added to the chat and to this collection (which
         * fires `add`). A message already held is left alone. Answers the models.
         */
        async processMultipleMessages(chatWid, msgs) {
            return msgs.map((attrs) => require('SandboxChats').ingest(attrs));
        }
    }

    exports.MsgCollectionImpl = MsgCollectionImpl;
    exports.MsgCollection = new MsgCollectionImpl();
});

__d('WAWebChatCollection', ['WAWebBaseCollection', 'WAWebChatModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseCollection } = require('WAWebBaseCollection');

    class ChatCollectionImpl extends BaseCollection {
        static model = require('WAWebChatModel').Chat;
    }

    exports.ChatCollectionImpl = ChatCollectionImpl;
    exports.ChatCollection = new ChatCollectionImpl();
});

__d('WAWebContactCollection', ['WAWebBaseCollection', 'WAWebContactModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseCollection } = require('WAWebBaseCollection');

    class ContactCollectionImpl extends BaseCollection {
        static model = importDefault('WAWebContactModel');

        /** get-or-add by wid. */
        gadd(wid, options) {
            return this.get(wid) || this.add({ id: wid }, options);
        }
    }

    exports.ContactCollectionImpl = ContactCollectionImpl;
    exports.ContactCollection = new ContactCollectionImpl();
});

__d('WAWebGroupMetadataCollection', ['WAWebBaseCollection', 'WAWebGroupMetadataModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseCollection } = require('WAWebBaseCollection');

    class GroupMetadataCollection extends BaseCollection {
        static model = importDefault('WAWebGroupMetadataModel');

        /** The metadata of a group the account knows (the network sent it on connect or create). */
        async find(wid) {
            const meta = this.get(wid);
            if (!meta) {
                throw new Error('group metadata not found: ' + wid);
            }
            return meta;
        }

        _handleParentGroupChange() {}
    }

    exports.default = new GroupMetadataCollection();
});
