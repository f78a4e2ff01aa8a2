/*
 * The sandbox stand-in's module system: Meta's loader as WhatsApp Web 2.3000 defines it, so that
 * libraries that read the real page (wa-js) find the stand-in's modules the same way.
 *   __d(id, deps, factory, flags)      defines a module; the factory runs on the first require
 *   require(id) / importNamespace(id)  the module's exports (require('__debug') the registry);
 *                                      window.require is set by js/boot.js, after the other modules
 *   importDefault(id)                  exports.default
 *   require('__debug').modulesMap      every defined module by id ({factory, deps, ...})
 *   ErrorGuard.skipGuardGlobal(bool)   accepted (the real page uses it to rethrow errors)
 *   Debug.VERSION                      set by the stand-in's boot once its main modules ran
 * A factory is called as factory(global, require, importDefault, importNamespace, requireLazy,
 * module, exports) and fills `exports` (or replaces module.exports).
 */
(() => {
    'use strict';

    const modulesMap = Object.create(null);
    const debugModule = { modulesMap };

    function __d(id, deps, factory, flags) {
        if (typeof id !== 'string' || typeof factory !== 'function') {
            throw new TypeError('__d(id, deps, factory): bad arguments for ' + String(id));
        }
        if (modulesMap[id]) {
            return;
        }
        modulesMap[id] = { id, deps: deps || [], factory, flags: flags || 0, module: null, loading: false };
    }

    function require(id) {
        if (id === '__debug') {
            return debugModule;
        }
        const entry = modulesMap[id];
        if (!entry) {
            throw new Error('Requiring unknown module "' + id + '"');
        }
        if (entry.module) {
            return entry.module.exports;
        }
        if (entry.loading) {
            throw new Error('Circular require of module "' + id + '"');
        }
        entry.loading = true;
        const module = { id, exports: {} };
        try {
            entry.factory(window, require, importDefault, require, requireLazy, module, module.exports);
        } finally {
            entry.loading = false;
        }
        entry.module = module;
        return module.exports;
    }

    function importDefault(id) {
        const exports = require(id);
        return exports && exports.default !== undefined ? exports.default : exports;
    }

    function requireLazy(ids, callback) {
        Promise.resolve().then(() => callback(...ids.map(require)));
    }

    window.ErrorGuard = window.ErrorGuard || { skipGuardGlobal() {}, applyWithGuard(fn, ctx, args) { return fn.apply(ctx, args); } };
    window.__d = __d;
    // window.require comes last, from js/boot.js once every module of the bundle is defined.
    window.importNamespace = require;
    window.importDefault = importDefault;
    window.requireLazy = requireLazy;
})();
