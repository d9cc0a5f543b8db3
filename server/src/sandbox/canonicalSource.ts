/**
 * The canonical value serialiser, as JavaScript source, because it runs inside the
 * sandboxed child (the probe harness embeds it) as well as in the server (canonical.ts).
 *
 * `makeCanonical(types, maxLength)` captures every intrinsic it uses when it is called,
 * so code that later overwrites JSON, Array.prototype, Object.prototype or String.prototype
 * cannot change its output. `types` is `require('util').types` (works across vm realms).
 *
 * Format (stable, order-insensitive where JS equality is): undefined, null, true, -0, NaN,
 * Infinity, 12n, "json string", Symbol(desc), [Function], [1,<hole>,3], {"a":1} (keys sorted,
 * class instances prefixed with their class name), Map{k=>v} and Set{v} (entries sorted),
 * Date(ISO|Invalid), /re/g, Error(TypeError: msg), Uint8Array[1,2], Number(1), [Circular],
 * [Deep]; longer than maxLength → cut with …[truncated].
 */
export const CANONICAL_SOURCE = String.raw`
function makeCanonical(utilTypes, maxLength) {
  'use strict';
  const R = Reflect;
  const hasOwn = Object.hasOwn;
  // Lists and records never inherit, so setters planted on Array/Object.prototype are never hit.
  const list = () => { const a = []; R.setPrototypeOf(a, null); return a; };
  const types = { __proto__: null };
  const typeNames = ['isProxy', 'isTypedArray', 'isArrayBuffer', 'isDate', 'isRegExp', 'isNativeError', 'isMap', 'isSet',
    'isPromise', 'isWeakMap', 'isWeakSet', 'isGeneratorObject', 'isNumberObject', 'isStringObject', 'isBooleanObject',
    'isBigIntObject', 'isSymbolObject'];
  for (let i = 0; i < typeNames.length; i++) types[typeNames[i]] = utilTypes[typeNames[i]];
  const apply = R.apply, ownKeys = R.ownKeys, getProto = R.getPrototypeOf, getOwn = R.getOwnPropertyDescriptor;
  const isArray = Array.isArray, ObjectIs = Object.is, NumberIsNaN = Number.isNaN, StringFn = String;
  const stringify = JSON.stringify;
  const arraySort = Array.prototype.sort, arrayJoin = Array.prototype.join;
  const mapForEach = Map.prototype.forEach, setForEach = Set.prototype.forEach;
  const dateGetTime = Date.prototype.getTime, dateToISO = Date.prototype.toISOString;
  const reSource = getOwn(RegExp.prototype, 'source').get, reFlags = getOwn(RegExp.prototype, 'flags').get;
  const symDesc = getOwn(Symbol.prototype, 'description').get;
  const TypedArrayProto = getProto(Uint8Array.prototype);
  const taTag = getOwn(TypedArrayProto, Symbol.toStringTag).get, taLength = getOwn(TypedArrayProto, 'length').get;
  const abByteLength = getOwn(ArrayBuffer.prototype, 'byteLength').get;
  const U8 = Uint8Array;
  const valueOfs = {
    __proto__: null,
    isNumberObject: ['Number', Number.prototype.valueOf],
    isStringObject: ['String', String.prototype.valueOf],
    isBooleanObject: ['Boolean', Boolean.prototype.valueOf],
    isBigIntObject: ['BigInt', BigInt.prototype.valueOf],
    isSymbolObject: ['Symbol', Symbol.prototype.valueOf],
  };
  const boxKinds = ['isNumberObject', 'isStringObject', 'isBooleanObject', 'isBigIntObject', 'isSymbolObject'];
  const TRUNCATED = { __proto__: null };
  const MAX_DEPTH = 64;
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = (arr) => apply(arraySort, arr, [cmp]);
  const join = (arr) => apply(arrayJoin, arr, [',']);

  function dataValue(obj, key) {
    // Reads a data property along the prototype chain without running getters or traps.
    let o = obj;
    for (let i = 0; i < 16 && o !== null && o !== undefined; i++) {
      if (types.isProxy(o)) return undefined;
      const d = getOwn(o, key);
      if (d !== undefined) return hasOwn(d, 'value') ? d.value : undefined;
      o = getProto(o);
    }
    return undefined;
  }

  function className(v) {
    const proto = getProto(v);
    if (proto === null) return '';
    const ctor = dataValue(proto, 'constructor');
    const name = typeof ctor === 'function' ? dataValue(ctor, 'name') : undefined;
    return typeof name === 'string' && name !== 'Object' ? name : '';
  }

  function primitive(v) {
    switch (typeof v) {
      case 'undefined': return 'undefined';
      case 'boolean': return v ? 'true' : 'false';
      case 'number': return NumberIsNaN(v) ? 'NaN' : ObjectIs(v, -0) ? '-0' : StringFn(v);
      case 'bigint': return StringFn(v) + 'n';
      case 'string': return stringify(v);
      case 'symbol': { const d = apply(symDesc, v, []); return 'Symbol(' + (d === undefined ? '' : d) + ')'; }
      case 'function': return '[Function]';
      default: return v === null ? 'null' : undefined;
    }
  }

  function describeError(e) {
    const name = dataValue(e, 'name'), message = dataValue(e, 'message');
    return (typeof name === 'string' ? name : 'Error') + ': ' + (typeof message === 'string' ? message : '');
  }

  function walk(v, stack, state) {
    const p = primitive(v);
    if (p !== undefined) return emit(state, p);
    for (let i = 0; i < stack.length; i++) if (stack[i] === v) return emit(state, '[Circular]');
    if (stack.length >= MAX_DEPTH) return emit(state, '[Deep]');
    stack[stack.length] = v;
    const s = structured(v, stack, state);
    stack.length = stack.length - 1;
    return s;
  }

  function emit(state, s) {
    state.length += s.length;
    if (state.length > maxLength) throw TRUNCATED;
    return s;
  }

  function structured(v, stack, state) {
    if (isArray(v)) {
      const n = v.length, parts = list();
      for (let i = 0; i < n; i++) parts[i] = (i in v) ? walk(v[i], stack, state) : '<hole>';
      return '[' + join(parts) + ']';
    }
    if (types.isTypedArray(v)) {
      const n = apply(taLength, v, []), parts = list();
      for (let i = 0; i < n; i++) parts[i] = walk(v[i], stack, state);
      return apply(taTag, v, []) + '[' + join(parts) + ']';
    }
    if (types.isArrayBuffer(v)) {
      const bytes = new U8(v), parts = list();
      for (let i = 0; i < apply(abByteLength, v, []); i++) parts[i] = StringFn(bytes[i]);
      return 'ArrayBuffer[' + join(parts) + ']';
    }
    if (types.isDate(v)) {
      const t = apply(dateGetTime, v, []);
      return 'Date(' + (NumberIsNaN(t) ? 'Invalid' : apply(dateToISO, v, [])) + ')';
    }
    if (types.isRegExp(v)) return '/' + apply(reSource, v, []) + '/' + apply(reFlags, v, []);
    if (types.isNativeError(v)) return 'Error(' + describeError(v) + ')';
    if (types.isMap(v)) {
      const parts = list();
      apply(mapForEach, v, [(val, key) => { parts[parts.length] = walk(key, stack, state) + '=>' + walk(val, stack, state); }]);
      return 'Map{' + join(sorted(parts)) + '}';
    }
    if (types.isSet(v)) {
      const parts = list();
      apply(setForEach, v, [(val) => { parts[parts.length] = walk(val, stack, state); }]);
      return 'Set{' + join(sorted(parts)) + '}';
    }
    for (let i = 0; i < boxKinds.length; i++) {
      if (types[boxKinds[i]](v)) {
        const box = valueOfs[boxKinds[i]];
        return box[0] + '(' + walk(apply(box[1], v, []), stack, state) + ')';
      }
    }
    if (types.isPromise(v)) return '[Promise]';
    if (types.isWeakMap(v)) return '[WeakMap]';
    if (types.isWeakSet(v)) return '[WeakSet]';
    if (types.isGeneratorObject(v)) return '[Generator]';
    const keys = ownKeys(v), names = list();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k !== 'string') continue;
      const d = getOwn(v, k);
      if (d !== undefined && d.enumerable) names[names.length] = k;
    }
    sorted(names);
    const parts = list();
    for (let i = 0; i < names.length; i++) parts[i] = stringify(names[i]) + ':' + walk(v[names[i]], stack, state);
    return (types.isProxy(v) ? '' : className(v)) + '{' + join(parts) + '}';
  }

  function canonical(value) {
    const state = { __proto__: null, length: 0 };
    try {
      return walk(value, list(), state);
    } catch (e) {
      if (e === TRUNCATED) return '…[truncated]';
      throw e;
    }
  }
  canonical.describeError = describeError;
  return canonical;
}
`;
