/*
 * The session's state under WhatsApp Web's names: Stream (mode QR / SYNCING / MAIN), Socket
 * (OPENING, UNPAIRED, UNPAIRED_IDLE, PAIRING, CONNECTED, TIMEOUT, CONFLICT), Conn (the QR ref),
 * Cmd (main_loaded, logout, logout_from_bridge), the backend event bus, network status, the
 * login flags, the version, and logout reasons. SandboxLink (link.js) drives them.
 */
__d('WAWebSocketConstants', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const names = (list) => Object.freeze(Object.fromEntries(list.map((n) => [n, n])));
    exports.SOCKET_STATE = names(['OPENING', 'PAIRING', 'UNPAIRED', 'UNPAIRED_IDLE', 'CONNECTED', 'TIMEOUT', 'CONFLICT',
        'UNLAUNCHED', 'PROXYBLOCK', 'TOS_BLOCK', 'SMB_TOS_BLOCK', 'DEPRECATED_VERSION']);
    exports.SOCKET_STREAM = names(['DISCONNECTED', 'SYNCING', 'RESUMING', 'CONNECTED']);
    exports.WATCHED_SOCKET_STATE = names(['OPEN', 'CLOSED']);
});

__d('WAWebStreamModel', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    class StreamModel extends BaseModel {
        markAvailable() {
            this.set({ available: true });
        }

        markUnavailable() {
            this.set({ available: false });
        }
    }

    defineModel(StreamModel, 'stream');
    exports.Stream = new StreamModel({ mode: 'SYNCING', info: 'OPENING', needsUpdate: false, available: false });
});

__d('WAWebSocketModel', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    class SocketModel extends BaseModel {
        /** "Use here": take the session back after CONFLICT. */
        takeover() {
            require('SandboxLink').takeover();
        }

        /** Unlinks this device; the page logs out when the network answers. */
        logout() {
            require('SandboxLink').requestLogout();
        }

        poke() {}

        initConn() {
            require('SandboxLink').connect();
        }
    }

    defineModel(SocketModel, 'socket');
    exports.Socket = new SocketModel({ state: 'OPENING', stream: 'DISCONNECTED', hasSynced: false });
});

__d('WAWebConnModel', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel, defineModel } = require('WAWebBaseModel');

    class ConnImpl extends BaseModel {}

    defineModel(ConnImpl, 'conn');
    exports.ConnImpl = ConnImpl;
    exports.Conn = new ConnImpl({ ref: undefined, connected: false, platform: undefined, pushname: undefined });
});

__d('WAWebCmd', ['WAWebEventEmitter'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class CmdImpl extends importDefault('WAWebEventEmitter') {
        constructor() {
            super();
            this.isMainLoaded = false;
        }

        /** The chats are loaded: `main_loaded` (once per login). */
        mainLoaded() {
            this.isMainLoaded = true;
            this.trigger('main_loaded');
        }

        /** Asks for a fresh QR series after UNPAIRED_IDLE (the real page goes through the backend bus). */
        refreshQR() {
            require('WAWebBackendEventBus').BackendEventBus.triggerRefreshQR();
        }

        onLogoutFromBridge() {
            this.trigger('logout_from_bridge');
        }
    }

    exports.CmdImpl = CmdImpl;
    exports.Cmd = new CmdImpl();
});

__d('WAWebBackendEventBus', ['WAWebEventEmitter'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const BackendEvent = Object.freeze({ LOGOUT: 'logout', REFRESH_QR: 'refresh_qr', SET_SOCKET_STATE: 'set_socket_state' });

    class BackendEventBusImpl extends importDefault('WAWebEventEmitter') {
        triggerRefreshQR() {
            this.trigger(BackendEvent.REFRESH_QR);
            require('SandboxLink').sendNow({ type: 'refresh_qr' });
        }
    }

    exports.BackendEvent = BackendEvent;
    exports.BackendEventBus = new BackendEventBusImpl();
});

__d('WAWebNetworkStatus', ['WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const { BaseModel } = require('WAWebBaseModel');

    class NetworkStatus extends BaseModel {
        async checkOnline() {
            return this.online;
        }

        async waitIfOffline() {}
    }

    exports.default = new NetworkStatus({ online: navigator.onLine !== false });
});

__d('WAWebUserPrefsIsLoggedIn', ['SandboxAccount'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    /** Logged in: the device holds valid creds and the network accepted them on this connection. */
    exports.isLoggedIn = () => require('SandboxAccount').loggedIn;
    exports.setIsConnectedAsRegistered = (value) => {
        require('SandboxAccount').loggedIn = !!value;
    };
});

__d('WAWebBuildConstants', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    // The WhatsApp Web build this stand-in models (wa-js 4.6.0 supports >= 2.3000.1038792969).
    exports.VERSION_STR = '2.3000.1045220589';
    exports.VERSION_BASE = '2.3000.1045220589';
    exports.VERSION_PRIMARY = '2';
    exports.VERSION_SECONDARY = '3000';
    exports.VERSION_TERTIARY = '1045220589';
    exports.WINDOWS_BUILD = null;
});

__d('WAWebUpdaterVersion', ['WAWebBuildConstants'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.sanitizeVersionStr = (version) => String(version).replace(/\.[di]$/, '');
    exports.SANITIZED_VERSION_STR = exports.sanitizeVersionStr(require('WAWebBuildConstants').VERSION_STR);
});

__d('WAWebLogoutReason', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    let previousCode = null;
    let previousMessage = null;
    const CODES = { syncd_failure: '1', history_sync_timeout: '2', account_locked: '3', client_fatal: '0' };

    exports.getErrorCodeFromLogoutReason = (reason) => (reason && CODES[reason]) || null;
    exports.setPrevLogoutReasonCode = (code) => {
        previousCode = code;
    };
    exports.getPrevLogoutReasonCode = () => previousCode;
    exports.setPrevCustomLogoutMessage = (message) => {
        previousMessage = message;
    };
    exports.getPrevCustomLogoutMessage = () => previousMessage;
});
