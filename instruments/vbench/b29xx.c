/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight B2901A / B2902A Precision SMU (command set of the Keysight
 * B2900 SCPI Command Reference). Channels by header suffix (:SOUR2:VOLT,
 * :OUTP2) and by channel list ((@1), (@1,2)) for :MEAS?, :INIT, :FETC:ARR?.
 *
 * Modelled: source function, fixed and sweep modes (:SOUR:VOLT:MODE SWE,
 * :STAR/:STOP, :SOUR:SWE:POIN, :SOUR:SWE:STA SING|DOUB), compliance
 * (:SENS:CURR:PROT, :SENS:VOLT:PROT, :TRIP?), NPLC, trigger count,
 * transient/acquisition delays, trigger timer, :INIT runs the acquisition
 * at once (output auto-on), :FETC:ARR[:VOLT|:CURR|:TIME|:SOUR]? and
 * :READ:ARR? in ASCII or binary (:FORM REAL,32|REAL,64 with :FORM:BORD
 * NORM (big-endian) or SWAP (little-endian), IEEE 488.2 definite-length
 * block), :FORM:ELEM:SENS. Output envelope (datasheet, approximate): 3.03 A
 * to 6.3 V, 1.515 A to 21 V, 105 mA to 210 V; outside it -221, outside
 * +-210 V / +-3.03 A -222. Timing as the 2450: NPLC at 60 Hz plus delays;
 * with :TRIG:SOUR TIM a point takes max(timer period, its own time).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbench_int.h"

#define B29_PTS_MAX 2500
#define B29_TRIG_MAX 100000
#define B29_LINE_HZ 60.0

enum { EL_VOLT, EL_CURR, EL_RES, EL_TIME, EL_STAT, EL_SOUR, EL_N };

struct b29_entry {
	double v, i, t, src, stat;
};

struct b29_ch {
	enum wbgi_src func;
	bool sweep[2];         /* per function: MODE SWE */
	double level[2], start[2], stop[2];
	size_t points;
	bool dbl;              /* double (up and back) sweep */
	double prot[2];        /* [V]: current compliance, [I]: voltage compliance */
	double nplc;
	bool out;
	double trig_count, tran_del, acq_del, timer;
	bool trig_timer;
	size_t n;
	struct b29_entry buf[B29_TRIG_MAX];
};

struct b29 {
	int nch;
	bool binary, real64, swapped;
	int elems[EL_N];
	size_t nelems;
	struct b29_ch ch[2];
};

static struct b29 *st(struct wbgi_scpi_call *c)
{
	return c->vi->st;
}

/* The channel of a command by its first header suffix; -114 if absent. */
static struct b29_ch *chan(struct wbgi_scpi_call *c, int *out_idx)
{
	struct b29 *b = st(c);
	int k = c->nsuffix ? c->suffix[0] : 1;

	if (k < 1 || k > b->nch) {
		wbgi_scpi_error(c->vi, -114);
		return NULL;
	}
	if (out_idx)
		*out_idx = k - 1;
	return &b->ch[k - 1];
}

static void push_drive(wbg_vinstr *vi, int k)
{
	struct b29 *b = vi->st;
	struct b29_ch *h = &b->ch[k];
	struct wbgi_drive d;

	d.on = h->out;
	d.mode = h->func;
	d.level = h->level[h->func];
	d.limit = h->prot[h->func];
	if (vi->term[k] >= 0)
		wbgi_bench_set_drive(vi->bench, vi->term[k], &d);
}

static void b29_reset_common(wbg_vinstr *vi, int nch)
{
	struct b29 *b = vi->st;
	int k;

	b->nch = nch;
	b->binary = false;
	b->real64 = true;
	b->swapped = false;
	b->nelems = 0;
	for (k = 0; k < EL_N; k++)
		b->elems[b->nelems++] = k;
	for (k = 0; k < 2; k++) {
		struct b29_ch *h = &b->ch[k];
		h->func = WBGI_SRC_V;
		h->sweep[0] = h->sweep[1] = false;
		h->level[0] = h->level[1] = 0;
		h->start[0] = h->start[1] = h->stop[0] = h->stop[1] = 0;
		h->points = 1;
		h->dbl = false;
		h->prot[WBGI_SRC_V] = 100e-6;
		h->prot[WBGI_SRC_I] = 2.0;
		h->nplc = 1.0;
		h->out = false;
		h->trig_count = 1;
		h->tran_del = h->acq_del = 0;
		h->timer = 1e-4;
		h->trig_timer = false;
		h->n = 0;
		if (k < nch)
			push_drive(vi, k);
	}
}

static void b2901_reset(wbg_vinstr *vi)
{
	b29_reset_common(vi, 1);
}

static void b2902_reset(wbg_vinstr *vi)
{
	b29_reset_common(vi, 2);
}

static double env_imax(double v)
{
	v = fabs(v);
	if (v <= 6.3 * (1 + 1e-9))
		return 3.03;
	if (v <= 21.0 * (1 + 1e-9))
		return 1.515;
	return 0.105;
}

static bool envelope_ok(enum wbgi_src f, double level, double limit)
{
	double v = f == WBGI_SRC_V ? level : limit, i = f == WBGI_SRC_V ? limit : level;

	return fabs(i) <= env_imax(v) * (1 + 1e-9);
}

static void put_num(struct wbgi_scpi_call *c, double v)
{
	char b[40];

	wbgi_fmt_num(b, sizeof(b), v);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%s", b);
}

static const char *const func_words[] = {"VOLTage", "CURRent", NULL};

static void c_func(struct wbgi_scpi_call *c)
{
	int k, f;
	struct b29_ch *h = chan(c, &k);

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->func == WBGI_SRC_V ? "VOLT" : "CURR");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, func_words, &f)) {
		h->func = (enum wbgi_src)f;
		push_drive(c->vi, k);
	}
}

enum what { W_LEVEL, W_START, W_STOP };

static void value_cmd(struct wbgi_scpi_call *c, enum wbgi_src f, enum what w)
{
	int k;
	struct b29_ch *h = chan(c, &k);
	double max = f == WBGI_SRC_V ? 210.0 : 3.03, v, *dst;

	if (!h)
		return;
	dst = w == W_LEVEL ? &h->level[f] : w == W_START ? &h->start[f] : &h->stop[f];
	if (c->query) {
		put_num(c, *dst);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, -max, max, 0, &v))
		return;
	if (!envelope_ok(f, v, h->prot[f])) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	*dst = v;
	if (w == W_LEVEL)
		push_drive(c->vi, k);
}

static void c_volt(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_V, W_LEVEL);
}

static void c_curr(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_I, W_LEVEL);
}

static void c_vstart(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_V, W_START);
}

static void c_vstop(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_V, W_STOP);
}

static void c_istart(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_I, W_START);
}

static void c_istop(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_I, W_STOP);
}

static void mode_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	static const char *const w[] = {"FIXed", "SWEep", "LIST", NULL};
	struct b29_ch *h = chan(c, NULL);
	int m;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->sweep[f] ? "SWE" : "FIX");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_choice(c, 0, w, &m))
		return;
	if (m == 2) { /* LIST is a real mode we do not simulate */
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	h->sweep[f] = m == 1;
}

static void c_vmode(struct wbgi_scpi_call *c)
{
	mode_cmd(c, WBGI_SRC_V);
}

static void c_imode(struct wbgi_scpi_call *c)
{
	mode_cmd(c, WBGI_SRC_I);
}

static void c_points(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = chan(c, NULL);
	double v;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "+%zu", h->points);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, 1, B29_PTS_MAX, 1, &v))
		h->points = (size_t)lround(v);
}

static void c_swe_sta(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"SINGle", "DOUBle", NULL};
	struct b29_ch *h = chan(c, NULL);
	int m;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->dbl ? "DOUB" : "SING");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, w, &m))
		h->dbl = m == 1;
}

static void prot_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	int k;
	struct b29_ch *h = chan(c, &k);
	double v, lo = f == WBGI_SRC_V ? 1e-9 : 0.02, hi = f == WBGI_SRC_V ? 3.03 : 210.0;

	if (!h)
		return;
	if (c->query) {
		put_num(c, h->prot[f]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, lo, hi, lo, &v))
		return;
	if (!envelope_ok(f, h->level[f], v)) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	h->prot[f] = v;
	push_drive(c->vi, k);
}

/* :SENS:CURR:PROT limits the current while sourcing voltage. */
static void c_iprot(struct wbgi_scpi_call *c)
{
	prot_cmd(c, WBGI_SRC_V);
}

static void c_vprot(struct wbgi_scpi_call *c)
{
	prot_cmd(c, WBGI_SRC_I);
}

static void c_trip(struct wbgi_scpi_call *c)
{
	int k;
	struct b29_ch *h = chan(c, &k);
	struct wbgi_op op;

	if (!h)
		return;
	wbgi_bench_solve(c->vi->bench, &op);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%d", h->out && c->vi->term[k] >= 0 && op.in_limit[c->vi->term[k]]);
}

static void num_field(struct wbgi_scpi_call *c, double *dst, double lo, double hi, double def)
{
	double v;

	if (c->query) {
		put_num(c, *dst);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, lo, hi, def, &v))
		*dst = v;
}

static void c_nplc(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = chan(c, NULL);

	if (h)
		num_field(c, &h->nplc, 4e-4, 100, 1);
}

static void c_trig_count(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = chan(c, NULL);

	if (h)
		num_field(c, &h->trig_count, 1, B29_TRIG_MAX, 1);
}

static void c_tran_del(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = chan(c, NULL);

	if (h)
		num_field(c, &h->tran_del, 0, 100, 0);
}

static void c_acq_del(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = chan(c, NULL);

	if (h)
		num_field(c, &h->acq_del, 0, 100, 0);
}

static void c_timer(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = chan(c, NULL);

	if (h)
		num_field(c, &h->timer, 1e-5, 1e5, 1e-4);
}

static void c_trig_sour(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"AINT", "BUS", "TIMer", "INT1", "INT2", "EXT1", NULL};
	struct b29_ch *h = chan(c, NULL);
	int m;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->trig_timer ? "TIM" : "AINT");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_choice(c, 0, w, &m))
		return;
	if (m != 0 && m != 2) { /* no bus or hardware triggers in the simulation */
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	h->trig_timer = m == 2;
}

static void c_outp(struct wbgi_scpi_call *c)
{
	int k;
	struct b29_ch *h = chan(c, &k);
	bool on;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d", h->out ? 1 : 0);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_bool(c, 0, &on)) {
		h->out = on;
		push_drive(c->vi, k);
	}
}

/* ---- acquisition ---- */

static void acquire(wbg_vinstr *vi, int k, struct b29_entry *e, double own_time, double period)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	struct wbgi_op op;
	double t_int = h->nplc / B29_LINE_HZ, v, i;
	int term = vi->term[k];

	wbgi_bench_elapse(vi->bench, own_time + t_int);
	if (period > own_time + t_int)
		wbgi_bench_elapse(vi->bench, period - own_time - t_int);
	wbgi_bench_solve(vi->bench, &op);
	if (term >= 0)
		v = h->out ? op.v[term] : 0.0;
	else /* unwired: an open output */
		v = h->out && h->func == WBGI_SRC_V ? h->level[WBGI_SRC_V] : 0.0;
	i = term >= 0 ? op.i[term] : 0.0;
	v += wbgi_bench_noise(vi->bench, (10e-6 * fabs(v) + 1e-6) / sqrt(h->nplc));
	i += wbgi_bench_noise(vi->bench, (20e-6 * fabs(i) + 2e-12) / sqrt(h->nplc));
	e->v = v;
	e->i = i;
	e->t = wbg_vbench_time(vi->bench);
	e->src = h->level[h->func];
	/* status word: bit 1 (value 2) = compliance (B2900 reference, status) */
	e->stat = h->out && term >= 0 && op.in_limit[term] ? 2 : 0;
}

static void run_channel(wbg_vinstr *vi, int k)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	enum wbgi_src f = h->func;
	size_t npts = h->sweep[f] ? h->points : 1, total = (size_t)lround(h->trig_count), j, m;
	size_t seq = h->dbl && npts > 1 ? 2 * npts : npts;

	h->out = true; /* :OUTP:ON:AUTO is ON after *RST */
	h->n = 0;
	for (j = 0; j < total; j++) {
		m = j % seq;
		if (m >= npts)
			m = seq - 1 - m;
		if (h->sweep[f])
			h->level[f] = npts > 1 ? h->start[f] + (h->stop[f] - h->start[f]) * (double)m /
			                                           (double)(npts - 1)
			                       : h->start[f];
		push_drive(vi, k);
		acquire(vi, k, &h->buf[h->n++], h->tran_del + h->acq_del,
		        h->trig_timer ? h->timer : 0.0);
	}
}

/* Optional channel list parameter: mask of channels, default channel 1. */
static bool chans(struct wbgi_scpi_call *c, size_t i, unsigned *mask)
{
	if (i >= c->nparam) {
		*mask = 1;
		return true;
	}
	return wbgi_scpi_chanlist(c, i, st(c)->nch, mask);
}

static void c_init(struct wbgi_scpi_call *c)
{
	unsigned mask;
	int k;

	if (!wbgi_scpi_nparams(c, 0, 1) || !chans(c, 0, &mask))
		return;
	for (k = 0; k < st(c)->nch; k++)
		if (mask & (1u << k))
			run_channel(c->vi, k);
}

static double elem_value(const struct b29_entry *e, int el)
{
	switch (el) {
	case EL_VOLT:
		return e->v;
	case EL_CURR:
		return e->i;
	case EL_RES:
		return e->i != 0 ? e->v / e->i : 9.91e37;
	case EL_TIME:
		return e->t;
	case EL_STAT:
		return e->stat;
	case EL_SOUR:
	default:
		return e->src;
	}
}

/* Emit the values, ASCII or as one definite-length binary block. */
static void emit(struct wbgi_scpi_call *c, const double *v, size_t n)
{
	struct b29 *b = st(c);
	size_t i, j, sz = b->real64 ? 8 : 4, bytes = n * sz;
	char hdr[64];
	char num[40];

	wbgi_scpi_begin(c);
	if (!b->binary) {
		for (i = 0; i < n; i++) {
			wbgi_fmt_num(num, sizeof(num), v[i]);
			wbgi_scpi_printf(c, "%s%s", i ? "," : "", num);
		}
		return;
	}
	snprintf(num, sizeof(num), "%zu", bytes);
	snprintf(hdr, sizeof(hdr), "#%zu%s", strlen(num), num);
	wbgi_scpi_raw(c, hdr, strlen(hdr));
	for (i = 0; i < n; i++) {
		uint8_t raw[8], out[8];
		uint16_t probe = 1;
		uint8_t first;
		if (b->real64) {
			memcpy(raw, &v[i], 8);
		} else {
			float f = (float)v[i];
			memcpy(raw, &f, 4);
		}
		/* NORMal is big-endian (most significant byte first). */
		memcpy(&first, &probe, 1); /* 1 on a little-endian host */
		for (j = 0; j < sz; j++)
			out[j] = ((first == 1) != b->swapped) ? raw[sz - 1 - j] : raw[j];
		wbgi_scpi_raw(c, out, sz);
	}
}

static void fetch(struct wbgi_scpi_call *c, int only, bool array)
{
	struct b29 *b = st(c);
	unsigned mask;
	size_t i, n = 0, cap = 0;
	int k;
	double *vals;

	if (!wbgi_scpi_nparams(c, 0, 1) || !chans(c, 0, &mask))
		return;
	for (k = 0; k < b->nch; k++)
		if (mask & (1u << k)) {
			size_t cnt = array ? b->ch[k].n : (b->ch[k].n ? 1 : 0);
			cap += cnt * (only >= 0 ? 1 : b->nelems);
		}
	vals = malloc((cap ? cap : 1) * sizeof(*vals));
	if (!vals) {
		wbgi_scpi_error(c->vi, -200);
		return;
	}
	/* Point by point, channel by channel, elements in :FORM:ELEM:SENS order. */
	for (k = 0; k < b->nch; k++) {
		struct b29_ch *h = &b->ch[k];
		size_t from;
		if (!(mask & (1u << k)) || h->n == 0)
			continue;
		from = array ? 0 : h->n - 1;
		for (i = from; i < h->n; i++) {
			if (only >= 0) {
				vals[n++] = elem_value(&h->buf[i], only);
			} else {
				size_t e;
				for (e = 0; e < b->nelems; e++)
					vals[n++] = elem_value(&h->buf[i], b->elems[e]);
			}
		}
	}
	if (n == 0) {
		free(vals);
		wbgi_scpi_error(c->vi, -230); /* nothing acquired yet */
		return;
	}
	emit(c, vals, n);
	free(vals);
}

static void c_fetc_arr(struct wbgi_scpi_call *c)
{
	fetch(c, -1, true);
}

static void c_fetc_arr_v(struct wbgi_scpi_call *c)
{
	fetch(c, EL_VOLT, true);
}

static void c_fetc_arr_i(struct wbgi_scpi_call *c)
{
	fetch(c, EL_CURR, true);
}

static void c_fetc_arr_t(struct wbgi_scpi_call *c)
{
	fetch(c, EL_TIME, true);
}

static void c_fetc_arr_s(struct wbgi_scpi_call *c)
{
	fetch(c, EL_SOUR, true);
}

static void c_fetc(struct wbgi_scpi_call *c)
{
	fetch(c, -1, false);
}

static void c_read_arr(struct wbgi_scpi_call *c)
{
	c_init(c);
	fetch(c, -1, true);
}

/* :MEASure? spot measurement: one point per listed channel. */
static void meas(struct wbgi_scpi_call *c, int only)
{
	struct b29 *b = st(c);
	unsigned mask;
	int k;

	if (!wbgi_scpi_nparams(c, 0, 1) || !chans(c, 0, &mask))
		return;
	for (k = 0; k < b->nch; k++) {
		struct b29_ch *h = &b->ch[k];
		if (!(mask & (1u << k)))
			continue;
		h->n = 0;
		acquire(c->vi, k, &h->buf[h->n++], h->acq_del, 0.0);
	}
	fetch(c, only, false);
}

static void c_meas(struct wbgi_scpi_call *c)
{
	meas(c, -1);
}

static void c_meas_v(struct wbgi_scpi_call *c)
{
	meas(c, EL_VOLT);
}

static void c_meas_i(struct wbgi_scpi_call *c)
{
	meas(c, EL_CURR);
}

static void c_form(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"ASCii", "REAL", NULL};
	struct b29 *b = st(c);
	double bits = 64;
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		if (b->binary)
			wbgi_scpi_printf(c, "REAL,%d", b->real64 ? 64 : 32);
		else
			wbgi_scpi_printf(c, "ASC");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 2) || !wbgi_scpi_choice(c, 0, w, &m))
		return;
	if (m == 0) {
		if (c->nparam > 1) {
			wbgi_scpi_error(c->vi, -108);
			return;
		}
		b->binary = false;
		return;
	}
	if (c->nparam > 1 && !wbgi_scpi_num(c, 1, 32, 64, 64, &bits))
		return;
	if (bits != 32 && bits != 64) {
		wbgi_scpi_error(c->vi, -224);
		return;
	}
	b->binary = true;
	b->real64 = bits == 64;
}

static void c_bord(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"NORMal", "SWAPped", NULL};
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", st(c)->swapped ? "SWAP" : "NORM");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, w, &m))
		st(c)->swapped = m == 1;
}

static void c_elem(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"VOLTage", "CURRent", "RESistance", "TIME", "STATus", "SOURce", NULL};
	static const char *const names[] = {"VOLT", "CURR", "RES", "TIME", "STAT", "SOUR"};
	struct b29 *b = st(c);
	int el[EL_N];
	size_t i;

	if (c->query) {
		wbgi_scpi_begin(c);
		for (i = 0; i < b->nelems; i++)
			wbgi_scpi_printf(c, "%s%s", i ? "," : "", names[b->elems[i]]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, EL_N))
		return;
	for (i = 0; i < c->nparam; i++)
		if (!wbgi_scpi_choice(c, i, w, &el[i]))
			return;
	memcpy(b->elems, el, c->nparam * sizeof(el[0]));
	b->nelems = c->nparam;
}

static void c_noop_bool(struct wbgi_scpi_call *c)
{
	bool dummy;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "1");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_bool(c, 0, &dummy);
}

static void c_sens_func(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"VOLTage", "CURRent", "RESistance", NULL};
	size_t i;
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "\"VOLT\",\"CURR\"");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 3))
		return;
	for (i = 0; i < c->nparam; i++)
		if (!wbgi_scpi_choice(c, i, w, &m))
			return;
}

static const struct wbgi_scpi_cmd b29_cmds[] = {
	{"[:SOURce#]:FUNCtion:MODE", WBGI_SET | WBGI_QRY, c_func},
	{"[:SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", WBGI_SET | WBGI_QRY, c_volt},
	{"[:SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]", WBGI_SET | WBGI_QRY, c_curr},
	{"[:SOURce#]:VOLTage:MODE", WBGI_SET | WBGI_QRY, c_vmode},
	{"[:SOURce#]:CURRent:MODE", WBGI_SET | WBGI_QRY, c_imode},
	{"[:SOURce#]:VOLTage:STARt", WBGI_SET | WBGI_QRY, c_vstart},
	{"[:SOURce#]:VOLTage:STOP", WBGI_SET | WBGI_QRY, c_vstop},
	{"[:SOURce#]:CURRent:STARt", WBGI_SET | WBGI_QRY, c_istart},
	{"[:SOURce#]:CURRent:STOP", WBGI_SET | WBGI_QRY, c_istop},
	{"[:SOURce#]:VOLTage:POINts", WBGI_SET | WBGI_QRY, c_points},
	{"[:SOURce#]:CURRent:POINts", WBGI_SET | WBGI_QRY, c_points},
	{"[:SOURce#]:SWEep:POINts", WBGI_SET | WBGI_QRY, c_points},
	{"[:SOURce#]:SWEep:STAir", WBGI_SET | WBGI_QRY, c_swe_sta},
	{"[:SENSe#]:CURRent[:DC]:PROTection[:LEVel][:BOTH]", WBGI_SET | WBGI_QRY, c_iprot},
	{"[:SENSe#]:VOLTage[:DC]:PROTection[:LEVel][:BOTH]", WBGI_SET | WBGI_QRY, c_vprot},
	{"[:SENSe#]:CURRent[:DC]:PROTection:TRIPped", WBGI_QRY, c_trip},
	{"[:SENSe#]:VOLTage[:DC]:PROTection:TRIPped", WBGI_QRY, c_trip},
	{"[:SENSe#]:CURRent[:DC]:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc},
	{"[:SENSe#]:VOLTage[:DC]:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc},
	{"[:SENSe#]:FUNCtion[:ON]", WBGI_SET | WBGI_QRY, c_sens_func},
	{"[:SENSe#]:CURRent[:DC]:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_noop_bool},
	{"[:SENSe#]:VOLTage[:DC]:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_noop_bool},
	{":TRIGger#[:ALL]:COUNt", WBGI_SET | WBGI_QRY, c_trig_count},
	{":TRIGger#[:ALL]:SOURce", WBGI_SET | WBGI_QRY, c_trig_sour},
	{":TRIGger#[:ALL]:TIMer", WBGI_SET | WBGI_QRY, c_timer},
	{":TRIGger#:TRANsient:DELay", WBGI_SET | WBGI_QRY, c_tran_del},
	{":TRIGger#:ACQuire:DELay", WBGI_SET | WBGI_QRY, c_acq_del},
	{":OUTPut#[:STATe]", WBGI_SET | WBGI_QRY, c_outp},
	{":INITiate[:IMMediate][:ALL]", WBGI_SET, c_init},
	{":FETCh:ARRay", WBGI_QRY, c_fetc_arr},
	{":FETCh:ARRay:VOLTage", WBGI_QRY, c_fetc_arr_v},
	{":FETCh:ARRay:CURRent", WBGI_QRY, c_fetc_arr_i},
	{":FETCh:ARRay:TIME", WBGI_QRY, c_fetc_arr_t},
	{":FETCh:ARRay:SOURce", WBGI_QRY, c_fetc_arr_s},
	{":FETCh[:SCALar]", WBGI_QRY, c_fetc},
	{":READ:ARRay", WBGI_QRY, c_read_arr},
	{":MEASure", WBGI_QRY, c_meas},
	{":MEASure:VOLTage[:DC]", WBGI_QRY, c_meas_v},
	{":MEASure:CURRent[:DC]", WBGI_QRY, c_meas_i},
	{":FORMat[:DATA]", WBGI_SET | WBGI_QRY, c_form},
	{":FORMat:BORDer", WBGI_SET | WBGI_QRY, c_bord},
	{":FORMat:ELEMents:SENSe", WBGI_SET | WBGI_QRY, c_elem},
	{NULL, 0, NULL},
};

const struct wbgi_vmodel wbgi_vmodel_b2901a = {
	.name = "B2901A",
	.idn = "Keysight Technologies,B2901A,MY51140001,3.4.2011.5100",
	.kind = WBGI_VK_SMU1,
	.cmds = b29_cmds,
	.state_size = sizeof(struct b29),
	.reset = b2901_reset,
	.max_suffix = 1,
	.err_signed = true,
};

const struct wbgi_vmodel wbgi_vmodel_b2902a = {
	.name = "B2902A",
	.idn = "Keysight Technologies,B2902A,MY51140002,3.4.2011.5100",
	.kind = WBGI_VK_SMU2,
	.cmds = b29_cmds,
	.state_size = sizeof(struct b29),
	.reset = b2902_reset,
	.max_suffix = 2,
	.err_signed = true,
};
