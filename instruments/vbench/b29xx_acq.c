/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight B2901A/B2902A simulation, part two: acquisitions (:INIT, spot
 * :MEASure?), readout (:FETCh:ARRay?, :READ:ARRay?) and the data formats
 * (ASCII, REAL,32/64 definite-length blocks, byte order, elements).
 * See b29xx.c for the model's scope and timing.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b29xx.h"

/* ---- acquisition ---- */

/* Let one trigger's time pass: the channels of an :INIT integrate in
 * parallel, so a point costs the time of one channel. */
static void point_time(wbg_vinstr *vi, int k)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	double own_time = h->tran_del + h->acq_del, t_int = h->nplc / B29_LINE_HZ;
	double period = h->trig_timer ? h->timer : 0.0;

	wbgi_bench_elapse(vi->bench, own_time + t_int);
	if (period > own_time + t_int)
		wbgi_bench_elapse(vi->bench, period - own_time - t_int);
}

static void sample(wbg_vinstr *vi, int k, struct b29_entry *e)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	struct wbgi_op op;
	double v, i;
	int term = vi->term[k];

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

static void acquire(wbg_vinstr *vi, int k, struct b29_entry *e, double own_time, double period)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	double t_int = h->nplc / B29_LINE_HZ;

	wbgi_bench_elapse(vi->bench, own_time + t_int);
	if (period > own_time + t_int)
		wbgi_bench_elapse(vi->bench, period - own_time - t_int);
	sample(vi, k, e);
}

static size_t channel_total(const struct b29_ch *h)
{
	return (size_t)lround(h->trig_count);
}

/* Source point j of channel k's sweep (or its fixed level). */
static void step_channel(wbg_vinstr *vi, int k, size_t j)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	enum wbgi_src f = h->func;
	size_t npts = h->sweep[f] ? h->points : 1, m;
	size_t seq = h->dbl && npts > 1 ? 2 * npts : npts;

	m = j % seq;
	if (m >= npts)
		m = seq - 1 - m;
	if (h->sweep[f])
		h->level[f] = npts > 1 ? h->start[f] + (h->stop[f] - h->start[f]) * (double)m /
		                                           (double)(npts - 1)
		                       : h->start[f];
	wbgi_b29_push_drive(vi, k);
}

/*
 * One trigger of a pulsed channel (FIX mode): the output sits at the base
 * (immediate) level; after the transient delay plus the pulse delay it
 * steps to the peak (triggered) level for the pulse width, then back. The
 * measurement starts at the acquire delay after the trigger and integrates
 * for NPLC/60 Hz, at the peak. A measurement that would not end within the
 * pulse is refused at :INIT with -221 (the simulation's rule).
 */
static bool pulse_fits(const struct b29_ch *h)
{
	double m0 = fmax(0.0, h->acq_del - h->tran_del - h->pulse_delay);

	return m0 + h->nplc / B29_LINE_HZ <= h->pulse_width * (1 + 1e-12);
}

void wbgi_b29_pulse_point(wbg_vinstr *vi, int k, struct b29_entry *e)
{
	struct b29_ch *h = &((struct b29 *)vi->st)->ch[k];
	enum wbgi_src f = h->func;
	double base = h->level[f], t_int = h->nplc / B29_LINE_HZ;
	double m0 = fmax(0.0, h->acq_del - h->tran_del - h->pulse_delay);

	wbgi_b29_push_drive(vi, k);
	wbgi_bench_elapse(vi->bench, h->tran_del + h->pulse_delay);
	h->level[f] = h->trig_level[f];
	wbgi_b29_push_drive(vi, k);
	wbgi_bench_elapse(vi->bench, m0 + t_int);
	sample(vi, k, e);
	e->src = h->level[f];
	if (h->pulse_width > m0 + t_int)
		wbgi_bench_elapse(vi->bench, h->pulse_width - m0 - t_int);
	h->level[f] = base;
	wbgi_b29_push_drive(vi, k);
}

/* The channels of one :INIT run on a common trigger: at each point every
 * channel sources its level, then every channel measures. A pulsed channel
 * runs its own pulses (one pulsed channel per :INIT is modelled; channels
 * in DC keep their output and are not measured then). */
static void run_channels(wbg_vinstr *vi, unsigned mask)
{
	struct b29 *b = vi->st;
	size_t total = 0, j;
	int k, first;

	for (k = 0; k < b->nch; k++)
		if ((mask & (1u << k)) && b->ch[k].pulse) {
			struct b29_ch *h = &b->ch[k];
			if (h->sweep[h->func] || !pulse_fits(h)) {
				wbgi_scpi_error(vi, -221);
				return;
			}
			h->out = true;
			h->n = 0;
			for (j = 0; j < channel_total(h); j++)
				wbgi_b29_pulse_point(vi, k, &h->buf[h->n++]);
			return;
		}

	for (k = 0; k < b->nch; k++)
		if (mask & (1u << k)) {
			b->ch[k].out = true; /* :OUTP:ON:AUTO is ON after *RST */
			b->ch[k].n = 0;
			if (channel_total(&b->ch[k]) > total)
				total = channel_total(&b->ch[k]);
		}
	for (j = 0; j < total; j++) {
		first = -1;
		for (k = 0; k < b->nch; k++)
			if ((mask & (1u << k)) && j < channel_total(&b->ch[k])) {
				step_channel(vi, k, j);
				if (first < 0)
					first = k;
			}
		if (first < 0)
			break;
		point_time(vi, first);
		for (k = 0; k < b->nch; k++)
			if ((mask & (1u << k)) && j < channel_total(&b->ch[k]))
				sample(vi, k, &b->ch[k].buf[b->ch[k].n++]);
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

void wbgi_b29_init(struct wbgi_scpi_call *c)
{
	unsigned mask;

	if (!wbgi_scpi_nparams(c, 0, 1) || !chans(c, 0, &mask))
		return;
	run_channels(c->vi, mask);
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
	size_t i, sz = b->real64 ? 8 : 4, bytes = n * sz;
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
	for (i = 0; i < n; i++)
		wbgi_scpi_real(c, v[i], b->real64, b->swapped);
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

void wbgi_b29_fetc_arr(struct wbgi_scpi_call *c)
{
	fetch(c, -1, true);
}

void wbgi_b29_fetc_arr_v(struct wbgi_scpi_call *c)
{
	fetch(c, EL_VOLT, true);
}

void wbgi_b29_fetc_arr_i(struct wbgi_scpi_call *c)
{
	fetch(c, EL_CURR, true);
}

void wbgi_b29_fetc_arr_t(struct wbgi_scpi_call *c)
{
	fetch(c, EL_TIME, true);
}

void wbgi_b29_fetc_arr_s(struct wbgi_scpi_call *c)
{
	fetch(c, EL_SOUR, true);
}

void wbgi_b29_fetc(struct wbgi_scpi_call *c)
{
	fetch(c, -1, false);
}

void wbgi_b29_read_arr(struct wbgi_scpi_call *c)
{
	wbgi_b29_init(c);
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

void wbgi_b29_meas(struct wbgi_scpi_call *c)
{
	meas(c, -1);
}

void wbgi_b29_meas_v(struct wbgi_scpi_call *c)
{
	meas(c, EL_VOLT);
}

void wbgi_b29_meas_i(struct wbgi_scpi_call *c)
{
	meas(c, EL_CURR);
}

void wbgi_b29_form(struct wbgi_scpi_call *c)
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

void wbgi_b29_bord(struct wbgi_scpi_call *c)
{
	wbgi_scpi_bord(c, &st(c)->swapped);
}

void wbgi_b29_elem(struct wbgi_scpi_call *c)
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

