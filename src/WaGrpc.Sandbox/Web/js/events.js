/*
 * Events, models and collections with the semantics of WhatsApp Web's own (WAWebEventEmitter,
 * WAWebBaseModel, WAWebCollection, WAWebBaseCollection): Backbone-style `on('a b', fn, ctx)`,
 * `once`, `off`, `trigger`, `listenTo`, "all" listeners; a model's attributes read and written as
 * plain properties (`msg.ack = 2` fires `change:ack` (model, value, previous) and `change`);
 * a collection re-triggers every event of the models it holds.
 */
__d('WAWebEventEmitter', [], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    class EventEmitter {
        on(names, callback, context) {
            if (typeof callback !== 'function') {
                throw new TypeError('Callback parameter passed is not a function');
            }
            const listeners = this._listeners || Object.defineProperty(this, '_listeners', { value: new Map() })._listeners;
            for (const name of String(names).split(/\s+/).filter(Boolean)) {
                const list = listeners.get(name) || [];
                list.push({ callback, context });
                listeners.set(name, list);
            }
            return this;
        }

        once(names, callback, context) {
            const wrapper = (...args) => {
                this.off(names, wrapper);
                return callback.apply(context, args);
            };
            wrapper.original = callback;
            return this.on(names, wrapper, context);
        }

        /** off() removes everything, off(name) every listener of name, off(name, fn) one listener. */
        off(names, callback) {
            if (!this._listeners) {
                return this;
            }
            if (names === undefined || names === null) {
                this._listeners.clear();
                return this;
            }
            for (const name of String(names).split(/\s+/).filter(Boolean)) {
                const list = this._listeners.get(name);
                if (!list) {
                    continue;
                }
                const kept = callback === undefined ? [] : list.filter((l) => l.callback !== callback && l.callback.original !== callback);
                if (kept.length) {
                    this._listeners.set(name, kept);
                } else {
                    this._listeners.delete(name);
                }
            }
            return this;
        }

        trigger(name, ...args) {
            if (!this._listeners) {
                return this;
            }
            this._call(this._listeners.get(name), args, name);
            if (name !== 'all') {
                this._call(this._listeners.get('all'), [name, ...args], name);
            }
            return this;
        }

        emit(name, ...args) {
            return this.trigger(name, ...args);
        }

        listenTo(other, names, callback) {
            other.on(names, callback, this);
            return this;
        }

        stopListening(other, names, callback) {
            if (other) {
                other.off(names, callback);
            }
            return this;
        }

        isListening(name) {
            return !!(this._listeners && this._listeners.has(name));
        }

        _call(list, args, name) {
            if (!list) {
                return;
            }
            for (const listener of list.slice()) {
                try {
                    listener.callback.apply(listener.context === undefined ? this : listener.context, args);
                } catch (err) {
                    // One failing listener must not stop the others nor the page's own update.
                    console.error('[wa-web] a listener for "' + name + '" failed:', err);
                }
            }
        }
    }

    exports.default = EventEmitter;
});

__d('WAWebBaseModel', ['WAWebEventEmitter'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const EventEmitter = importDefault('WAWebEventEmitter');
    const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

    class BaseModel extends EventEmitter {
        constructor(attrs, options) {
            super();
            Object.defineProperty(this, 'attributes', { value: {}, writable: true });
            if (options && options.collection) {
                Object.defineProperty(this, 'collection', { value: options.collection, writable: true, configurable: true });
            }
            if (attrs) {
                this.set(attrs, { silent: true });
            }
        }

        get(name) {
            return this.attributes[name];
        }

        /** set({a: 1}) or set('a', 1); {silent} applies without events. */
        set(attrsOrName, valueOrOptions, maybeOptions) {
            let attrs = attrsOrName;
            let options = valueOrOptions;
            if (typeof attrsOrName === 'string') {
                attrs = { [attrsOrName]: valueOrOptions };
                options = maybeOptions;
            }
            const changed = [];
            for (const key of Object.keys(attrs || {})) {
                const value = attrs[key];
                if (value === undefined && !has(this.attributes, key)) {
                    continue;
                }
                exposeAttribute(this, key);
                const previous = this.attributes[key];
                if (!Object.is(previous, value)) {
                    this.attributes[key] = value;
                    changed.push([key, previous]);
                }
            }
            if (changed.length && !(options && options.silent)) {
                for (const [key, previous] of changed) {
                    this.trigger('change:' + key, this, this.attributes[key], previous);
                }
                this.trigger('change', this);
            }
            return this;
        }

        serialize() {
            const out = {};
            for (const key of Object.keys(this.attributes)) {
                out[key] = toPlain(this.attributes[key]);
            }
            return out;
        }

        toJSON() {
            return this.serialize();
        }

        getCollection() {
            return this.collection;
        }
    }

    /** Attributes read as properties: `msg.ack`, and `msg.ack = 3` sets it (with its events). */
    function exposeAttribute(model, key) {
        if (key in model) {
            return;
        }
        Object.defineProperty(model, key, {
            configurable: true,
            enumerable: true,
            get: () => model.attributes[key],
            set: (value) => model.set({ [key]: value }),
        });
    }

    function toPlain(value) {
        if (value && typeof value.toJSON === 'function' && !(value instanceof Date)) {
            return value.toJSON();
        }
        if (Array.isArray(value)) {
            return value.map(toPlain);
        }
        return value;
    }

    /** Declares a model class's proxy name (what WhatsApp's own models carry on their prototype). */
    function defineModel(ModelClass, proxyName) {
        ModelClass.Proxy = proxyName;
        ModelClass.prototype.proxyName = proxyName;
        return ModelClass;
    }

    exports.BaseModel = BaseModel;
    exports.defineModel = defineModel;
});

__d('WAWebCollection', ['WAWebEventEmitter', 'WAWebBaseModel'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    const EventEmitter = importDefault('WAWebEventEmitter');
    const { BaseModel } = require('WAWebBaseModel');

    /** An ordered set of models indexed by `String(model.id)`; re-triggers its models' events. */
    class Collection extends EventEmitter {
        constructor(models, options) {
            super();
            if (!this.constructor.model) {
                throw new Error('Collection initialized without model');
            }
            this.models = [];
            Object.defineProperty(this, '_index', { value: new Map() });
            Object.defineProperty(this, '_forward', { value: (name, ...args) => this._onModelEvent(name, ...args) });
            if (models) {
                this.add(models, Object.assign({ silent: true }, options));
            }
        }

        get length() {
            return this.models.length;
        }

        static keyOf(thing) {
            if (thing === null || thing === undefined) {
                return undefined;
            }
            if (typeof thing === 'string') {
                return thing;
            }
            if (thing instanceof BaseModel) {
                return Collection.keyOf(thing.get('id'));
            }
            if (typeof thing === 'object' && !('_serialized' in thing) && 'id' in thing) {
                return Collection.keyOf(thing.id);
            }
            return String(thing);
        }

        get(thing) {
            const key = Collection.keyOf(thing);
            return key === undefined ? undefined : this._index.get(key);
        }

        /** add(model | attrs | array, {merge, silent}): the model(s) now held; a known id keeps its model. */
        add(items, options) {
            const opts = options || {};
            if (Array.isArray(items)) {
                return items.map((item) => this.add(item, opts));
            }
            const key = Collection.keyOf(items);
            if (key === undefined) {
                throw new Error('cannot add a model without an id');
            }
            const existing = this._index.get(key);
            if (existing) {
                if (opts.merge && existing !== items) {
                    existing.set(items instanceof BaseModel ? items.attributes : items);
                }
                return existing;
            }
            const model = items instanceof BaseModel ? items : new this.constructor.model(items, { collection: this });
            if (!model.collection) {
                Object.defineProperty(model, 'collection', { value: this, writable: true, configurable: true });
            }
            this.models.push(model);
            this._index.set(key, model);
            model.on('all', this._forward);
            if (!opts.silent) {
                model.trigger('add', model, this, opts);
            }
            return model;
        }

        remove(thing) {
            const model = this.get(thing);
            if (!model) {
                return undefined;
            }
            this._index.delete(Collection.keyOf(model));
            this.models.splice(this.models.indexOf(model), 1);
            model.off('all', this._forward);
            this.trigger('remove', model, this);
            return model;
        }

        _onModelEvent(name, ...args) {
            if ((name === 'add' || name === 'remove') && args[1] !== this) {
                return;
            }
            this.trigger(name, ...args);
        }

        getModelsArray() {
            return this.models;
        }

        toArray() {
            return this.models.slice();
        }

        forEach(fn) {
            this.models.slice().forEach(fn);
        }

        map(fn) {
            return this.models.map(fn);
        }

        filter(fn) {
            return this.models.filter(fn);
        }

        find(fn) {
            return this.models.find(fn);
        }

        findFirst(fn) {
            return this.models.find(fn);
        }

        some(fn) {
            return this.models.some(fn);
        }

        at(index) {
            return this.models[index];
        }

        head() {
            return this.models[0];
        }

        last() {
            return this.models[this.models.length - 1];
        }

        serialize() {
            return this.models.map((m) => m.serialize());
        }
    }

    exports.default = Collection;
});

__d('WAWebBaseCollection', ['WAWebCollection'], (global, require, importDefault, importNamespace, requireLazy, module, exports) => {
    'use strict';

    exports.BaseCollection = class BaseCollection extends importDefault('WAWebCollection') {};
});
