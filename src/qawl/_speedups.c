/* Native kernels of the extraction pipeline: the inner loops that cost most per character or word.
 *
 * Each one gives exactly what its pure-Python definition gives (the tests compare them on generated and
 * corpus text); qawl runs the Python definitions when this module is not built (no compiler, or
 * QAWL_PURE / QAWL_PURE_BUILD set).
 *
 *   Trie(...)                 leftmost-longest, non-overlapping matches of a fixed set of strings that
 *                             start a word, read straight from the str's code points (qawl.text.trie.
 *                             trie_tables builds the tables; ahocorasick_rs with MatchKind.LeftmostLongest
 *                             is the reference)
 *   WordSplitter(analysed, Tok)(norm, start, end)
 *                             qawl.attribution.tokens.split_words: the words of norm[start:end] with their
 *                             analyses, their starts, and the gap after each
 *   CharClass(members).found(text)
 *                             the members occurring in text and how often (normalize's rare characters)
 *   line_spans(text)          qawl.doc: the non-empty lines without their outer white space
 *   count_words, word_before  qawl.quotes.find: words in a range (up to a bound), the word before a position
 *   sentence_marks, latin_runs
 *                             qawl.text.segment: candidate sentence ends and quotation marks; qawl.text.
 *                             foreign: runs of Latin words
 *   glue_norm_points, glue_orig_points
 *                             qawl.text.glue: the punctuation, hamza, script and spelling rules' glue points
 *   TokenFilter(heads, min_len, long_len).tokens(text)
 *                             qawl.text.glue: the white-space tokens a vocabulary rule may split
 *   Folder(table, compat, latin).fold(text)
 *                             qawl.text.normalize: the fold in one pass, the deleted positions, and whether
 *                             a Latin letter or a bracket occurs (None when NFKC must come first)
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* every str is "ready" since Python 3.12, which deprecates the call (and later versions drop it) */
#if PY_VERSION_HEX >= 0x030C0000
#define STR_READY(op) 0
#else
#define STR_READY(op) PyUnicode_READY(op)
#endif

/* 0 when obj is a str ready to be read; else -1, with a TypeError naming the kernel */
static int
check_text(PyObject *obj, const char *kernel)
{
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: a str is expected", kernel);
        return -1;
    }
    return STR_READY(obj);
}

/* the positions a and b of text (not negative; past the end they stand for the end, as in a slice) */
static int
text_range(PyObject *text, PyObject *a, PyObject *b, Py_ssize_t *s, Py_ssize_t *e, const char *kernel)
{
    if (check_text(text, kernel) < 0) {
        return -1;
    }
    *s = PyNumber_AsSsize_t(a, PyExc_OverflowError);
    if (*s == -1 && PyErr_Occurred()) {
        return -1;
    }
    *e = PyNumber_AsSsize_t(b, PyExc_OverflowError);
    if (*e == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (*s < 0 || *e < 0) {
        PyErr_Format(PyExc_ValueError, "%s: positions are not negative", kernel);
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    *s = *s > n ? n : *s;
    *e = *e > n ? n : *e;
    return 0;
}
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------------ Trie */

#define ROOT_TABLE 0x700 /* code points below this (Latin and the Arabic block) are looked up directly */
#define SCAN_EDGES 6 /* a node with more edges than this is searched by halves, or in its dense table */
#define DENSE_FIRST 0x620 /* dense tables: a child per Arabic letter, for nodes with many edges */
#define DENSE_SIZE 0x40
#define MAX_CROSSING 64 /* at most: a bit each in the masks of crossing_last */
#define MAX_CROSSING_LEN 32
_Static_assert(MAX_CROSSING <= 64, "crossing_last holds a 64-bit mask of the parts");
#define MAX_DEPTH 256 /* patterns followed this deep when looking for non-word characters */

typedef struct {
    PyObject_HEAD
    Py_ssize_t nodes;
    Py_ssize_t edges;
    int32_t *first;    /* per node: index of its first edge */
    int32_t *count;    /* per node: how many edges (sorted by code point) */
    int32_t *term;     /* per node: the pattern that ends here, or -1 */
    uint32_t *label;   /* per edge: the code point */
    int32_t *child;    /* per edge: the node it leads to */
    int32_t *dense;    /* per node: its row in dense_tables, or -1 */
    int32_t *dense_tables; /* rows of DENSE_SIZE children (-1: none) for letters DENSE_FIRST... */
    int32_t root_table[ROOT_TABLE];
    /* patterns holding a non-word character (على حد) may run out of a word: their parts before it */
    uint32_t crossing[MAX_CROSSING][MAX_CROSSING_LEN];
    int32_t crossing_len[MAX_CROSSING];
    int32_t n_crossing;
    uint64_t crossing_last[ROOT_TABLE]; /* per last character of those parts: which parts (bit k: part k) */
    uint64_t crossing_last_high;        /* the parts whose last character is not below ROOT_TABLE */
    char word_initial; /* every pattern starts with a word character, and the parts above are all known */
} TrieObject;

static void
Trie_dealloc(TrieObject *self)
{
    PyMem_Free(self->first);
    PyMem_Free(self->count);
    PyMem_Free(self->term);
    PyMem_Free(self->label);
    PyMem_Free(self->child);
    PyMem_Free(self->dense);
    PyMem_Free(self->dense_tables);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* copy an int32/uint32 buffer object into fresh memory; n items expected (-1: any) */
static void *
copy_buffer(PyObject *obj, Py_ssize_t *n, const char *what)
{
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (view.len % 4 != 0 || (*n >= 0 && view.len != *n * 4)) {
        PyBuffer_Release(&view);
        PyErr_Format(PyExc_ValueError, "Trie: %s has the wrong size", what);
        return NULL;
    }
    void *out = PyMem_Malloc(view.len > 0 ? view.len : 1);
    if (out == NULL) {
        PyBuffer_Release(&view);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(out, view.buf, view.len);
    *n = view.len / 4;
    PyBuffer_Release(&view);
    return out;
}

/* the child of node (not the root) for ch, or -1 */
static inline int32_t
trie_child(const TrieObject *t, int32_t node, Py_UCS4 ch)
{
    int32_t lo = t->first[node];
    int32_t hi = lo + t->count[node];
    if (hi - lo <= SCAN_EDGES) { /* most nodes have one or two edges */
        for (int32_t k = lo; k < hi; k++) {
            if (t->label[k] == ch) {
                return t->child[k];
            }
        }
        return -1;
    }
    if (ch - DENSE_FIRST < DENSE_SIZE && t->dense[node] >= 0) {
        return t->dense_tables[t->dense[node] * DENSE_SIZE + (ch - DENSE_FIRST)];
    }
    while (lo < hi) { /* binary search among the node's edges */
        int32_t mid = (lo + hi) >> 1;
        uint32_t c = t->label[mid];
        if (c == ch) {
            return t->child[mid];
        }
        if (c < ch) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return -1;
}

static inline int32_t
trie_step(const TrieObject *t, int32_t node, Py_UCS4 ch)
{
    if (node == 0 && ch < ROOT_TABLE) {
        return t->root_table[ch];
    }
    return trie_child(t, node, ch);
}

static inline int is_word(Py_UCS4 ch);

/* a dense row of children for every node with more than SCAN_EDGES edges (few nodes: the root's children
 * and the letters after و، ف، ل); its edges outside the row's letters are still found by halves */
static int
fill_dense(TrieObject *self)
{
    Py_ssize_t rows = 0;
    self->dense = PyMem_Malloc(sizeof(int32_t) * self->nodes);
    if (self->dense == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < self->nodes; i++) {
        self->dense[i] = self->count[i] > SCAN_EDGES ? (int32_t)rows++ : -1;
    }
    self->dense_tables = PyMem_Malloc(sizeof(int32_t) * DENSE_SIZE * (rows > 0 ? rows : 1));
    if (self->dense_tables == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < DENSE_SIZE * rows; k++) {
        self->dense_tables[k] = -1;
    }
    for (Py_ssize_t i = 0; i < self->nodes; i++) {
        if (self->dense[i] < 0) {
            continue;
        }
        for (int32_t j = self->first[i]; j < self->first[i] + self->count[i]; j++) {
            uint32_t ch = self->label[j];
            if (ch - DENSE_FIRST < DENSE_SIZE) {
                self->dense_tables[self->dense[i] * DENSE_SIZE + (ch - DENSE_FIRST)] = self->child[j];
            }
        }
    }
    return 0;
}

/* The patterns that hold a non-word character (على حد) can run out of a word: a match of one starting
 * inside a word must end that word with the pattern's part before its first non-word character. Those
 * parts are collected by a depth-first walk of the trie (path[0..depth) leads to node); word_initial is
 * cleared when a pattern starts with a non-word character or the parts do not fit the tables. */
static void
mark_crossing(TrieObject *self, int32_t node, uint32_t *path, int32_t depth)
{
    for (int32_t j = self->first[node]; j < self->first[node] + self->count[node]; j++) {
        uint32_t ch = self->label[j];
        if (is_word(ch)) {
            if (depth < MAX_DEPTH) {
                path[depth] = ch;
                mark_crossing(self, self->child[j], path, depth + 1);
            }
            else {
                self->word_initial = 0; /* a pattern too long to follow here: walk every position */
            }
            continue;
        }
        if (depth == 0 || depth > MAX_CROSSING_LEN || self->n_crossing == MAX_CROSSING) {
            self->word_initial = 0;
            continue;
        }
        memcpy(self->crossing[self->n_crossing], path, sizeof(uint32_t) * depth);
        self->crossing_len[self->n_crossing] = depth;
        uint32_t last = path[depth - 1];
        uint64_t bit = (uint64_t)1 << self->n_crossing++; /* MAX_CROSSING is 64 */
        if (last < ROOT_TABLE) {
            self->crossing_last[last] |= bit;
        }
        else {
            self->crossing_last_high |= bit;
        }
    }
}

static PyObject *
Trie_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"first", "count", "term", "label", "child", NULL};
    PyObject *first, *count, *term, *label, *child;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOOO:Trie", kwlist, &first, &count, &term, &label,
                                     &child)) {
        return NULL;
    }
    TrieObject *self = (TrieObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    Py_ssize_t nodes = -1, edges = -1;
    if ((self->first = copy_buffer(first, &nodes, "first")) == NULL ||
        (self->count = copy_buffer(count, &nodes, "count")) == NULL ||
        (self->term = copy_buffer(term, &nodes, "term")) == NULL ||
        (self->label = copy_buffer(label, &edges, "label")) == NULL ||
        (self->child = copy_buffer(child, &edges, "child")) == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    self->nodes = nodes;
    self->edges = edges;
    if (nodes < 1) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_ValueError, "Trie: no root node");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nodes; i++) { /* every edge range and target must lie inside the tables */
        if (self->first[i] < 0 || self->count[i] < 0 || (Py_ssize_t)self->first[i] + self->count[i] > edges
            || self->term[i] < -1) {
            Py_DECREF(self);
            PyErr_SetString(PyExc_ValueError, "Trie: a node's edges lie outside the edge table");
            return NULL;
        }
    }
    for (Py_ssize_t i = 0; i < edges; i++) {
        if (self->child[i] <= 0 || self->child[i] >= nodes) {
            Py_DECREF(self);
            PyErr_SetString(PyExc_ValueError, "Trie: an edge leads outside the node table");
            return NULL;
        }
    }
    for (Py_ssize_t c = 0; c < ROOT_TABLE; c++) {
        self->root_table[c] = -1;
    }
    for (int32_t k = self->first[0]; k < self->first[0] + self->count[0]; k++) {
        if (self->label[k] < ROOT_TABLE) {
            self->root_table[self->label[k]] = self->child[k];
        }
    }
    if (fill_dense(self) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    uint32_t path[MAX_DEPTH];
    self->word_initial = 1;
    mark_crossing(self, 0, path, 0);
    return (PyObject *)self;
}

/* \w of the re module for str patterns, and what the pipeline calls a word character (str.isalnum() or
 * "_"): a bit table for the Basic Multilingual Plane, filled at import (Py_UNICODE_ISALNUM asks four
 * Unicode database functions a character) */
static uint8_t word_bmp[0x10000 / 8];

/* str.isspace() (what str.split and str.rstrip take for white space), likewise */
static uint8_t space_bmp[0x10000 / 8];

static void
fill_word_table(void)
{
    for (Py_UCS4 ch = 0; ch < 0x10000; ch++) {
        if (ch == '_' || Py_UNICODE_ISALNUM(ch)) {
            word_bmp[ch >> 3] |= (uint8_t)(1u << (ch & 7));
        }
        if (Py_UNICODE_ISSPACE(ch)) {
            space_bmp[ch >> 3] |= (uint8_t)(1u << (ch & 7));
        }
    }
}

static inline __attribute__((always_inline)) int
is_space(Py_UCS4 ch)
{
    if (ch < 0x10000) {
        return (space_bmp[ch >> 3] >> (ch & 7)) & 1;
    }
    return Py_UNICODE_ISSPACE(ch);
}

static inline __attribute__((always_inline)) int
is_word(Py_UCS4 ch)
{
    if (ch < 0x10000) {
        return (word_bmp[ch >> 3] >> (ch & 7)) & 1;
    }
    return Py_UNICODE_ISALNUM(ch);
}

/* the longest pattern starting at p: its index (or -1) and its end in *end */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE int32_t
longest_at(const TrieObject *t, int kind, const void *data, Py_ssize_t n, Py_ssize_t p, Py_ssize_t *end)
{
    int32_t node = trie_step(t, 0, PyUnicode_READ(kind, data, p));
    int32_t best = -1;
    Py_ssize_t q = p + 1;
    while (node >= 0) {
        if (t->term[node] >= 0) {
            best = t->term[node];
            *end = q;
        }
        if (q >= n) {
            break;
        }
        node = trie_child(t, node, PyUnicode_READ(kind, data, q)); /* no edge leads back to the root */
        q++;
    }
    return best;
}

static int
append_match(PyObject *out, int32_t pattern, Py_ssize_t start, Py_ssize_t end)
{
    /* built by hand: Py_BuildValue parses its format string at every call (≈ 700 instructions a match) */
    PyObject *m = PyTuple_New(3);
    if (m == NULL) {
        return -1;
    }
    PyObject *items[3] = {PyLong_FromLong(pattern), PyLong_FromSsize_t(start), PyLong_FromSsize_t(end)};
    for (int i = 0; i < 3; i++) {
        if (items[i] == NULL) {
            for (int j = i + 1; j < 3; j++) {
                Py_XDECREF(items[j]);
            }
            Py_DECREF(m);
            return -1;
        }
        PyTuple_SET_ITEM(m, i, items[i]);
    }
    int failed = PyList_Append(out, m);
    Py_DECREF(m);
    return failed;
}

/* does the word [p, e) end with the part before the non-word character of a pattern, so that a match
 * starting inside it could run out of it? */
ALWAYS_INLINE int
may_cross(const TrieObject *t, int kind, const void *data, Py_ssize_t p, Py_ssize_t e)
{
    Py_UCS4 last = PyUnicode_READ(kind, data, e - 1);
    /* only the parts that end with the word's last letter (words ending in ي or ن are many; parts, few) */
    for (uint64_t parts = last < ROOT_TABLE ? t->crossing_last[last] : t->crossing_last_high; parts != 0;
         parts &= parts - 1) {
        int k = __builtin_ctzll(parts);
        Py_ssize_t len = t->crossing_len[k];
        if (len >= e - p) {
            continue; /* it would start at the word's start, which is walked anyway */
        }
        /* compared from the end: most parts differ from the word's end in its last or last but one letter */
        Py_ssize_t i = len;
        while (i > 0 && PyUnicode_READ(kind, data, e - len + i - 1) == t->crossing[k][i - 1]) {
            i--;
        }
        if (i == 0) {
            return 1;
        }
    }
    return 0;
}

/* [(pattern, start, end), ...]: the leftmost-longest, non-overlapping matches (what
 * ahocorasick_rs.AhoCorasick.find_matches_as_indexes gives with MatchKind.LeftmostLongest: from the left,
 * the longest pattern starting at the first position where one starts; the search goes on after its end)
 * that start a word: at the text's start or after a character that is not a word character.
 *
 * Only word starts are walked. A match starting inside a word is not reported, and it cannot hide a later
 * word start unless it runs out of its word, which only a pattern holding a non-word character can do
 * ("على حد" inside "اعلى حدود"). Such a match must end its word with the pattern's part before that
 * character; in a word that ends so, every position is walked, in order, as a full scan would, and what
 * the positions inside the word match is not reported. (When the patterns do not allow this reasoning,
 * word_initial is 0 and every position is walked.) */
ALWAYS_INLINE int
scan_text(const TrieObject *self, const int kind, const void *data, const Py_ssize_t n, PyObject *out)
{
    Py_ssize_t blocked_until = 0; /* the end of the last match: no match starts before it */
    Py_ssize_t p = 0;
    while (p < n) {
        Py_ssize_t e = p + 1; /* the positions [p, e) are walked as a full scan walks them */
        int report, walk_inside;
        if (self->word_initial) {
            while (p < n && !is_word(PyUnicode_READ(kind, data, p))) {
                p++; /* no pattern starts with a non-word character */
            }
            if (p >= n) {
                break;
            }
            e = p + 1;
            while (e < n && is_word(PyUnicode_READ(kind, data, e))) {
                e++;
            }
            report = 1; /* p is 0, or p - 1 was passed over above: a word starts at p */
            walk_inside = may_cross(self, kind, data, p, e);
        }
        else {
            report = p == 0 || !is_word(PyUnicode_READ(kind, data, p - 1));
            walk_inside = 1;
        }
        for (Py_ssize_t q = p; q < e; q++) {
            if (q < blocked_until) {
                continue;
            }
            if (q > p && !walk_inside) {
                break;
            }
            Py_ssize_t end = 0;
            int32_t best = longest_at(self, kind, data, n, q, &end);
            if (best < 0) {
                continue;
            }
            blocked_until = end;
            if ((q == p ? report : !is_word(PyUnicode_READ(kind, data, q - 1))) &&
                append_match(out, best, q, end) < 0) {
                return -1;
            }
        }
        p = e;
    }
    return 0;
}

static PyObject *
Trie_find(TrieObject *self, PyObject *text)
{
    if (check_text(text, "Trie.find_matches_as_indexes") < 0) {
        return NULL;
    }
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    int failed;
    switch (PyUnicode_KIND(text)) { /* one copy of the loop for each width of the str's code points */
    case PyUnicode_1BYTE_KIND:
        failed = scan_text(self, PyUnicode_1BYTE_KIND, data, n, out);
        break;
    case PyUnicode_2BYTE_KIND:
        failed = scan_text(self, PyUnicode_2BYTE_KIND, data, n, out);
        break;
    default:
        failed = scan_text(self, PyUnicode_4BYTE_KIND, data, n, out);
        break;
    }
    if (failed < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef Trie_methods[] = {
    {"find_matches_as_indexes", (PyCFunction)Trie_find, METH_O,
     "[(pattern index, start, end), ...]: leftmost-longest, non-overlapping matches in a str."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TrieType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qawl._speedups.Trie",
    .tp_basicsize = sizeof(TrieObject),
    .tp_dealloc = (destructor)Trie_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Trie(first, count, term, label, child): a trie of strings in flat int32 tables "
              "(qawl.text.trie.trie_tables builds them).",
    .tp_methods = Trie_methods,
    .tp_new = Trie_new,
};

/* ------------------------------------------------------------------------------------- WordSplitter */

typedef struct {
    PyObject_HEAD
    PyObject *analysed; /* a dict (subclass) whose __missing__ analyses a new word */
    PyTypeObject *tok;  /* the Tok named tuple: (s, e, text, w) */
    PyObject *empty;    /* "" */
    PyObject *dot;      /* "." */
    vectorcallfunc vectorcall;
} SplitterObject;

static int
Splitter_traverse(SplitterObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->analysed);
    Py_VISIT(self->tok);
    return 0;
}

static int
Splitter_clear(SplitterObject *self)
{
    Py_CLEAR(self->analysed);
    Py_CLEAR(self->tok);
    Py_CLEAR(self->empty);
    Py_CLEAR(self->dot);
    return 0;
}

static void
Splitter_dealloc(SplitterObject *self)
{
    PyObject_GC_UnTrack(self);
    Splitter_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static inline int
is_gap_strip(Py_UCS4 ch)
{
    return ch == ' ' || ch == '\t' || ch == '#';
}

static PyObject *Splitter_split(SplitterObject *self, PyObject *norm, Py_ssize_t start, Py_ssize_t end);

static PyObject *
Splitter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    SplitterObject *self = (SplitterObject *)callable;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != 3 || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) > 0)) {
        PyErr_SetString(PyExc_TypeError, "split_words(norm, start, end) takes three positional arguments");
        return NULL;
    }
    Py_ssize_t start, end;
    if (text_range(args[0], args[1], args[2], &start, &end, "split_words") < 0) {
        return NULL;
    }
    return Splitter_split(self, args[0], start, end);
}

static PyObject *
Splitter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"analysed", "tok", NULL};
    PyObject *analysed, *tok;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:WordSplitter", kwlist, &analysed, &tok)) {
        return NULL;
    }
    if (!PyDict_Check(analysed)) {
        PyErr_SetString(PyExc_TypeError, "WordSplitter: analysed must be a dict");
        return NULL;
    }
    if (!PyType_Check(tok) || !PyType_IsSubtype((PyTypeObject *)tok, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "WordSplitter: tok must be a tuple subclass");
        return NULL;
    }
    if (((PyTypeObject *)tok)->tp_basicsize != PyTuple_Type.tp_basicsize) {
        PyErr_SetString(PyExc_TypeError, "WordSplitter: tok must add no fields to tuple (a named tuple)");
        return NULL;
    }
    SplitterObject *self = (SplitterObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->analysed = Py_NewRef(analysed);
    self->tok = (PyTypeObject *)Py_NewRef(tok);
    self->empty = PyUnicode_FromString("");
    self->dot = PyUnicode_FromString(".");
    if (self->empty == NULL || self->dot == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    self->vectorcall = Splitter_vectorcall;
    return (PyObject *)self;
}

/* a new Tok(s, e, text, w); steals nothing */
static PyObject *
new_tok(PyTypeObject *tok, PyObject *s, PyObject *e, PyObject *text, PyObject *w)
{
    PyObject *t = tok->tp_alloc(tok, 4);
    if (t == NULL) {
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, Py_NewRef(s));
    PyTuple_SET_ITEM(t, 1, Py_NewRef(e));
    PyTuple_SET_ITEM(t, 2, Py_NewRef(text));
    PyTuple_SET_ITEM(t, 3, Py_NewRef(w));
    return t;
}

/* the words of norm[start:end]; start and end are positions of norm (text_range checked them) */
static PyObject *
Splitter_split(SplitterObject *self, PyObject *norm, Py_ssize_t start, Py_ssize_t end)
{
    const int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    PyObject *toks = PyList_New(0), *starts = PyList_New(0), *gaps = PyList_New(0);
    PyObject *result = NULL;
    if (toks == NULL || starts == NULL || gaps == NULL) {
        goto done;
    }
    Py_ssize_t p = start;
    while (p < end && !is_word(PyUnicode_READ(kind, data, p))) {
        p++;
    }
    while (p < end) {
        /* a word [p, q), then its separator [q, r) */
        Py_ssize_t q = p + 1;
        while (q < end && is_word(PyUnicode_READ(kind, data, q))) {
            q++;
        }
        Py_ssize_t r = q;
        while (r < end && !is_word(PyUnicode_READ(kind, data, r))) {
            r++;
        }
        PyObject *word = PyUnicode_Substring(norm, p, q);
        if (word == NULL) {
            goto done;
        }
        PyObject *w = PyDict_GetItemWithError(self->analysed, word); /* borrowed */
        if (w != NULL) {
            Py_INCREF(w);
        }
        else if (!PyErr_Occurred()) {
            w = PyObject_GetItem(self->analysed, word); /* a new word: the dict's __missing__ */
        }
        if (w == NULL) {
            Py_DECREF(word);
            goto done;
        }
        PyObject *s = PyLong_FromSsize_t(p), *e = PyLong_FromSsize_t(q);
        PyObject *tok = (s != NULL && e != NULL) ? new_tok(self->tok, s, e, word, w) : NULL;
        Py_DECREF(word);
        Py_DECREF(w);
        Py_XDECREF(e);
        if (tok == NULL || PyList_Append(toks, tok) < 0 || PyList_Append(starts, s) < 0) {
            Py_XDECREF(tok);
            Py_XDECREF(s);
            goto done;
        }
        Py_DECREF(tok);
        Py_DECREF(s);
        /* the gap: "" for one space, else the separator without spaces, tabs and # at its ends */
        PyObject *gap;
        if (r - q == 1 && PyUnicode_READ(kind, data, q) == ' ') {
            gap = Py_NewRef(self->empty);
        }
        else {
            Py_ssize_t a = q, b = r;
            while (a < b && is_gap_strip(PyUnicode_READ(kind, data, a))) {
                a++;
            }
            while (b > a && is_gap_strip(PyUnicode_READ(kind, data, b - 1))) {
                b--;
            }
            gap = a == b ? Py_NewRef(self->empty) : PyUnicode_Substring(norm, a, b);
            if (gap == NULL) {
                goto done;
            }
        }
        int failed = PyList_Append(gaps, gap);
        Py_DECREF(gap);
        if (failed < 0) {
            goto done;
        }
        p = r;
    }
    Py_ssize_t ng = PyList_GET_SIZE(gaps);
    if (ng > 0 && PyList_SetItem(gaps, ng - 1, Py_NewRef(self->dot)) < 0) {
        goto done;
    }
    result = PyTuple_Pack(3, toks, starts, gaps);
done:
    Py_XDECREF(toks);
    Py_XDECREF(starts);
    Py_XDECREF(gaps);
    return result;
}

static PyTypeObject SplitterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qawl._speedups.WordSplitter",
    .tp_basicsize = sizeof(SplitterObject),
    .tp_dealloc = (destructor)Splitter_dealloc,
    .tp_traverse = (traverseproc)Splitter_traverse,
    .tp_clear = (inquiry)Splitter_clear,
    .tp_vectorcall_offset = offsetof(SplitterObject, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "WordSplitter(analysed, tok)(norm, start, end) -> (toks, starts, gaps): "
              "qawl.attribution.tokens.split_words.",
    .tp_new = Splitter_new,
};

/* ------------------------------------------------------------------------------------ word counting */

/* runs of word characters in text[s:e] (re.findall(r"\w+", text, s, e) counted), stopping at `enough` */
static Py_ssize_t
count_runs(PyObject *text, Py_ssize_t s, Py_ssize_t e, Py_ssize_t enough)
{
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t count = 0;
    int inside = 0;
    for (Py_ssize_t i = s; i < e; i++) {
        int w = is_word(PyUnicode_READ(kind, data, i));
        if (w && !inside && ++count >= enough) {
            return count;
        }
        inside = w;
    }
    return count;
}

/* count_words(text, s, e, enough): qawl.quotes.find._count_words_py */
static PyObject *
count_words(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t s, e;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "count_words(text, s, e, enough) takes four arguments");
        return NULL;
    }
    if (text_range(args[0], args[1], args[2], &s, &e, "count_words") < 0) {
        return NULL;
    }
    Py_ssize_t enough = PyNumber_AsSsize_t(args[3], PyExc_OverflowError);
    if (enough == -1 && PyErr_Occurred()) {
        return NULL;
    }
    /* exact below `enough`, else `enough` itself (the Python definition may give a larger number then:
     * both are "not below enough", all that callers compare) */
    return PyLong_FromSsize_t(s < e && enough > 0 ? count_runs(args[0], s, e, enough) : 0);
}

/* word_before(text, lo, pos): qawl.quotes.find._word_before_py: the word ending text[lo:pos] (white space
 * may follow it) and where it starts, or ("", -1) */
static PyObject *
word_before(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t lo, pos;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "word_before(text, lo, pos) takes three arguments");
        return NULL;
    }
    if (text_range(args[0], args[1], args[2], &lo, &pos, "word_before") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
    Py_ssize_t b = pos;
    while (b > lo && is_space(PyUnicode_READ(kind, data, b - 1))) {
        b--;
    }
    Py_ssize_t a = b;
    while (a > lo && is_word(PyUnicode_READ(kind, data, a - 1))) {
        a--;
    }
    if (a == b) {
        return Py_BuildValue("(sn)", "", (Py_ssize_t)-1);
    }
    PyObject *word = PyUnicode_Substring(args[0], a, b);
    if (word == NULL) {
        return NULL;
    }
    return Py_BuildValue("(Nn)", word, a);
}

/* CharClass(members): a set of Basic Multilingual Plane characters as a bit table, and scans with it */
typedef struct {
    PyObject_HEAD
    uint8_t bits[0x10000 / 8];
} CharClassObject;

static PyObject *
CharClass_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"members", NULL};
    PyObject *members;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U:CharClass", kwlist, &members)) {
        return NULL;
    }
    CharClassObject *self = (CharClassObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(members);
    const void *data = PyUnicode_DATA(members);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(members); i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch >= 0x10000) {
            Py_DECREF(self);
            PyErr_SetString(PyExc_ValueError, "CharClass: only characters of the Basic Multilingual Plane");
            return NULL;
        }
        self->bits[ch >> 3] |= (uint8_t)(1u << (ch & 7));
    }
    return (PyObject *)self;
}

static inline int
in_class(const CharClassObject *c, Py_UCS4 ch)
{
    return ch < 0x10000 && ((c->bits[ch >> 3] >> (ch & 7)) & 1);
}

/* found(text) -> (set of the members in text, how many times they occur): set(re.findall("[...]", text))
 * and len(re.findall(...)) in one pass */
static PyObject *
CharClass_found(CharClassObject *self, PyObject *text)
{
    if (check_text(text, "CharClass.found") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *found = PySet_New(NULL);
    if (found == NULL) {
        return NULL;
    }
    Py_ssize_t count = 0;
    uint8_t seen[0x10000 / 8]; /* members already added to the set */
    memset(seen, 0, sizeof(seen));
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!in_class(self, ch)) {
            continue;
        }
        count++;
        if ((seen[ch >> 3] >> (ch & 7)) & 1) {
            continue;
        }
        seen[ch >> 3] |= (uint8_t)(1u << (ch & 7));
        PyObject *c = PyUnicode_FromOrdinal((int)ch);
        if (c == NULL || PySet_Add(found, c) < 0) {
            Py_XDECREF(c);
            Py_DECREF(found);
            return NULL;
        }
        Py_DECREF(c);
    }
    return Py_BuildValue("(Nn)", found, count);
}

static PyMethodDef CharClass_methods[] = {
    {"found", (PyCFunction)CharClass_found, METH_O,
     "found(text) -> (set of the members that occur in text, number of their occurrences)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject CharClassType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qawl._speedups.CharClass",
    .tp_basicsize = sizeof(CharClassObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "CharClass(members): a set of characters (Basic Multilingual Plane) for one-pass scans.",
    .tp_methods = CharClass_methods,
    .tp_new = CharClass_new,
};

/* line_spans(text): [m.span() for m in re.finditer(r"\S(?:[^\n]*\S)?", text)]: each line (between line
 * feeds) without the white space at its ends, when something is left */
static PyObject *
line_spans(PyObject *module, PyObject *text)
{
    if (check_text(text, "line_spans") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t i = 0;
    while (i < n) {
        /* the line is [i, end), end at a line feed or the text's end (CPython's search for one character
         * beats a loop reading each code point through its width) */
        Py_ssize_t end = PyUnicode_FindChar(text, '\n', i, n, 1);
        if (end == -2) {
            Py_DECREF(out);
            return NULL;
        }
        end = end < 0 ? n : end;
        Py_ssize_t a = i, b = end;
        while (a < b && is_space(PyUnicode_READ(kind, data, a))) {
            a++;
        }
        while (b > a && is_space(PyUnicode_READ(kind, data, b - 1))) {
            b--;
        }
        if (a < b) {
            PyObject *span = PyTuple_New(2); /* (Py_BuildValue parses its format at every call) */
            if (span != NULL) {
                PyObject *pa = PyLong_FromSsize_t(a), *pb = PyLong_FromSsize_t(b);
                if (pa == NULL || pb == NULL) {
                    Py_XDECREF(pa);
                    Py_XDECREF(pb);
                    Py_CLEAR(span);
                } else {
                    PyTuple_SET_ITEM(span, 0, pa);
                    PyTuple_SET_ITEM(span, 1, pb);
                }
            }
            if (span == NULL || PyList_Append(out, span) < 0) {
                Py_XDECREF(span);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(span);
        }
        i = end + 1;
    }
    return out;
}

/* ------------------------------------------------------------------------------ glue points (qawl.text.glue)
 *
 * glue_norm_points(norm, latin) and glue_orig_points(orig): the glue splitter's punctuation, hamza, script
 * and spelling rules in one pass each, instead of a regex scan of the whole text per rule (ten scans). The
 * rules and their regular expressions are in qawl/text/glue.py (_norm_points_py, _orig_points_py, which
 * give the same lists).
 */

/* an Arabic letter of glue.py's _L: U+0621-U+063A, U+0641-U+064A */
static inline __attribute__((always_inline)) int
glue_letter(Py_UCS4 ch)
{
    return (ch >= 0x0621 && ch <= 0x063A) || (ch >= 0x0641 && ch <= 0x064A);
}

static inline __attribute__((always_inline)) int
glue_ascii_letter(Py_UCS4 ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

/* a haraka (glue.py's _HARAKAT): U+064B-U+0652 */
static inline __attribute__((always_inline)) int
glue_haraka(Py_UCS4 ch)
{
    return ch >= 0x064B && ch <= 0x0652;
}

#define GLUE_AT(i) ((i) >= 0 && (i) < n ? PyUnicode_READ(kind, data, (i)) : (Py_UCS4)0)

/* whether text[i:] starts with the code points s[0..len) */
static int
glue_starts(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, const Py_UCS4 *s, Py_ssize_t len)
{
    if (i + len > n) {
        return 0;
    }
    for (Py_ssize_t k = 0; k < len; k++) {
        if (PyUnicode_READ(kind, data, i + k) != s[k]) {
            return 0;
        }
    }
    return 1;
}

/* a punctuation mark at i glued between two words of 2+ letters, not before كوم, نت\b, اورغ, اورج */
static int
glue_punct_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    static const Py_UCS4 kom[] = {0x0643, 0x0648, 0x0645}, nt[] = {0x0646, 0x062A};
    static const Py_UCS4 org1[] = {0x0627, 0x0648, 0x0631, 0x063A}, org2[] = {0x0627, 0x0648, 0x0631, 0x062C};
    if (!(glue_letter(GLUE_AT(i - 2)) && glue_letter(GLUE_AT(i - 1)) && glue_letter(GLUE_AT(i + 1)) &&
          glue_letter(GLUE_AT(i + 2)))) {
        return 0;
    }
    if (glue_starts(kind, data, n, i + 1, kom, 3) || glue_starts(kind, data, n, i + 1, org1, 4) ||
        glue_starts(kind, data, n, i + 1, org2, 4)) {
        return 0;
    }
    /* نت then a word boundary: the text's end or a character that is not a word character */
    return !(glue_starts(kind, data, n, i + 1, nt, 2) && (i + 3 >= n || !is_word(GLUE_AT(i + 3))));
}

/* ء after two letters and before ال and three letters: اءالحرب */
static int
glue_hamza_al_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    return glue_letter(GLUE_AT(i - 2)) && glue_letter(GLUE_AT(i - 1)) && GLUE_AT(i + 1) == 0x0627 &&
           GLUE_AT(i + 2) == 0x0644 && glue_letter(GLUE_AT(i + 3)) && glue_letter(GLUE_AT(i + 4)) &&
           glue_letter(GLUE_AT(i + 5));
}

static int
glue_append(PyObject *list, Py_ssize_t value)
{
    PyObject *v = PyLong_FromSsize_t(value);
    if (v == NULL) {
        return -1;
    }
    int rc = PyList_Append(list, v);
    Py_DECREF(v);
    return rc;
}

/* the ASCII characters that start a rule of glue_norm_points: the punctuation marks; in a text with Latin
 * letters or brackets, also the letters, the square brackets and "(" */
static uint8_t glue_ascii_punct[128], glue_ascii_latin[128];

static void
fill_glue_tables(void)
{
    for (const char *c = ".!?,:"; *c; c++) {
        glue_ascii_punct[(int)*c] = glue_ascii_latin[(int)*c] = 1;
    }
    for (int c = 0; c < 128; c++) {
        if (glue_ascii_letter((Py_UCS4)c) || c == '[' || c == ']' || c == '(') {
            glue_ascii_latin[c] = 1;
        }
    }
}

/* whether ch may start a rule of glue_norm_points: ASCII by the table, else ، ؛ ؟ and ء (U+060C-U+0621) */
static inline __attribute__((always_inline)) int
glue_norm_candidate(Py_UCS4 ch, const uint8_t *ascii)
{
    return ch < 128 ? ascii[ch] : ch >= 0x060C && ch <= 0x0621;
}

/* the first position from i where a rule of glue_norm_points may start (n when none); most characters of
 * an Arabic text are letters, skipped in a tight loop for the text's kind */
static Py_ssize_t
glue_skip_norm(int kind, const void *data, Py_ssize_t i, Py_ssize_t n, const uint8_t *ascii)
{
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *d = (const Py_UCS2 *)data;
        while (i < n && !glue_norm_candidate(d[i], ascii)) {
            i++;
        }
        return i;
    }
    while (i < n && !glue_norm_candidate(PyUnicode_READ(kind, data, i), ascii)) {
        i++;
    }
    return i;
}

/* glue_norm_points(norm, latin) -> (points, dots, latin_starts): the glue points of the punctuation (but the
 * full stop), hamza and (with latin) script rules; the full stops between words (their positions, for
 * _sentence_dot); the Latin letters after an Arabic letter (for the prefix check) */
static PyObject *
glue_norm_points(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "glue_norm_points(norm, latin) takes two arguments");
        return NULL;
    }
    if (check_text(args[0], "glue_norm_points") < 0) {
        return NULL;
    }
    int latin = PyObject_IsTrue(args[1]);
    if (latin < 0) {
        return NULL;
    }
    PyObject *text = args[0];
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *points = PyList_New(0), *dots = PyList_New(0), *starts = PyList_New(0);
    if (points == NULL || dots == NULL || starts == NULL) {
        goto fail;
    }
    const uint8_t *ascii = latin ? glue_ascii_latin : glue_ascii_punct;
    for (Py_ssize_t i = glue_skip_norm(kind, data, 0, n, ascii); i < n;
         i = glue_skip_norm(kind, data, i + 1, n, ascii)) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int rc = 0;
        switch (ch) {
        case '.':
            if (glue_punct_at(kind, data, n, i)) {
                rc = glue_append(dots, i);
            }
            break;
        case '!': case '?': case ',': case ':': case 0x061F: case 0x060C: case 0x061B:
            if (glue_punct_at(kind, data, n, i)) {
                rc = glue_append(points, i + 1);
            }
            break;
        case 0x0621:
            if (glue_hamza_al_at(kind, data, n, i)) {
                rc = glue_append(points, i + 1);
            }
            break;
        case '(':
            if (latin && glue_ascii_letter(GLUE_AT(i - 1))) {
                rc = glue_append(points, i); /* X(تويتر */
            }
            break;
        case '[':
            if (latin && (glue_letter(GLUE_AT(i - 1)) || glue_ascii_letter(GLUE_AT(i - 1)))) {
                rc = glue_append(points, i);
            }
            break;
        case ']':
            if (latin && glue_letter(GLUE_AT(i + 1))) {
                rc = glue_append(points, i + 1);
            }
            break;
        default:
            if (latin && glue_ascii_letter(ch)) {
                if (glue_letter(GLUE_AT(i + 1))) {
                    rc = glue_append(points, i + 1); /* Englishعربي */
                }
                if (rc == 0 && glue_letter(GLUE_AT(i - 1))) {
                    rc = glue_append(starts, i); /* عربيEnglish, unless after a prefix (الـiPhone) */
                }
            }
        }
        if (rc < 0) {
            goto fail;
        }
    }
    return Py_BuildValue("(NNN)", points, dots, starts);
fail:
    Py_XDECREF(points);
    Py_XDECREF(dots);
    Py_XDECREF(starts);
    return NULL;
}

/* a letter that may precede إ inside a word: not a one-letter clitic (و ف ب ك ل) nor the ل of ال (glue.py's
 * _NOT_CLITIC: U+0621-U+0626, U+0629-U+063A, U+0642, U+0645-U+0647, U+0649-U+064A) */
static inline int
glue_not_clitic(Py_UCS4 ch)
{
    return (ch >= 0x0621 && ch <= 0x0626) || (ch >= 0x0629 && ch <= 0x063A) || ch == 0x0642 ||
           (ch >= 0x0645 && ch <= 0x0647) || ch == 0x0649 || ch == 0x064A;
}

/* whether ch is إ, ة or ى (U+0625, U+0629, U+0649), the characters that start a rule of glue_orig_points:
 * one subtraction, one comparison and a bit of a mask */
static inline __attribute__((always_inline)) int
glue_orig_candidate(Py_UCS4 ch)
{
    const uint64_t mask = (1ull << 0) | (1ull << (0x0629 - 0x0625)) | (1ull << (0x0649 - 0x0625));
    Py_UCS4 k = ch - 0x0625; /* (wraps below U+0625) */
    return k <= 0x0649 - 0x0625 && ((mask >> k) & 1);
}

/* the first position from i of a character that starts a rule of glue_orig_points (n when none): a tight
 * loop for the text's kind */
static Py_ssize_t
glue_skip_orig(int kind, const void *data, Py_ssize_t i, Py_ssize_t n)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        return n;
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *d = (const Py_UCS2 *)data;
        while (i < n && !glue_orig_candidate(d[i])) {
            i++;
        }
        return i;
    }
    while (i < n && !glue_orig_candidate(PyUnicode_READ(kind, data, i))) {
        i++;
    }
    return i;
}

/* glue_orig_points(orig) -> positions in orig: after a word-final ة or ى (and its haraka) followed by three
 * letters, and at an إ after a letter that is not a clitic (and its haraka); to be mapped to norm */
static PyObject *
glue_orig_points(PyObject *module, PyObject *text)
{
    if (check_text(text, "glue_orig_points") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = glue_skip_orig(kind, data, 0, n); i < n; i = glue_skip_orig(kind, data, i + 1, n)) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        Py_ssize_t point = -1;
        if (ch == 0x0629 || ch == 0x0649) { /* ة ى: not before ء, nor ى before ي */
            Py_ssize_t j = glue_haraka(GLUE_AT(i + 1)) ? i + 2 : i + 1;
            Py_UCS4 next = GLUE_AT(j);
            Py_UCS4 last = ch == 0x0629 ? 0x064A : 0x0649;
            if (((next >= 0x0622 && next <= 0x063A) || (next >= 0x0641 && next <= last)) &&
                glue_letter(GLUE_AT(j + 1)) && glue_letter(GLUE_AT(j + 2))) {
                point = j;
            }
        }
        else if (ch == 0x0625) { /* إ */
            Py_UCS4 before = GLUE_AT(i - 1);
            if (glue_not_clitic(before) || (glue_haraka(before) && glue_not_clitic(GLUE_AT(i - 2)))) {
                point = i;
            }
        }
        if (point >= 0 && glue_append(out, point) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

#undef GLUE_AT


/* -------------------------------------------------------------------- fold (qawl.text.normalize)
 *
 * Folder(table, compat, latin).fold(text): normalize_latin's fast path in one pass, instead of a scan for the
 * rare characters, a str.replace per folded letter and a search for the deleted characters; the same as
 * qawl.text.normalize._fold_latin_py.
 */

enum { FOLD_KEEP, FOLD_REPLACE, FOLD_DELETE, FOLD_COMPAT, FOLD_LATIN };

typedef struct {
    PyObject_HEAD
    uint8_t action[0x10000]; /* what to do with each character of the Basic Multilingual Plane */
    Py_UCS2 to[0x10000];     /* the replacement of a FOLD_REPLACE character */
} FolderObject;

static int
folder_char(PyObject *obj, const char *what)
{
    Py_ssize_t ch = PyNumber_AsSsize_t(obj, PyExc_OverflowError);
    if (ch == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (ch < 0 || ch >= 0x10000) {
        PyErr_Format(PyExc_ValueError, "Folder: %s must be a code point of the Basic Multilingual Plane", what);
        return -1;
    }
    return (int)ch;
}

static PyObject *
Folder_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"table", "compat", "latin", NULL};
    PyObject *table, *compat, *latin;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!UU:Folder", kwlist, &PyDict_Type, &table, &compat, &latin)) {
        return NULL;
    }
    FolderObject *self = (FolderObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(table, &pos, &key, &value)) {
        int from = folder_char(key, "a key");
        int to = value == Py_None ? 0 : folder_char(value, "a value");
        if (from < 0 || to < 0) {
            Py_DECREF(self);
            return NULL;
        }
        self->action[from] = value == Py_None ? FOLD_DELETE : FOLD_REPLACE;
        self->to[from] = (Py_UCS2)to;
    }
    /* a compatibility character goes through NFKC first, even one the table folds (＂) */
    PyObject *sets[2] = {latin, compat};
    for (int k = 0; k < 2; k++) {
        const int kind = PyUnicode_KIND(sets[k]);
        const void *data = PyUnicode_DATA(sets[k]);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(sets[k]); i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (ch >= 0x10000 || (k == 0 && self->action[ch] != FOLD_KEEP)) {
                Py_DECREF(self);
                PyErr_SetString(PyExc_ValueError, "Folder: a Latin character is folded, or is not in the BMP");
                return NULL;
            }
            self->action[ch] = k == 0 ? FOLD_LATIN : FOLD_COMPAT;
        }
    }
    return (PyObject *)self;
}

/* the fold of src[i:n] (of the character type T) into dst from position w; returns the characters written,
 * or -1 with an exception set, or -2 at a compatibility character; sets *latin when a Latin letter or a
 * bracket occurs */
#define FOLD_LOOP(NAME, T)                                                                                     \
    static Py_ssize_t NAME(const FolderObject *self, const T *src, Py_ssize_t i, Py_ssize_t n, T *dst,          \
                           Py_ssize_t w, PyObject *deleted, int *latin)                                         \
    {                                                                                                          \
        for (; i < n; i++) {                                                                                   \
            Py_UCS4 ch = src[i];                                                                               \
            switch (ch < 0x10000 ? self->action[ch] : FOLD_KEEP) {                                             \
            case FOLD_KEEP:                                                                                    \
                break;                                                                                         \
            case FOLD_REPLACE: /* (never above the text's kind: a surrogate becomes U+FFFD, the rest less) */   \
                ch = self->to[ch];                                                                             \
                break;                                                                                         \
            case FOLD_DELETE: {                                                                                \
                PyObject *at = PyLong_FromSsize_t(i);                                                          \
                if (at == NULL || PyList_Append(deleted, at) < 0) {                                            \
                    Py_XDECREF(at);                                                                            \
                    return -1;                                                                                 \
                }                                                                                              \
                Py_DECREF(at);                                                                                 \
                continue;                                                                                      \
            }                                                                                                  \
            case FOLD_COMPAT:                                                                                  \
                return -2;                                                                                     \
            default:                                                                                           \
                *latin = 1;                                                                                    \
            }                                                                                                  \
            dst[w++] = (T)ch;                                                                                  \
        }                                                                                                      \
        return w;                                                                                              \
    }

FOLD_LOOP(fold_ucs1, Py_UCS1)
FOLD_LOOP(fold_ucs2, Py_UCS2)
FOLD_LOOP(fold_ucs4, Py_UCS4)

/* fold(text) -> (folded text, positions of the deleted characters, whether a Latin letter or bracket occurs),
 * or None when text holds a compatibility character */
static PyObject *
Folder_fold(FolderObject *self, PyObject *text)
{
    if (check_text(text, "Folder.fold") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const uint8_t *action = self->action;
    int latin = 0;
    /* the first character to change: before it the text is copied as it is (often there is none) */
    Py_ssize_t i = 0;
    for (; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        uint8_t a = ch < 0x10000 ? action[ch] : FOLD_KEEP;
        if (a == FOLD_LATIN) {
            latin = 1;
        }
        else if (a != FOLD_KEEP) {
            break;
        }
    }
    PyObject *deleted = PyList_New(0);
    if (deleted == NULL) {
        return NULL;
    }
    if (i == n) {
        return Py_BuildValue("(ONN)", text, deleted, PyBool_FromLong(latin));
    }
    void *buf = PyMem_Malloc((size_t)(n * kind));
    if (buf == NULL) {
        Py_DECREF(deleted);
        return PyErr_NoMemory();
    }
    memcpy(buf, data, (size_t)(i * kind));
    Py_ssize_t w;
    if (kind == PyUnicode_1BYTE_KIND) {
        w = fold_ucs1(self, (const Py_UCS1 *)data, i, n, (Py_UCS1 *)buf, i, deleted, &latin);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        w = fold_ucs2(self, (const Py_UCS2 *)data, i, n, (Py_UCS2 *)buf, i, deleted, &latin);
    }
    else {
        w = fold_ucs4(self, (const Py_UCS4 *)data, i, n, (Py_UCS4 *)buf, i, deleted, &latin);
    }
    PyObject *norm = w < 0 ? NULL : PyUnicode_FromKindAndData(kind, buf, w);
    PyMem_Free(buf);
    if (norm == NULL) {
        Py_DECREF(deleted);
        if (w == -2) {
            Py_RETURN_NONE; /* a compatibility character */
        }
        return NULL;
    }
    return Py_BuildValue("(NNN)", norm, deleted, PyBool_FromLong(latin));
}

static PyMethodDef Folder_methods[] = {
    {"fold", (PyCFunction)Folder_fold, METH_O,
     "fold(text) -> (folded text, deleted positions, Latin letter or bracket?), or None (compatibility)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject FolderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qawl._speedups.Folder",
    .tp_basicsize = sizeof(FolderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Folder(table, compat, latin): normalize_latin's one-pass fold (see qawl.text.normalize).",
    .tp_methods = Folder_methods,
    .tp_new = Folder_new,
};

/* ---------------------------------------------------------------- glue candidate tokens (qawl.text.glue)
 *
 * TokenFilter(heads, min_len, long_len).tokens(text): the white-space tokens of text of long_len characters
 * or more, and those of min_len or more whose first three characters are one of heads (three-character
 * strings): the tokens the glue splitter's vocabulary rules look at, without making the other long tokens
 * (about 60 an article, of which a few pass). The same as qawl.text.glue._TokenFilterPy.
 */

typedef struct {
    PyObject_HEAD
    uint64_t *slots; /* open addressing; a head's three code points (21 bits each), top bit set; 0: empty */
    size_t mask;
    Py_ssize_t min_len, long_len;
} TokenFilterObject;

static inline uint64_t
head_key(Py_UCS4 a, Py_UCS4 b, Py_UCS4 c)
{
    return (1ull << 63) | (uint64_t)a | ((uint64_t)b << 21) | ((uint64_t)c << 42);
}

static inline size_t
head_slot(uint64_t key, size_t mask)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 29) & mask;
}

static int
head_lookup(const TokenFilterObject *self, uint64_t key)
{
    for (size_t s = head_slot(key, self->mask);; s = (s + 1) & self->mask) {
        if (self->slots[s] == key) {
            return 1;
        }
        if (self->slots[s] == 0) {
            return 0;
        }
    }
}

static void
TokenFilter_dealloc(TokenFilterObject *self)
{
    PyMem_Free(self->slots);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
TokenFilter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"heads", "min_len", "long_len", NULL};
    PyObject *heads;
    Py_ssize_t min_len, long_len;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Onn:TokenFilter", kwlist, &heads, &min_len, &long_len)) {
        return NULL;
    }
    if (min_len < 3 || long_len < min_len) {
        PyErr_SetString(PyExc_ValueError, "TokenFilter: 3 <= min_len <= long_len");
        return NULL;
    }
    PyObject *items = PySequence_Fast(heads, "TokenFilter: heads must be iterable");
    if (items == NULL) {
        return NULL;
    }
    TokenFilterObject *self = (TokenFilterObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    self->min_len = min_len;
    self->long_len = long_len;
    const Py_ssize_t count = PySequence_Fast_GET_SIZE(items);
    size_t size = 16;
    while (size < (size_t)count * 2) {
        size *= 2;
    }
    self->mask = size - 1;
    self->slots = PyMem_Calloc(size, sizeof(uint64_t));
    if (self->slots == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *h = PySequence_Fast_GET_ITEM(items, k);
        if (!PyUnicode_Check(h) || STR_READY(h) < 0 || PyUnicode_GET_LENGTH(h) != 3) {
            PyErr_SetString(PyExc_ValueError, "TokenFilter: every head is a str of three characters");
            goto fail;
        }
        const int kind = PyUnicode_KIND(h);
        const void *data = PyUnicode_DATA(h);
        uint64_t key =
            head_key(PyUnicode_READ(kind, data, 0), PyUnicode_READ(kind, data, 1), PyUnicode_READ(kind, data, 2));
        size_t s = head_slot(key, self->mask);
        while (self->slots[s] != 0 && self->slots[s] != key) {
            s = (s + 1) & self->mask;
        }
        self->slots[s] = key;
    }
    Py_DECREF(items);
    return (PyObject *)self;
fail:
    Py_DECREF(items);
    Py_DECREF(self);
    return NULL;
}

/* tokens(text) -> the tokens of text that pass (see above), in order */
static PyObject *
TokenFilter_tokens(TokenFilterObject *self, PyObject *text)
{
    if (check_text(text, "TokenFilter.tokens") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && is_space(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        Py_ssize_t start = i;
        while (i < n && !is_space(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        Py_ssize_t len = i - start;
        if (len < self->min_len) {
            continue;
        }
        if (len < self->long_len &&
            !head_lookup(self, head_key(PyUnicode_READ(kind, data, start), PyUnicode_READ(kind, data, start + 1),
                                        PyUnicode_READ(kind, data, start + 2)))) {
            continue;
        }
        PyObject *token = PyUnicode_Substring(text, start, i);
        if (token == NULL || PyList_Append(out, token) < 0) {
            Py_XDECREF(token);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(token);
    }
    return out;
}

static PyMethodDef TokenFilter_methods[] = {
    {"tokens", (PyCFunction)TokenFilter_tokens, METH_O,
     "tokens(text): the white-space tokens of long_len+ characters, or of min_len+ starting with a head."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TokenFilterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qawl._speedups.TokenFilter",
    .tp_basicsize = sizeof(TokenFilterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "TokenFilter(heads, min_len, long_len): the glue splitter's candidate tokens (qawl.text.glue).",
    .tp_dealloc = (destructor)TokenFilter_dealloc,
    .tp_methods = TokenFilter_methods,
    .tp_new = TokenFilter_new,
};

/* ------------------------------------------------- sentence marks and Latin runs (qawl.text.segment, .foreign)
 *
 * sentence_marks(norm) -> (ends, quotes): qawl.text.segment._sentence_marks_py in one pass, without a match
 * object per end: ends holds (start of the marks, end of the closing marks, start of the next sentence) for
 * each match of segment._END whose marks can end a sentence (an ellipsis cannot), flattened; quotes the
 * positions of '"'.
 * latin_runs(norm): qawl.text.foreign._latin_runs_py, the (start, end) of each match of foreign._LATIN_RUN,
 * flattened.
 */

static inline __attribute__((always_inline)) int
is_end_mark(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x2026;
}

static inline __attribute__((always_inline)) int
is_closing(Py_UCS4 c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']';
}

/* appends v to list; -1 on failure */
static int
append_index(PyObject *list, Py_ssize_t v)
{
    PyObject *o = PyLong_FromSsize_t(v);
    if (o == NULL) {
        return -1;
    }
    int rc = PyList_Append(list, o);
    Py_DECREF(o);
    return rc;
}

/* segment._END matched at p, the start of a run of marks (the regex tries no other position, and after a
 * match it resumes where no run starts): 1 with *c_end and *next set, or 0; *keep tells whether the marks
 * end a sentence ("." "..", or any of "!?؟") */
static int
end_match(int kind, const void *data, Py_ssize_t n, Py_ssize_t p, Py_ssize_t *c_end, Py_ssize_t *next, int *keep)
{
    Py_ssize_t k = p;
    int strong = 0, dots = 1;
    while (k < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (!is_end_mark(c)) {
            break;
        }
        strong |= c == '!' || c == '?' || c == 0x061F;
        dots &= c == '.';
        k++;
    }
    *keep = strong || (dots && k - p <= 2);
    while (k < n && is_closing(PyUnicode_READ(kind, data, k))) {
        k++;
    }
    *c_end = k;
    while (k < n && PyUnicode_READ(kind, data, k) != '\n' && is_space(PyUnicode_READ(kind, data, k))) {
        k++;
    }
    *next = k;
    /* white space, then a character that is not (a line feed stops the white space and is white space) */
    return k > *c_end && k < n && !is_space(PyUnicode_READ(kind, data, k));
}

/* '"' or a sentence mark: below '@', a bit of a mask */
#define MARK_MASK ((1ull << '"') | (1ull << '.') | (1ull << '!') | (1ull << '?'))
#define IS_MARK_OR_QUOTE(c) ((c) < 0x40 ? (MARK_MASK >> (c)) & 1 : (c) == 0x061F || (c) == 0x2026)

/* the first position from i on holding '"' or a sentence mark, or n; a loop for each width of code point
 * (one test of the width for the scan, not one a character) */
#define SCAN_UNTIL(T, TEST)                                                                              \
    do {                                                                                                 \
        const T *d = (const T *)data;                                                                    \
        while (i < n && !TEST(d[i])) {                                                                   \
            i++;                                                                                         \
        }                                                                                                \
    } while (0)

static Py_ssize_t
next_mark(int kind, const void *data, Py_ssize_t i, Py_ssize_t n)
{
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        SCAN_UNTIL(Py_UCS1, IS_MARK_OR_QUOTE);
        break;
    case PyUnicode_2BYTE_KIND:
        SCAN_UNTIL(Py_UCS2, IS_MARK_OR_QUOTE);
        break;
    default:
        SCAN_UNTIL(Py_UCS4, IS_MARK_OR_QUOTE);
    }
    return i;
}

static PyObject *
sentence_marks(PyObject *module, PyObject *text)
{
    if (check_text(text, "sentence_marks") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *ends = PyList_New(0), *quotes = PyList_New(0);
    if (ends == NULL || quotes == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = next_mark(kind, data, 0, n); i < n; i = next_mark(kind, data, i + 1, n)) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '"') {
            if (append_index(quotes, i) < 0) {
                goto fail;
            }
            continue;
        }
        if (i > 0 && is_end_mark(PyUnicode_READ(kind, data, i - 1))) {
            continue; /* inside a run of marks: the regex tries runs from their start only */
        }
        Py_ssize_t c_end, next;
        int keep;
        if (end_match(kind, data, n, i, &c_end, &next, &keep) && keep) {
            if (append_index(ends, i) < 0 || append_index(ends, c_end) < 0 || append_index(ends, next) < 0) {
                goto fail;
            }
        }
    }
    return Py_BuildValue("(NN)", ends, quotes);
fail:
    Py_XDECREF(ends);
    Py_XDECREF(quotes);
    return NULL;
}

static inline __attribute__((always_inline)) int
is_ascii_letter(Py_UCS4 c)
{
    return c < 0x80 && (Py_UCS4)((c | 0x20) - 'a') < 26;
}

/* [A-Za-z'’.\-] */
static inline __attribute__((always_inline)) int
is_latin_inner(Py_UCS4 c)
{
    return is_ascii_letter(c) || c == '\'' || c == 0x2019 || c == '.' || c == '-';
}

static PyObject *
latin_runs(PyObject *module, PyObject *text)
{
    if (check_text(text, "latin_runs") < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t i = 0;
    for (;;) {
        switch (kind) {
        case PyUnicode_1BYTE_KIND:
            SCAN_UNTIL(Py_UCS1, is_ascii_letter);
            break;
        case PyUnicode_2BYTE_KIND:
            SCAN_UNTIL(Py_UCS2, is_ascii_letter);
            break;
        default:
            SCAN_UNTIL(Py_UCS4, is_ascii_letter);
        }
        if (i >= n) {
            break;
        }
        Py_ssize_t s = i++;
        for (;;) { /* a word, then " " and a word while a letter follows the space */
            while (i < n && is_latin_inner(PyUnicode_READ(kind, data, i))) {
                i++;
            }
            if (i + 1 < n && PyUnicode_READ(kind, data, i) == ' ' && is_ascii_letter(PyUnicode_READ(kind, data, i + 1))) {
                i += 2;
                continue;
            }
            break;
        }
        if (append_index(out, s) < 0 || append_index(out, i) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static PyMethodDef module_methods[] = {
    {"line_spans", (PyCFunction)line_spans, METH_O,
     "line_spans(text): the spans of the non-empty lines, white space at their ends left out."},
    {"count_words", (PyCFunction)(void (*)(void))count_words, METH_FASTCALL,
     "count_words(text, s, e, enough): the words of text[s:e], exact below enough."},
    {"word_before", (PyCFunction)(void (*)(void))word_before, METH_FASTCALL,
     "word_before(text, lo, pos): the word ending text[lo:pos] and its start, or ('', -1)."},
    {"glue_norm_points", (PyCFunction)(void (*)(void))glue_norm_points, METH_FASTCALL,
     "glue_norm_points(norm, latin): glue points, full stops and Latin starts to check (qawl.text.glue)."},
    {"glue_orig_points", (PyCFunction)glue_orig_points, METH_O,
     "glue_orig_points(orig): glue points of the spelling rules, in orig's positions (qawl.text.glue)."},
    {"sentence_marks", (PyCFunction)sentence_marks, METH_O,
     "sentence_marks(norm): candidate sentence ends (flat triples) and '\"' positions (qawl.text.segment)."},
    {"latin_runs", (PyCFunction)latin_runs, METH_O,
     "latin_runs(norm): the spans of runs of Latin words, flattened (qawl.text.foreign)."},
    {NULL, NULL, 0, NULL},
};

/* --------------------------------------------------------------------------------------------- module */

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "qawl._speedups",
    .m_doc = "Native kernels of qawl's extraction pipeline (each equal to a pure-Python definition).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    fill_word_table();
    fill_glue_tables();
    if (PyType_Ready(&TrieType) < 0 || PyType_Ready(&SplitterType) < 0 || PyType_Ready(&CharClassType) < 0 ||
        PyType_Ready(&FolderType) < 0 ||
        PyType_Ready(&TokenFilterType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "Trie", (PyObject *)&TrieType) < 0 ||
        PyModule_AddObjectRef(m, "WordSplitter", (PyObject *)&SplitterType) < 0 ||
        PyModule_AddObjectRef(m, "CharClass", (PyObject *)&CharClassType) < 0 ||
        PyModule_AddObjectRef(m, "Folder", (PyObject *)&FolderType) < 0 ||
        PyModule_AddObjectRef(m, "TokenFilter", (PyObject *)&TokenFilterType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
