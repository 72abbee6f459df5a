/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keithley 2450/2460/2470 simulation, part two: readings into defbuffer1
 * (:READ?, :MEAS?), linear sweeps run by :INIT, the :TRACe subsystem and
 * the :FORMat of their replies.
 * See k24xx.c for the model's scope and timing.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "k24xx.h"

void wbgi_k24_store(struct k24 *k, const struct k24_entry *e)
{
	/* A ring of cap entries from head; when full (fill-continuous) the
	 * oldest is overwritten. */
	if (k->n == 0) {
		k->t0 = e->t;
		k->head = 0;
	}
	if (k->n == k->cap) {
		k->buf[k->head] = *e;
		k->head = (k->head + 1) % k->cap;
		k->t0 = k->buf[k->head].t;
		return;
	}
	k->buf[(k->head + k->n++) % k->cap] = *e;
}

/* Optional buffer name parameter: defbuffer1/defbuffer2. */
static bool buffer_ok(struct wbgi_scpi_call *c, size_t i)
{
	char *name;

	if (i >= c->nparam)
		return true;
	if (!wbgi_scpi_string(c, i, &name))
		return false;
	if (strcmp(name, "defbuffer1") != 0 && strcmp(name, "defbuffer2") != 0) {
		wbgi_scpi_error(c->vi, -224);
		return false;
	}
	return true;
}

enum elem { E_READ, E_SOUR, E_REL, E_SEC };
static const char *const elem_words[] = {"READing", "SOURce", "RELative", "SEConds", NULL};

/* One value of a reading, in the :FORMat in force: ASCII, or IEEE 754
 * binary64 (REAL) / binary32 (SREal) in the :FORMat:BORDer byte order. */
static void put_value(struct wbgi_scpi_call *c, const struct k24 *k, double v, bool first)
{
	char b[40];

	if (k->form == K24_FORM_ASC) {
		wbgi_fmt_num(b, sizeof(b), v);
		wbgi_scpi_printf(c, "%s%s", first ? "" : ",", b);
		return;
	}
	wbgi_scpi_real(c, v, k->form == K24_FORM_REAL, k->swapped);
}

/* Start a reply: binary formats open an indefinite-length block "#0"
 * (2450-901-01 Rev. B, :FORMat[:DATA]: the message starts with "#0" and
 * ends with a new line). */
static void begin_reply(struct wbgi_scpi_call *c, const struct k24 *k)
{
	wbgi_scpi_begin(c);
	if (k->form != K24_FORM_ASC)
		wbgi_scpi_raw(c, "#0", 2);
}

static void put_entry(struct wbgi_scpi_call *c, const struct k24 *k, const struct k24_entry *e,
                      const int *el, size_t nel, bool first)
{
	size_t j;
	double v;

	for (j = 0; j < nel; j++) {
		switch ((enum elem)el[j]) {
		case E_READ:
			v = e->reading;
			break;
		case E_SOUR:
			v = e->source;
			break;
		case E_REL:
			v = e->t - k->t0;
			break;
		case E_SEC:
		default:
			v = e->t;
			break;
		}
		put_value(c, k, v, first && j == 0);
	}
}

static bool parse_elems(struct wbgi_scpi_call *c, size_t from, int *el, size_t *nel)
{
	size_t i;

	*nel = 0;
	for (i = from; i < c->nparam && *nel < 8; i++)
		if (!wbgi_scpi_choice(c, i, elem_words, &el[(*nel)++]))
			return false;
	if (*nel == 0)
		el[(*nel)++] = E_READ;
	return true;
}

void wbgi_k24_read(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);
	struct k24_entry e;
	int el[8];
	size_t nel;

	if (!wbgi_scpi_nparams(c, 0, 9) || !buffer_ok(c, 0) || !parse_elems(c, 1, el, &nel))
		return;
	wbgi_k24_take_reading(c->vi, 0.0, &e);
	wbgi_k24_store(k, &e);
	begin_reply(c, k);
	put_entry(c, k, &e, el, nel, true);
}

static void meas_as(struct wbgi_scpi_call *c, int sense)
{
	if (sense >= 0)
		st(c)->sense = sense;
	wbgi_k24_read(c);
}

void wbgi_k24_meas(struct wbgi_scpi_call *c)
{
	meas_as(c, -1);
}

void wbgi_k24_meas_i(struct wbgi_scpi_call *c)
{
	meas_as(c, 0);
}

void wbgi_k24_meas_v(struct wbgi_scpi_call *c)
{
	meas_as(c, 1);
}

void wbgi_k24_meas_r(struct wbgi_scpi_call *c)
{
	meas_as(c, 2);
}

/* ---- sweeps and buffer ---- */

static void sweep_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	struct k24 *k = st(c);
	static const char *const rtype[] = {"BEST", "AUTO", "FIXed", NULL};
	double max = f == WBGI_SRC_V ? spec(c->vi)->vmax : spec(c->vi)->imax;
	double start, stop, pts, delay = -1, count = 1;
	int r;
	bool abort = true, dual = false;
	size_t i;

	if (!wbgi_scpi_nparams(c, 3, 9) || !wbgi_scpi_num(c, 0, -max, max, 0, &start) ||
	    !wbgi_scpi_num(c, 1, -max, max, 0, &stop) ||
	    !wbgi_scpi_num(c, 2, 2, K24_SWEEP_MAX, 2, &pts))
		return;
	if (c->nparam > 3 && !wbgi_scpi_num(c, 3, -1, 10000, -1, &delay))
		return;
	if (c->nparam > 4 && !wbgi_scpi_num(c, 4, 1, 268435455, 1, &count))
		return;
	if (c->nparam > 5 && !wbgi_scpi_choice(c, 5, rtype, &r))
		return;
	if (c->nparam > 6 && !wbgi_scpi_bool(c, 6, &abort))
		return;
	if (c->nparam > 7 && !wbgi_scpi_bool(c, 7, &dual))
		return;
	if (!buffer_ok(c, 8))
		return;
	/* The simulation runs a sweep at once: bound its work. */
	if (pts * count > K24_SWEEP_READINGS_MAX) {
		wbgi_scpi_error(c->vi, -222);
		return;
	}
	if (!wbgi_k24_envelope_ok(c->vi, f, fabs(start) > fabs(stop) ? start : stop, k->limit[f])) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	k->sw_func = f;
	k->sw_n = (size_t)lround(pts);
	for (i = 0; i < k->sw_n; i++)
		k->sw_pts[i] = start + (stop - start) * (double)i / (double)(k->sw_n - 1);
	k->sw_delay = delay < 0 ? 1e-3 : delay; /* -1 = auto delay */
	k->sw_count = lround(count);
	k->sw_abort = abort;
	k->sw_dual = dual;
	k->sweep_set = true;
	wbgi_k24_tm_clear(c->vi); /* the sweep's trigger model replaces the blocks */
	/* The sweep's trigger model sources in its function. */
	k->func = f;
}

void wbgi_k24_swe_v(struct wbgi_scpi_call *c)
{
	sweep_cmd(c, WBGI_SRC_V);
}

void wbgi_k24_swe_i(struct wbgi_scpi_call *c)
{
	sweep_cmd(c, WBGI_SRC_I);
}

void wbgi_k24_init(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);
	struct k24_entry e;
	size_t n, j, total;
	long rep;

	if (wbgi_k24_tm_init(c->vi))
		return; /* blocks defined: the trigger model runs them */
	if (!k->sweep_set) {
		/* Default trigger model: one reading. */
		wbgi_k24_take_reading(c->vi, 0.0, &e);
		wbgi_k24_store(k, &e);
		return;
	}
	k->out = true;
	total = k->sw_dual ? 2 * k->sw_n : k->sw_n;
	for (rep = 0; rep < k->sw_count; rep++) {
		for (n = 0; n < total; n++) {
			j = n < k->sw_n ? n : 2 * k->sw_n - 1 - n;
			k->level[k->sw_func] = k->sw_pts[j];
			wbgi_k24_push_drive(c->vi);
			wbgi_k24_take_reading(c->vi, k->sw_delay > 0 ? k->sw_delay : 1e-9, &e);
			wbgi_k24_store(k, &e);
			if (k->tripped && k->sw_abort)
				return;
		}
	}
}

void wbgi_k24_abort(struct wbgi_scpi_call *c)
{
	wbgi_k24_tm_abort(c->vi);
}

void wbgi_k24_trac_data(struct wbgi_scpi_call *c)
{
	struct k24 *k = st(c);
	double a, b;
	int el[8];
	size_t nel, i;

	if (!wbgi_scpi_nparams(c, 2, 11) || !wbgi_scpi_num(c, 0, 1, K24_BUF_MAX, 1, &a) ||
	    !wbgi_scpi_num(c, 1, 1, K24_BUF_MAX, 1, &b) || !buffer_ok(c, 2) ||
	    !parse_elems(c, 3, el, &nel))
		return;
	if (a > b || (size_t)b > k->n) {
		wbgi_scpi_error(c->vi, -222);
		return;
	}
	begin_reply(c, k);
	for (i = (size_t)a - 1; i < (size_t)b; i++)
		put_entry(c, k, &k->buf[(k->head + i) % k->cap], el, nel, i + 1 == (size_t)a);
}

void wbgi_k24_trac_act(struct wbgi_scpi_call *c)
{
	if (!buffer_ok(c, 0))
		return;
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%zu", st(c)->n);
}

void wbgi_k24_trac_clear(struct wbgi_scpi_call *c)
{
	if (buffer_ok(c, 0))
		st(c)->n = 0;
}

void wbgi_k24_trac_points(struct wbgi_scpi_call *c)
{
	double v;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%zu", st(c)->cap);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 2) || !wbgi_scpi_num(c, 0, 1, K24_BUF_MAX, 100000, &v) ||
	    !buffer_ok(c, 1))
		return;
	st(c)->cap = (size_t)lround(v);
	st(c)->n = 0; /* resizing clears the buffer */
}


/* :FORMat[:DATA] ASCii|REAL|SREal (no length parameter on this model). */
void wbgi_k24_form(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"ASCii", "REAL", "SREal", NULL};
	static const char *const names[] = {"ASC", "REAL", "SRE"};
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", names[st(c)->form]);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, w, &m))
		st(c)->form = m;
}

void wbgi_k24_bord(struct wbgi_scpi_call *c)
{
	wbgi_scpi_bord(c, &st(c)->swapped);
}
