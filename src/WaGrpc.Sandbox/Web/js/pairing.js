/*
 * Linking with a phone number instead of a QR code (WhatsApp → Linked devices → "Link with phone
 * number instead"): WAWebAltDeviceLinkingApi starts the flow, WAWebLinkDeviceAction asks the
 * network for the 8-character code the phone then types (the sandbox phone: POST
 * /sandbox/api/link {"code"}), WAWebLinkDeviceEvents tells the UI when a code expires or fails.
 */
__d('WAWebLinkDeviceEvents', ['WAWebEventEmitter'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class LinkDeviceEvents extends importDefault('WAWebEventEmitter') {
        triggerRefreshAltLinkingCode() {
            this.trigger('link_device_events:refresh_alt_linking_code');
        }

        triggerErrorAltLinking(error) {
            this.trigger('link_device_events:error_alt_linking', error);
        }
    }

    exports.WAWebLinkDeviceEvents = new LinkDeviceEvents();
});

__d('WAWebAltDeviceLinkingApi', ['SandboxLink', 'SandboxAccount'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** Resets the pairing to "link with phone number" (the QR stays valid too in the sandbox). */
    exports.initializeAltDeviceLinking = async () => {
        if (require('SandboxAccount').creds) {
            throw new Error('already linked');
        }
    };

    /** Sends the companion hello for `phone`; answers the code to type on that phone. */
    exports.startAltLinkingFlow = async (phone, pushNotification) => {
        const digits = String(phone).replace(/\D/g, '');
        if (!digits) {
            throw new Error('a phone number is needed to link with a code');
        }
        const data = await require('SandboxLink').requestBeforeLogin('link_code', { phone: digits, push: pushNotification !== false });
        return data.code;
    };

    exports.initializeQRLinking = async () => {};
});

__d('WAWebLinkDeviceAction', ['WAWebAltDeviceLinkingApi'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.genLinkDeviceCodeForPhoneNumber = (phone, pushNotification) =>
        require('WAWebAltDeviceLinkingApi').startAltLinkingFlow(phone, pushNotification);
});
