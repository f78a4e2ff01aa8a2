/*
 * Group membership changes, under WhatsApp Web's names: WAWebModifyParticipantsGroupAction (the
 * actions the page's UI calls: add, remove, promote, demote) and the job that sends them to the
 * server. wa-js finds the job by its exports (addGroupParticipants, removeGroupParticipants,
 * promoteGroupParticipants, demoteGroupParticipants; whatsapp-web.js names no module for them, so
 * the name here is the stand-in's). The network answers each member with a code (200, or 403 /
 * 404 / 409 as WhatsApp refuses) and the group as it now is, which the page takes into its
 * metadata as the real page takes the server's group notification.
 */
__d('WAWebGroupModifyParticipantsJob', ['SandboxLink', 'SandboxChats', 'WAWebWidFactory', 'WAWebGroupMetadataCollection'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const widOf = (p) => (p && typeof p === 'object' && !('_serialized' in p) ? p.phoneNumber || p.lid || p.id : p);

    /** Sends one change; answers [{wid, code}] and takes the group the network answers into the metadata. */
    async function change(action, group, participants) {
        const { createWid } = require('WAWebWidFactory');
        const data = await require('SandboxLink').request('group_participants', {
            gid: String(group._serialized || group),
            action,
            participants: (participants || []).map((p) => String(createWid(String(widOf(p))))),
        }, false);
        if (data.group) {
            const meta = importDefault('WAWebGroupMetadataCollection').get(createWid(data.group.id));
            if (meta) {
                const members = new Set(data.group.participants.map((p) => String(p.id)));
                for (const old of meta.participants.getModelsArray().slice()) {
                    if (!members.has(String(old.id))) {
                        meta.participants.remove(old);
                    }
                }
            }
            require('SandboxChats').upsertGroup(data.group);
        }
        return data.participants || [];
    }

    function refuse(results, action) {
        const failed = results.find((r) => r.code !== 200);
        if (failed) {
            const error = new Error('The server refused to ' + action + ' ' + failed.wid + ' (' + failed.code + ')');
            error.status = failed.code;
            throw error;
        }
    }

    exports.addGroupParticipants = async (group, participants) => {
        const { createWid } = require('WAWebWidFactory');
        const results = await change('add', group, participants);
        return {
            status: 200,
            participants: results.map((r) => ({ userWid: createWid(r.wid), code: String(r.code), invite_code: null, invite_code_exp: null })),
        };
    };
    exports.removeGroupParticipants = async (group, participants) => refuse(await change('remove', group, participants), 'remove');
    exports.promoteGroupParticipants = async (group, participants) => refuse(await change('promote', group, participants), 'promote');
    exports.demoteGroupParticipants = async (group, participants) => refuse(await change('demote', group, participants), 'demote');
});

__d('WAWebModifyParticipantsGroupAction', ['WAWebGroupModifyParticipantsJob'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const job = () => require('WAWebGroupModifyParticipantsJob');
    const ids = (participants) => participants.map((p) => p.id);

    exports.addParticipants = (chat, participants) => job().addGroupParticipants(chat.id, ids(participants));
    exports.removeParticipants = (chat, participants) => job().removeGroupParticipants(chat.id, ids(participants));
    exports.promoteParticipants = (chat, participants) => job().promoteGroupParticipants(chat.id, ids(participants));
    exports.demoteParticipants = (chat, participants) => job().demoteGroupParticipants(chat.id, ids(participants));
    exports.promoteCommunityParticipants = exports.promoteParticipants;
    exports.demoteCommunityParticipants = exports.demoteParticipants;
});
