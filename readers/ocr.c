/* ocr.c: page images read by Tesseract through its C API (see ocr.h). */
#include "ocr.h"

#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

struct tc_ocr {
    TessBaseAPI *api; /* the engine, initialised with one language */
};

tc_rc tc_ocr_open(const char *lang, tc_ocr **out)
{
    *out = NULL;
    tc_ocr *o = calloc(1, sizeof *o);
    if (!o)
        return TC_ENOMEM;
    o->api = TessBaseAPICreate();
    if (!o->api) {
        free(o);
        return TC_ENOMEM;
    }
    /* NULL datapath: Tesseract's compiled-in folder or TESSDATA_PREFIX. */
    if (TessBaseAPIInit3(o->api, NULL, lang) != 0) {
        tc_ocr_close(o);
        return TC_ENOTFOUND;
    }
    TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
    /* Tesseract prints progress ("Detected 376 diacritics") on stderr
     * through its debug file; the library never prints, so it goes
     * nowhere.  (A global parameter of Tesseract's, set to the same value
     * by every handle.) */
    TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
    *out = o;
    return TC_OK;
}

void tc_ocr_close(tc_ocr *o)
{
    if (!o)
        return;
    if (o->api) {
        TessBaseAPIEnd(o->api);
        TessBaseAPIDelete(o->api);
    }
    free(o);
}

/* Tesseract runs parts of its network on OpenMP threads (4 per call in
 * Debian's build), which busy-wait: on a loaded 2-core machine a page took
 * 10 s of wall time, 3 s with one thread.  OpenMP's dynamic adjustment
 * sizes each parallel region to the idle cores instead.  The switch
 * (dyn-var) belongs to the calling thread, so it is turned on for the call
 * and restored after it.  libgomp comes with Tesseract; it is looked up at
 * run time so that a Tesseract built without OpenMP needs nothing. */
typedef struct omp_dyn {
    void (*set)(int);
    int old;
} omp_dyn;

static omp_dyn omp_dynamic_on(void)
{
    omp_dyn d = {0};
    int (*get)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_dynamic");
    d.set = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_dynamic");
    if (!get || !d.set) {
        d.set = NULL;
        return d;
    }
    d.old = get();
    d.set(1);
    return d;
}

static void omp_dynamic_restore(omp_dyn d)
{
    if (d.set)
        d.set(d.old);
}

/* A text line: its box and baseline, in pixels. */
typedef struct line {
    int ok;                 /* both were given */
    int top, bottom;        /* box */
    int bx1, by1, bx2, by2; /* baseline */
} line;

static line line_at(const TessPageIterator *pit)
{
    line ln = {0};
    int l, r;
    ln.ok = TessPageIteratorBoundingBox(pit, RIL_TEXTLINE, &l, &ln.top, &r, &ln.bottom) &&
            TessPageIteratorBaseline(pit, RIL_TEXTLINE, &ln.bx1, &ln.by1, &ln.bx2, &ln.by2) &&
            ln.bottom > ln.top;
    return ln;
}

/* Gives a word the height of its line, on the line's baseline, as a font
 * gives every glyph: word boxes alone are as tall as their letters ("HOA"
 * lower than "CỌNG" with its marks), so their gaps and centres say little
 * about lines and columns.  The baseline keeps a slanted scan line's
 * slant. */
static void line_box(const line *ln, int x1, int x2, int *y1, int *y2)
{
    if (!ln->ok)
        return;
    double cx = (x1 + x2) / 2.0, base = ln->by1;
    if (ln->bx2 != ln->bx1)
        base += (double)(ln->by2 - ln->by1) * (cx - ln->bx1) / (ln->bx2 - ln->bx1);
    /* the box less the rise of a slanted baseline: the line's height */
    double h = (ln->bottom - ln->top) - fabs((double)(ln->by2 - ln->by1));
    if (h < *y2 - *y1)
        h = *y2 - *y1;
    *y1 = (int)lround(base - 0.75 * h);
    *y2 = (int)lround(base + 0.25 * h);
}

tc_rc tc_ocr_read_words(tc_ocr *o, const unsigned char *pix, int w, int h, int stride, int dpi,
                        tc_ocr_word_fn fn, void *ctx)
{
    if (!o || !pix || !fn || w <= 0 || h <= 0 || stride < w || dpi <= 0)
        return TC_EINVAL;
    TessBaseAPISetImage(o->api, pix, w, h, 1, stride);
    /* Without it Tesseract guesses the resolution and says so on stderr. */
    TessBaseAPISetSourceResolution(o->api, dpi);
    omp_dyn dyn = omp_dynamic_on();
    int failed = TessBaseAPIRecognize(o->api, NULL) != 0;
    omp_dynamic_restore(dyn);
    tc_rc rc = failed ? TC_EFORMAT : TC_OK;
    TessResultIterator *it = failed ? NULL : TessBaseAPIGetIterator(o->api);
    if (it) {
        const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst(it);
        line ln = {0};
        do {
            if (TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE))
                ln = line_at(pit);
            char *word = TessResultIteratorGetUTF8Text(it, RIL_WORD);
            int x1, y1, x2, y2;
            /* words of white space only (Tesseract gives " " for a rule) */
            if (word && word[strspn(word, " \t\r\n\f")] &&
                TessPageIteratorBoundingBox(pit, RIL_WORD, &x1, &y1, &x2, &y2)) {
                int start = TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) != 0;
                line_box(&ln, x1, x2, &y1, &y2);
                if (fn(ctx, word, strlen(word), x1, y1, x2, y2, start))
                    rc = TC_ENOMEM;
            }
            TessDeleteText(word);
        } while (!rc && TessResultIteratorNext(it, RIL_WORD));
        TessResultIteratorDelete(it);
    }
    /* Forget the image: the caller frees its pixels after this call. */
    TessBaseAPIClear(o->api);
    return rc;
}
