/* The host's batch codec in C: the native implementation of ssc.runtime.batches.
 *
 * Built on first use by ssc.runtime.native (zig's clang, against the running
 * Python's headers) into ssc's owner-only cache folder; the pure-Python
 * implementation in batches.py is the reference and the fallback, and both
 * are tested against each other. Spec: shared/reference/fluvio-abi.md §1
 * (Record, varint, Vec<Record>), §2 (SmartStreamInput) and §3
 * (SmartModuleInput: the same prefix, then version-dependent fields that the
 * caller passes encoded as ``tail``).
 *
 *   encode(records, base_offset, base_timestamp, offsets_from, tail)
 *       -> (bytes, count) | None
 *     A batch's input: base_offset i64, the u32 length of the record data,
 *     the Vec<Record> (u32 count, records), then ``tail``. ``records`` is the
 *     caller's list or tuple of bytes, str or Record (the type given to
 *     configure()); record i has offset_delta i (or ``record.offset -
 *     offsets_from`` for a Record when offsets_from is an int) and
 *     timestamp_delta 0 (``record.timestamp - base_timestamp`` for a Record).
 *     The records are read with the GIL held (each key and value referenced),
 *     then written with it released.
 *
 *   view(address, length) -> memoryview
 *     A module's output where it lies in linear memory, for decode().
 *
 *   decode(data, base_offset, base_timestamp, inputs) -> (list, end) | None
 *     The leading Vec<Record> of a module's output as Records (offset =
 *     base_offset + offset_delta, timestamp = base_timestamp +
 *     timestamp_delta) and the position after it. The records are parsed
 *     with the GIL released, then made with it held and the cycle collector
 *     paused. ``inputs`` (the caller's list or tuple, or None): an output
 *     record equal to input record offset_delta is that input's own object
 *     (a filter's kept records), and a value or key equal to the input's is
 *     the input's bytes object.
 *
 * Both return None for anything off their path (another type of record, a
 * number that does not fit in an i64, bytes that do not decode): the caller
 * then runs the pure-Python codec, which gives the exact error. So this file
 * never decides an error message.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#ifndef Py_T_OBJECT_EX            /* before 3.12: the member types are in structmember.h */
#include <structmember.h>
#define Py_T_OBJECT_EX T_OBJECT_EX
#endif
#include <stdint.h>
#include <string.h>

/* Batches at least this big are written or parsed with the GIL released. */
#define RELEASE_GIL_BYTES (64 * 1024)
/* The fewest bytes a record takes on the wire (§1: length, attributes, two
 * deltas, no key, an empty value, headers: one byte each). */
#define MIN_RECORD_BYTES 7
/* The longest LEB128 of a 64-bit value. */
#define MAX_VARINT_BYTES 10

/* The Record type and where its four slots live in an instance. */
static PyTypeObject *record_type = NULL;
static Py_ssize_t slot_key, slot_value, slot_offset, slot_timestamp;

#define SLOT(obj, at) (*(PyObject **)((char *)(obj) + (at)))

/* ---- varints (§1: zigzag, then LEB128) ------------------------------------ */

static inline uint64_t zigzag(int64_t n) {
    return ((uint64_t)n << 1) ^ (uint64_t)(n >> 63);
}

static inline Py_ssize_t varint_size(int64_t n) {
    uint64_t z = zigzag(n);
    Py_ssize_t size = 1;
    while (z >= 0x80) {
        z >>= 7;
        size++;
    }
    return size;
}

static inline unsigned char *put_varint(unsigned char *out, int64_t n) {
    uint64_t z = zigzag(n);
    while (z >= 0x80) {
        *out++ = (unsigned char)(z | 0x80);
        z >>= 7;
    }
    *out++ = (unsigned char)z;
    return out;
}

/* A varint at *pos, as the Python codec reads it (at most 10 bytes, the value
 * taken modulo 2**64); 0 if the input ends inside it or it is too long. */
static inline int get_varint(const unsigned char *data, Py_ssize_t end, Py_ssize_t *pos, int64_t *value) {
    Py_ssize_t at = *pos;
    if (at < end && data[at] < 0x80) {          /* the common one-byte varint */
        uint64_t z = data[at];
        *value = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
        *pos = at + 1;
        return 1;
    }
    uint64_t z = 0;
    for (int shift = 0, i = 0; i < MAX_VARINT_BYTES; i++, shift += 7) {
        if (at >= end)
            return 0;
        unsigned char byte = data[at++];
        if (shift < 64)
            z |= (uint64_t)(byte & 0x7F) << shift;
        if (byte < 0x80) {
            *value = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
            *pos = at;
            return 1;
        }
    }
    return 0;
}

static inline unsigned char *put_u32(unsigned char *out, uint32_t n) {
    out[0] = (unsigned char)(n >> 24);
    out[1] = (unsigned char)(n >> 16);
    out[2] = (unsigned char)(n >> 8);
    out[3] = (unsigned char)n;
    return out + 4;
}

static inline unsigned char *put_i64(unsigned char *out, int64_t n) {
    uint64_t u = (uint64_t)n;
    for (int i = 7; i >= 0; i--)
        *out++ = (unsigned char)(u >> (8 * i));
    return out;
}

/* An exact int that fits in an i64; 0 (no exception set) if it is not one. */
static int as_i64(PyObject *obj, int64_t *out) {
    if (!PyLong_CheckExact(obj))
        return 0;
    int overflow = 0;
    long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (overflow || (value == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    *out = (int64_t)value;
    return 1;
}

/* ---- encode ---------------------------------------------------------------- */

/* One record to write: its key and value (held) and deltas. */
typedef struct {
    PyObject *key;                 /* NULL: None */
    PyObject *value;
    const char *key_bytes, *value_bytes;
    Py_ssize_t key_size, value_size;
    int64_t offset_delta, timestamp_delta;
} Outgoing;

/* bytes or str -> its UTF-8 bytes (str: CPython's cached UTF-8); 0 off the path. */
static int text_or_bytes(PyObject *obj, const char **bytes, Py_ssize_t *size) {
    if (PyBytes_CheckExact(obj)) {
        *bytes = PyBytes_AS_STRING(obj);
        *size = PyBytes_GET_SIZE(obj);
        return 1;
    }
    if (PyUnicode_CheckExact(obj)) {
        *bytes = PyUnicode_AsUTF8AndSize(obj, size);
        if (*bytes == NULL) {          /* a lone surrogate: the Python codec says so */
            PyErr_Clear();
            return 0;
        }
        return 1;
    }
    return 0;
}

/* Fill ``out`` from the caller's record ``item`` (position ``index``); 0 off the path. */
static int outgoing(PyObject *item, Py_ssize_t index, int64_t base_timestamp, int relative,
                    int64_t offsets_from, Outgoing *out) {
    out->key = NULL;
    out->key_size = -1;
    out->offset_delta = index;
    out->timestamp_delta = 0;
    if (Py_IS_TYPE(item, record_type)) {
        PyObject *key = SLOT(item, slot_key), *value = SLOT(item, slot_value);
        int64_t timestamp, offset;
        if (key == NULL || value == NULL || SLOT(item, slot_timestamp) == NULL)
            return 0;
        if (key != Py_None && !text_or_bytes(key, &out->key_bytes, &out->key_size))
            return 0;
        if (!text_or_bytes(value, &out->value_bytes, &out->value_size))
            return 0;
        if (!as_i64(SLOT(item, slot_timestamp), &timestamp)
            || __builtin_sub_overflow(timestamp, base_timestamp, &out->timestamp_delta))
            return 0;
        if (relative) {
            if (SLOT(item, slot_offset) == NULL || !as_i64(SLOT(item, slot_offset), &offset)
                || __builtin_sub_overflow(offset, offsets_from, &out->offset_delta))
                return 0;
        }
        if (key != Py_None) {
            out->key = key;
            Py_INCREF(key);
        }
        out->value = value;
        Py_INCREF(value);
        return 1;
    }
    if (!text_or_bytes(item, &out->value_bytes, &out->value_size))
        return 0;
    out->value = item;
    Py_INCREF(item);
    return 1;
}

/* The bytes of one record after its length varint (§1 "Record"). */
static inline Py_ssize_t body_size(const Outgoing *r) {
    Py_ssize_t size = 1 + varint_size(r->timestamp_delta) + varint_size(r->offset_delta);
    size += r->key == NULL ? 1 : 1 + varint_size(r->key_size) + r->key_size;
    return size + varint_size(r->value_size) + r->value_size + 1;
}

static unsigned char *put_record(unsigned char *out, const Outgoing *r, Py_ssize_t body) {
    out = put_varint(out, body);
    *out++ = 0;                                   /* attributes */
    out = put_varint(out, r->timestamp_delta);
    out = put_varint(out, r->offset_delta);
    if (r->key == NULL) {
        *out++ = 0;                               /* key: None */
    } else {
        *out++ = 1;
        out = put_varint(out, r->key_size);
        memcpy(out, r->key_bytes, (size_t)r->key_size);
        out += r->key_size;
    }
    out = put_varint(out, r->value_size);
    memcpy(out, r->value_bytes, (size_t)r->value_size);
    out += r->value_size;
    *out++ = 0;                                   /* headers: 0 */
    return out;
}

static void release_outgoing(Outgoing *records, Py_ssize_t count) {
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_XDECREF(records[i].key);
        Py_XDECREF(records[i].value);
    }
    PyMem_Free(records);
}

static PyObject *encode(PyObject *self, PyObject *args) {
    PyObject *records, *base_offset_obj, *base_timestamp_obj, *offsets_from_obj;
    Py_buffer tail;
    if (!PyArg_ParseTuple(args, "OOOOy*", &records, &base_offset_obj, &base_timestamp_obj,
                          &offsets_from_obj, &tail))
        return NULL;
    PyObject *result = NULL;
    Outgoing *outgoing_records = NULL;
    Py_ssize_t held = 0;
    int64_t base_offset, base_timestamp, offsets_from = 0;
    int relative = offsets_from_obj != Py_None;
    if (record_type == NULL || !(PyList_CheckExact(records) || PyTuple_CheckExact(records))
        || !as_i64(base_offset_obj, &base_offset) || !as_i64(base_timestamp_obj, &base_timestamp)
        || (relative && !as_i64(offsets_from_obj, &offsets_from)))
        goto off_path;
    /* the items, read once into a private array (a list may change while the GIL is released) */
    Py_ssize_t count = PySequence_Fast_GET_SIZE(records);
    if ((uint64_t)count > 0xFFFFFFFFu)
        goto off_path;
    outgoing_records = PyMem_Malloc(sizeof(Outgoing) * (size_t)(count ? count : 1));
    if (outgoing_records == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject **items = PySequence_Fast_ITEMS(records);
    uint64_t data_size = 4;                       /* the Vec<Record> count */
    for (Py_ssize_t i = 0; i < count; i++) {
        if (!outgoing(items[i], i, base_timestamp, relative, offsets_from, &outgoing_records[i]))
            goto off_path;
        held++;
        Py_ssize_t body = body_size(&outgoing_records[i]);
        data_size += (uint64_t)(varint_size(body) + body);
    }
    if (data_size > 0xFFFFFFFFu || data_size + 12 + (uint64_t)tail.len > (uint64_t)PY_SSIZE_T_MAX)
        goto off_path;
    result = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(12 + data_size + (uint64_t)tail.len));
    if (result == NULL)
        goto done;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
    out = put_i64(out, base_offset);
    out = put_u32(out, (uint32_t)data_size);
    out = put_u32(out, (uint32_t)count);
    /* the keys and values are held and immutable, and the bytes object is ours alone */
    PyThreadState *saved = data_size >= RELEASE_GIL_BYTES ? PyEval_SaveThread() : NULL;
    for (Py_ssize_t i = 0; i < count; i++)
        out = put_record(out, &outgoing_records[i], body_size(&outgoing_records[i]));
    memcpy(out, tail.buf, (size_t)tail.len);
    if (saved != NULL)
        PyEval_RestoreThread(saved);
    PyObject *pair = Py_BuildValue("(Nn)", result, count);
    result = pair;
    goto done;
off_path:
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (outgoing_records != NULL)
        release_outgoing(outgoing_records, held);
    PyBuffer_Release(&tail);
    return result;
}

/* ---- decode ---------------------------------------------------------------- */

/* One record read from the output: where its key and value are, and its deltas. */
typedef struct {
    Py_ssize_t key_at, key_size;                /* key_size -1: None */
    Py_ssize_t value_at, value_size;
    int64_t offset, timestamp;                  /* absolute, base added */
} Incoming;

/* Parse ``count`` records from ``*pos`` as the Python codec does (§1 "Record": the
 * body length is checked against the bytes left, then the fields are read in
 * sequence); 0 if any does not decode or an offset or timestamp leaves the i64s. */
static int parse_records(const unsigned char *data, Py_ssize_t end, Py_ssize_t *pos, Py_ssize_t count,
                         int64_t base_offset, int64_t base_timestamp, Incoming *out) {
    Py_ssize_t at = *pos;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t length, timestamp_delta, offset_delta, size, headers;
        if (!get_varint(data, end, &at, &length) || length < 0 || end - at < length)
            return 0;
        if (at >= end)
            return 0;
        at++;                                   /* attributes: not part of a Record */
        if (!get_varint(data, end, &at, &timestamp_delta) || !get_varint(data, end, &at, &offset_delta))
            return 0;
        if (__builtin_add_overflow(base_offset, offset_delta, &out[i].offset)
            || __builtin_add_overflow(base_timestamp, timestamp_delta, &out[i].timestamp))
            return 0;
        if (at >= end)
            return 0;
        unsigned char flag = data[at++];
        if (flag == 0) {
            out[i].key_at = at;
            out[i].key_size = -1;
        } else if (flag == 1) {
            if (!get_varint(data, end, &at, &size) || size < 0 || end - at < size)
                return 0;
            out[i].key_at = at;
            out[i].key_size = (Py_ssize_t)size;
            at += (Py_ssize_t)size;
        } else {
            return 0;
        }
        if (!get_varint(data, end, &at, &size) || size < 0 || end - at < size)
            return 0;
        out[i].value_at = at;
        out[i].value_size = (Py_ssize_t)size;
        at += (Py_ssize_t)size;
        if (!get_varint(data, end, &at, &headers))   /* a count of headers, as Fluvio writes it */
            return 0;
    }
    *pos = at;
    return 1;
}

/* ``candidate`` (a held input's key or value) if it is exactly these bytes, else NULL. */
static inline PyObject *same_bytes(PyObject *candidate, const unsigned char *bytes, Py_ssize_t size) {
    if (candidate != NULL && PyBytes_CheckExact(candidate) && PyBytes_GET_SIZE(candidate) == size
        && memcmp(PyBytes_AS_STRING(candidate), bytes, (size_t)size) == 0) {
        Py_INCREF(candidate);
        return candidate;
    }
    return NULL;
}

static inline PyObject *bytes_at(const unsigned char *data, Py_ssize_t at, Py_ssize_t size,
                                 PyObject *candidate) {
    PyObject *same = same_bytes(candidate, data + at, size);
    return same != NULL ? same : PyBytes_FromStringAndSize((const char *)data + at, size);
}

/* The input record ``index`` as (key, value) candidates, or the input itself if it is
 * a Record equal in every field to the output record ``r``. */
static PyObject *input_match(PyObject *inputs, int64_t index, const unsigned char *data,
                             const Incoming *r, PyObject **key, PyObject **value) {
    *key = *value = NULL;
    if (inputs == NULL || index < 0 || index >= PySequence_Fast_GET_SIZE(inputs))
        return NULL;
    PyObject *item = PySequence_Fast_GET_ITEM(inputs, index);
    if (PyBytes_CheckExact(item)) {
        *value = item;
        return NULL;
    }
    if (!Py_IS_TYPE(item, record_type))
        return NULL;
    *key = SLOT(item, slot_key);
    *value = SLOT(item, slot_value);
    PyObject *offset = SLOT(item, slot_offset), *timestamp = SLOT(item, slot_timestamp);
    int64_t n;
    int key_same = r->key_size < 0 ? *key == Py_None
        : (*key != NULL && *key != Py_None && PyBytes_CheckExact(*key)
           && PyBytes_GET_SIZE(*key) == r->key_size
           && memcmp(PyBytes_AS_STRING(*key), data + r->key_at, (size_t)r->key_size) == 0);
    if (key_same && *value != NULL && PyBytes_CheckExact(*value) && PyBytes_GET_SIZE(*value) == r->value_size
        && memcmp(PyBytes_AS_STRING(*value), data + r->value_at, (size_t)r->value_size) == 0
        && offset != NULL && as_i64(offset, &n) && n == r->offset
        && timestamp != NULL && as_i64(timestamp, &n) && n == r->timestamp) {
        Py_INCREF(item);
        return item;
    }
    return NULL;
}

/* A Record for ``r`` (a new reference), reusing the matching input's objects. */
static PyObject *make_record(const unsigned char *data, const Incoming *r, int64_t offset_delta,
                             PyObject *inputs) {
    PyObject *input_key, *input_value;
    PyObject *same = input_match(inputs, offset_delta, data, r, &input_key, &input_value);
    if (same != NULL)
        return same;
    PyObject *key = r->key_size < 0 ? (Py_INCREF(Py_None), Py_None)
                                    : bytes_at(data, r->key_at, r->key_size, input_key);
    PyObject *value = bytes_at(data, r->value_at, r->value_size, input_value);
    PyObject *offset = PyLong_FromLongLong(r->offset);
    PyObject *timestamp = PyLong_FromLongLong(r->timestamp);
    PyObject *record = NULL;
    if (key != NULL && value != NULL && offset != NULL && timestamp != NULL)
        record = record_type->tp_alloc(record_type, 0);
    if (record == NULL) {
        Py_XDECREF(key);
        Py_XDECREF(value);
        Py_XDECREF(offset);
        Py_XDECREF(timestamp);
        return NULL;
    }
    SLOT(record, slot_key) = key;
    SLOT(record, slot_value) = value;
    SLOT(record, slot_offset) = offset;
    SLOT(record, slot_timestamp) = timestamp;
    /* A frozen Record of bytes, ints and None can be part of no reference cycle
     * (as CPython reasons for its tuples of such objects), so the cycle collector
     * need not track it: a batch of them then costs it nothing, now or later. */
    if (PyObject_IS_GC(record))
        PyObject_GC_UnTrack(record);
    return record;
}

static PyObject *make_records(const unsigned char *data, const Incoming *parsed, Py_ssize_t count,
                              int64_t base_offset, PyObject *inputs) {
    PyObject *list = PyList_New(count);
    if (list == NULL)
        return NULL;
    /* the records refer to no container, so no garbage cycle forms meanwhile;
     * the GIL is held throughout, so no other thread sees the collector paused */
    int collecting = PyGC_Disable();
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *record = make_record(data, &parsed[i], parsed[i].offset - base_offset, inputs);
        if (record == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, record);
    }
    if (collecting)
        PyGC_Enable();
    return list;
}

static PyObject *decode(PyObject *self, PyObject *args) {
    PyObject *data_obj, *base_offset_obj, *base_timestamp_obj, *inputs;
    if (!PyArg_ParseTuple(args, "OOOO", &data_obj, &base_offset_obj, &base_timestamp_obj, &inputs))
        return NULL;
    int64_t base_offset, base_timestamp;
    if (record_type == NULL || !as_i64(base_offset_obj, &base_offset)
        || !as_i64(base_timestamp_obj, &base_timestamp))
        Py_RETURN_NONE;
    if (inputs == Py_None || !(PyList_CheckExact(inputs) || PyTuple_CheckExact(inputs)))
        inputs = NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(data_obj, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    const unsigned char *data = view.buf;
    Py_ssize_t end = view.len, pos = 4;
    PyObject *result = NULL;
    Incoming *parsed = NULL;
    if (end < 4)
        goto off_path;
    int32_t count = (int32_t)(((uint32_t)data[0] << 24) | ((uint32_t)data[1] << 16)
                              | ((uint32_t)data[2] << 8) | (uint32_t)data[3]);
    if (count < 1) {                               /* §1: a count < 1 is an empty Vec */
        result = Py_BuildValue("(Nn)", PyList_New(0), pos);
        goto done;
    }
    if (count > (end - 4) / MIN_RECORD_BYTES)
        goto off_path;
    parsed = PyMem_Malloc(sizeof(Incoming) * (size_t)count);
    if (parsed == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int ok;
    /* the buffer is the caller's and stays put: bytes, or the module's memory while it is idle */
    if (end >= RELEASE_GIL_BYTES) {
        Py_BEGIN_ALLOW_THREADS
        ok = parse_records(data, end, &pos, count, base_offset, base_timestamp, parsed);
        Py_END_ALLOW_THREADS
    } else {
        ok = parse_records(data, end, &pos, count, base_offset, base_timestamp, parsed);
    }
    if (!ok)
        goto off_path;
    PyObject *list = make_records(data, parsed, count, base_offset, inputs);
    if (list != NULL)
        result = Py_BuildValue("(Nn)", list, pos);
    goto done;
off_path:
    Py_INCREF(Py_None);
    result = Py_None;
done:
    PyMem_Free(parsed);
    PyBuffer_Release(&view);
    return result;
}

/* ``length`` bytes at ``address`` as a read-only memoryview (no copy): a module's
 * output in its linear memory, for decode(). The caller keeps the memory in place. */
static PyObject *memory_view(PyObject *self, PyObject *args) {
    unsigned long long address;
    Py_ssize_t length;
    if (!PyArg_ParseTuple(args, "Kn", &address, &length))
        return NULL;
    if (length < 0 || (address == 0 && length > 0)) {
        PyErr_SetString(PyExc_ValueError, "view() of a negative length or a null address");
        return NULL;
    }
    static char empty;
    return PyMemoryView_FromMemory(length ? (char *)(uintptr_t)address : &empty, length, PyBUF_READ);
}

/* ---- set-up ---------------------------------------------------------------- */

/* The byte offset of slot ``name`` of ``type`` (a __slots__ member descriptor). */
static int slot_at(PyTypeObject *type, const char *name, Py_ssize_t *at) {
    PyObject *descr = PyObject_GetAttrString((PyObject *)type, name);
    if (descr == NULL)
        return 0;
    /* __slots__ make Py_T_OBJECT_EX members: unset, they raise AttributeError */
    int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type)
        && ((PyMemberDescrObject *)descr)->d_member->type == Py_T_OBJECT_EX;
    if (ok)
        *at = ((PyMemberDescrObject *)descr)->d_member->offset;
    else
        PyErr_Format(PyExc_TypeError, "%s.%s is not an object slot", type->tp_name, name);
    Py_DECREF(descr);
    return ok;
}

static PyObject *configure(PyObject *self, PyObject *type) {
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "configure() takes the Record class");
        return NULL;
    }
    PyTypeObject *t = (PyTypeObject *)type;
    if (!slot_at(t, "key", &slot_key) || !slot_at(t, "value", &slot_value)
        || !slot_at(t, "offset", &slot_offset) || !slot_at(t, "timestamp", &slot_timestamp))
        return NULL;
    Py_INCREF(type);
    Py_XSETREF(record_type, t);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_O, "configure(Record): the record class, whose four slots are set directly"},
    {"encode", encode, METH_VARARGS,
     "encode(records, base_offset, base_timestamp, offsets_from, tail) -> (bytes, count) | None"},
    {"view", memory_view, METH_VARARGS, "view(address, length) -> memoryview of the bytes there (no copy)"},
    {"decode", decode, METH_VARARGS,
     "decode(data, base_offset, base_timestamp, inputs) -> (list[Record], end) | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_hostcodec", "ssc's host batch codec in C (see ssc.runtime.batches)", -1, methods,
};

PyMODINIT_FUNC PyInit__hostcodec(void) {
    return PyModule_Create(&module);
}
