/*
 * Sending media as WhatsApp Web does: WAWebMediaOpaqueData (the bytes), WAWebMediaPrep
 * (prepRawMedia → waitForPrep → sendToChat), the upload (WAWebMediaMmsV4Upload.uploadMedia, to
 * the sandbox's media server, in the clear) and the media type of a message. The sandbox makes no
 * thumbnails: a media message's body (the thumbnail on the real page) stays empty, its caption
 * is apart.
 */
__d('WAWebMediaOpaqueData', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class OpaqueData {
        constructor(blob, mimetype) {
            this._blob = blob;
            this._type = mimetype || blob.type || 'application/octet-stream';
            this.filename = typeof blob.name === 'string' && blob.name ? blob.name : undefined;
            this.released = false;
        }

        static async createFromData(blob, mimetype) {
            if (!(blob instanceof Blob)) {
                throw new TypeError('createFromData needs a File or a Blob');
            }
            return new OpaqueData(blob, mimetype);
        }

        type() {
            return this._type;
        }

        size() {
            return this._blob.size;
        }

        forceToBlob() {
            return this._blob;
        }

        url() {
            return URL.createObjectURL(this._blob);
        }

        retain() {
            return this;
        }

        autorelease() {
            this.released = true;
            return this;
        }

        throwIfReleased() {}
    }

    exports.default = OpaqueData;
});

__d('WAWebMmsMediaTypes', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

    exports.msgToMediaType = (msg) => (msg && TYPES.has(msg.type) ? msg.type : 'document');
});

__d('WAWebMediaMmsV4Upload', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** Puts the bytes on the media server: {mediaEntry: {directPath, mmsUrl, mediaKey, ...}}. */
    exports.uploadMedia = async ({ mimetype, blob, filehash }) => {
        const response = await fetch(require('SandboxPaths').url('/sandbox/media'), {
            method: 'POST',
            headers: { 'Content-Type': mimetype || 'application/octet-stream' },
            body: blob,
        });
        if (!response.ok) {
            throw new Error('media upload failed: HTTP ' + response.status);
        }
        const stored = await response.json();
        return {
            mediaEntry: {
                mmsUrl: location.origin + require('SandboxPaths').url(stored.directPath),
                directPath: stored.directPath,
                size: stored.size,
                mediaKey: require('SandboxDeviceStore').randomBase64(32),
                mediaKeyTimestamp: Math.floor(Date.now() / 1000),
                encFilehash: filehash,
                uploadHash: filehash,
            },
        };
    };
});

__d('WAWebMediaPrep', ['WAWebBaseModel', 'WAWebMediaOpaqueData', 'WAWebMsgModel', 'WAWebMsgCollection', 'SandboxLink'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel } = require('WAWebBaseModel');
    const OpaqueData = importDefault('WAWebMediaOpaqueData');

    /** image, video, audio, ptt, sticker or document; asDocument wins, an Opus voice note is a ptt. */
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
            if (options.isPtt !== undefined) {
                return options.isPtt ? 'ptt' : 'audio';
            }
            return mime.includes('opus') ? 'ptt' : 'audio';
        }
        return 'document';
    }

    async function sha256Base64(blob) {
        const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
        return require('WABase64').encodeB64(new Uint8Array(digest));
    }

    class MediaData extends BaseModel {}

    class MediaPrep {
        constructor(opaque, options) {
            if (!(opaque instanceof OpaqueData)) {
                throw new TypeError('prepRawMedia needs what createFromData answered');
            }
            this.opaque = opaque;
            this.options = options || {};
            this.type = mediaTypeFor(opaque.type(), this.options);
            this._mediaData = null;
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
            this._mediaData = new MediaData({
                type: this.type,
                mimetype: this.opaque.type(),
                filename: this.opaque.filename,
                size: this.opaque.size(),
                filehash: await sha256Base64(this.opaque.forceToBlob()),
                mediaBlob: this.opaque,
                mediaStage: 'PREPARED',
            });
            return this._mediaData;
        }

        /**
         * Uploads and sends: the message is {media fields, ...productMsgOptions} (its id kept as
         * given), added to the chat after the upload; answers the send result.
         */
        async sendToChat(request) {
            const { chat, options } = request;
            const o = options || {};
            const mediaData = await this.waitForPrep();
            const upload = require('WAWebMediaMmsV4Upload');
            const { mediaEntry } = await upload.uploadMedia({
                mimetype: mediaData.mimetype,
                blob: this.opaque.forceToBlob(),
                filehash: mediaData.filehash,
                mediaType: this.type,
            });
            const product = o.productMsgOptions || {};
            // A caption the user did not write (wa-js passes the file name) is not a caption.
            const caption = product.isCaptionByUser === false ? undefined : o.caption !== undefined ? o.caption : product.caption;
            const attrs = Object.assign({
                type: this.type,
                mimetype: mediaData.mimetype,
                filename: mediaData.filename || product.filename,
                size: mediaEntry.size !== undefined ? mediaEntry.size : mediaData.size,
                filehash: mediaData.filehash,
                encFilehash: mediaEntry.encFilehash,
                directPath: mediaEntry.directPath,
                clientUrl: mediaEntry.mmsUrl,
                mediaKey: mediaEntry.mediaKey,
                mediaKeyTimestamp: mediaEntry.mediaKeyTimestamp,
                body: '',
            }, product, { type: this.type, caption: caption || undefined });
            attrs.mediaData = { type: this.type, mimetype: attrs.mimetype, filehash: attrs.filehash, filename: attrs.filename, size: attrs.size, directPath: attrs.directPath, mediaStage: 'RESOLVED', mediaBlob: this.opaque };
            this.opaque.autorelease();
            const [, sendResult] = require('WAWebSendMsgChatAction').addAndSendMsgToChat(chat, attrs);
            return sendResult;
        }
    }

    exports.MediaPrep = MediaPrep;
    exports.prepRawMedia = (opaque, options) => new MediaPrep(opaque, options);
    exports.uploadProductImage = async () => {
        throw new Error('the sandbox has no product catalog');
    };
});
