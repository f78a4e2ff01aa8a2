/*
 * The visible page: the QR code to scan (a canvas inside div[data-ref], as the real page draws
 * it), the buttons a person clicks (reload QR, use here, log out) and the chat list.
 */
__d('SandboxView', ['SandboxLink', 'WAWebSocketModel', 'WAWebConnModel', 'WAWebCmd', 'WAWebChatCollection', 'WAWebMsgCollection', 'WAWebUserPrefsMeUser'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const link = require('SandboxLink');
    const { Socket } = require('WAWebSocketModel');
    const { Conn } = require('WAWebConnModel');
    const { Cmd } = require('WAWebCmd');
    const { ChatCollection } = require('WAWebChatCollection');
    const { MsgCollection } = require('WAWebMsgCollection');
    const me = require('WAWebUserPrefsMeUser');


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
            Conn.on('change:ref change:pushname', () => this.renderState());
            ChatCollection.on('add change', () => this.scheduleChatList());
            MsgCollection.on('add change:body change:type', () => this.scheduleChatList());
            this.renderState();
        },

        bind(button, action) {
            if (button) {
                button.addEventListener('click', action);
            }
        },

        renderState() {
            const state = Socket.state;
            const loggedIn = state === 'CONNECTED';
            let text = STATE_TEXT[state] || state;
            if (loggedIn) {
                const wid = me.getMaybeMePnUser();
                const who = (Conn.pushname || '') + (wid ? ' (+' + wid.user + ')' : '');
                text = Socket.hasSynced ? 'Connected as ' + who.trim() + '.' : 'Loading your chats…';
            }
            if (this.el.state) {
                this.el.state.textContent = text;
            }
            this.renderQr(state === 'UNPAIRED' ? link.qr : null);
            this.show(this.el.refresh, state === 'UNPAIRED_IDLE');
            this.show(this.el.takeover, state === 'CONFLICT');
            this.show(this.el.logout, loggedIn);
            this.show(this.el.chats, loggedIn && Socket.hasSynced);
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
            const chats = ChatCollection.toArray().sort((a, b) => (b.t || 0) - (a.t || 0));
            list.replaceChildren(...chats.map((chat) => {
                const item = document.createElement('li');
                const name = document.createElement('span');
                name.className = 'chat-name';
                name.textContent = chat.name || '+' + chat.id.user;
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
        const type = msg.type;
        if (type === 'chat') {
            return msg.body || '';
        }
        if (type === 'ciphertext') {
            return 'Waiting for this message…';
        }
        return '[' + type + '] ' + (msg.caption || msg.filename || '');
    }

    module.exports = view;
});
