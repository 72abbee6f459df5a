/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evaluation of a data set against a standard: one verdict per value, unit,
 * lot or population, as each limit kind asks. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

#define MAX_RESULTS 50000000u

struct wbg_eval {
	wbg_result *r;
	size_t n, cap;
	size_t unused;
	char **notes; /* owned strings referenced by results */
	size_t nnotes, capnotes;
};

const char *wbg_limit_kind_name(wbg_limit_kind kind)
{
	switch (kind) {
	case WBG_LIMIT_ABSOLUTE:
		return "absolute";
	case WBG_LIMIT_DATASHEET:
		return "datasheet";
	case WBG_LIMIT_SHIFT_ABSOLUTE:
		return "shift-absolute";
	case WBG_LIMIT_SHIFT_RELATIVE:
		return "shift-relative";
	case WBG_LIMIT_SHIFT_RATIO:
		return "shift-ratio";
	case WBG_LIMIT_CPK:
		return "cpk";
	case WBG_LIMIT_OUTLIER:
		return "outlier";
	case WBG_LIMIT_LIFETIME:
		return "lifetime";
	case WBG_LIMIT_SAMPLE_PLAN:
		return "sample-plan";
	}
	return "?";
}

void wbg_eval_free(wbg_eval *ev)
{
	size_t i;

	if (!ev)
		return;
	for (i = 0; i < ev->nnotes; i++)
		free(ev->notes[i]);
	free(ev->notes);
	free(ev->r);
	free(ev);
}

size_t wbg_eval_count(const wbg_eval *ev)
{
	return ev ? ev->n : 0;
}

const wbg_result *wbg_eval_result(const wbg_eval *ev, size_t i)
{
	return ev && i < ev->n ? &ev->r[i] : NULL;
}

wbg_outcome wbg_eval_worst(const wbg_eval *ev)
{
	wbg_outcome w = WBG_PASS;
	size_t i;

	for (i = 0; ev && i < ev->n; i++)
		if (ev->r[i].d.outcome > w)
			w = ev->r[i].d.outcome;
	return w;
}

size_t wbg_eval_unused_rows(const wbg_eval *ev)
{
	return ev ? ev->unused : 0;
}

static wbg_result *push(wbg_eval *ev, wbg_ctx *ctx)
{
	if (ev->n == ev->cap) {
		size_t ncap = ev->cap ? ev->cap * 2 : 256;
		wbg_result *nr;
		if (ev->n >= MAX_RESULTS) {
			wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "more than %u verdicts; evaluate the data in parts",
			              MAX_RESULTS);
			return NULL;
		}
		nr = realloc(ev->r, ncap * sizeof(*nr));
		if (!nr) {
			wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
			return NULL;
		}
		ev->r = nr;
		ev->cap = ncap;
	}
	memset(&ev->r[ev->n], 0, sizeof(ev->r[0]));
	ev->r[ev->n].ltpd = NAN;
	ev->r[ev->n].readout_s = NAN;
	return &ev->r[ev->n++];
}

/* The evaluation in progress. */
struct run {
	const wbg_standard *std;
	const wbg_device *dev;
	const wbg_dataset *ds;
	wbg_ctx *ctx;
	wbg_eval *ev;
	unsigned char *used;
	const wbg_row **idx; /* scratch: matching rows */
	size_t nidx;
};

static int cmp_unit_readout(const void *a, const void *b)
{
	const wbg_row *x = *(const wbg_row *const *)a, *y = *(const wbg_row *const *)b;
	int c = strcmp(x->lot, y->lot);

	if (c == 0)
		c = strcmp(x->sample, y->sample);
	if (c == 0)
		c = (x->readout_s > y->readout_s) - (x->readout_s < y->readout_s);
	return c;
}

static int cmp_lot_readout(const void *a, const void *b)
{
	const wbg_row *x = *(const wbg_row *const *)a, *y = *(const wbg_row *const *)b;
	int c = strcmp(x->lot, y->lot);

	if (c == 0)
		c = (x->readout_s > y->readout_s) - (x->readout_s < y->readout_s);
	return c;
}

/* Collect rows of @p test / @p param (and at @p at when given) into r->idx. */
static int select_rows(struct run *r, const char *test, const struct wbgi_param *p,
                       const double *at)
{
	size_t i;

	r->nidx = 0;
	for (i = 0; i < r->ds->n; i++) {
		const wbg_row *w = &r->ds->rows[i];
		if (strcmp(w->parameter, p->id) != 0 || strcmp(w->test, test) != 0)
			continue;
		r->used[i] = 1;
		if (!wbg_unit_same_dim(&r->ds->units[i], &p->u))
			return wbg_ctx_error(r->ctx, WBG_ERR_UNIT,
			                     "%s:%u: %s is given in '%s', which is not a unit of %s (the "
			                     "standard's unit); convert the value",
			                     w->file, w->line, p->id, w->unit, p->unit);
		if (at && fabs(w->readout_s - *at) > 1e-6 * (1.0 + *at))
			continue;
		r->idx[r->nidx++] = &r->ds->rows[i];
	}
	return WBG_OK;
}

static void fill(wbg_result *res, const char *test, const wbg_row *w, const struct wbgi_param *p,
                 wbg_limit_kind kind)
{
	res->test = test;
	res->lot = w ? w->lot : "";
	res->sample = w ? w->sample : "";
	res->parameter = p ? p->id : "";
	res->unit = p && kind != WBG_LIMIT_SHIFT_RELATIVE && kind != WBG_LIMIT_SHIFT_RATIO &&
	                    kind != WBG_LIMIT_CPK
	                ? p->unit
	                : "";
	res->kind = kind;
	res->readout_s = w ? w->readout_s : NAN;
}

static int limits_of(double *lo, double *hi, struct run *r, const struct wbgi_limit *lim)
{
	int rc;

	*lo = -INFINITY;
	*hi = INFINITY;
	if (lim->min.present) {
		rc = wbgi_q_value(lo, r->std, &lim->min, r->ctx);
		if (rc != WBG_OK)
			return rc;
	}
	if (lim->max.present) {
		rc = wbgi_q_value(hi, r->std, &lim->max, r->ctx);
		if (rc != WBG_OK)
			return rc;
	}
	if (*lo > *hi)
		return wbg_ctx_error(r->ctx, WBG_ERR_RANGE, "%s:%ld: the limit's min is above its max",
		                     r->std->name, lim->line);
	return WBG_OK;
}

static int decide_into(struct run *r, const char *test, const wbg_row *w,
                       const struct wbgi_param *p, const struct wbgi_limit *lim, double value,
                       double u, double lo, double hi, const char *note)
{
	wbg_rule rule = lim->has_rule ? lim->rule : r->std->rule;
	wbg_result *res = push(r->ev, r->ctx);
	int rc;

	if (!res)
		return wbg_ctx_errcode(r->ctx);
	fill(res, test, w, p, lim->kind);
	res->note = note;
	rc = wbg_decide(&res->d, value, u, r->std->k, lo, hi, rule, lim->r, r->ctx);
	if (rc != WBG_OK)
		r->ev->n--;
	return rc;
}

/* A unit that has rows in test @p t (at the limit's readout @p at, when it
 * has one) but no value of @p p there gets a FAIL of its own: a device
 * whose measurement found no value (a threshold never reached) or data that
 * lost a parameter must never pass a gate unseen. Absolute and datasheet
 * limits; the value is NaN. */
static int eval_missing(struct run *r, const struct wbgi_test *t, const struct wbgi_param *p,
                        const struct wbgi_limit *lim, double lo, double hi, const double *at)
{
	const wbg_row **rows;
	size_t i, j, n = 0;
	int rc = WBG_OK;

	rows = malloc((r->ds->n + 1) * sizeof(*rows));
	if (!rows)
		return wbg_ctx_error(r->ctx, WBG_ERR_NOMEM, "out of memory");
	for (i = 0; i < r->ds->n; i++) {
		const wbg_row *w = &r->ds->rows[i];
		if (strcmp(w->test, t->id) != 0 || w->sample[0] == '\0')
			continue;
		if (at && fabs(w->readout_s - *at) > 1e-6 * (1.0 + *at))
			continue;
		rows[n++] = w;
	}
	qsort(rows, n, sizeof(*rows), cmp_unit_readout);
	for (i = 0; i < n && rc == WBG_OK; i = j) {
		int found = 0;
		for (j = i; j < n && strcmp(rows[j]->lot, rows[i]->lot) == 0 &&
		            strcmp(rows[j]->sample, rows[i]->sample) == 0;
		     j++)
			if (strcmp(rows[j]->parameter, p->id) == 0)
				found = 1;
		if (!found) {
			wbg_result *res = push(r->ev, r->ctx);
			if (!res) {
				rc = wbg_ctx_errcode(r->ctx);
				break;
			}
			fill(res, t->id, rows[i], p, lim->kind);
			res->readout_s = at ? *at : NAN;
			res->note = "no value for this unit: it has other results in this test but none "
			            "for this parameter (not measured, or the measurement found none)";
			memset(&res->d, 0, sizeof(res->d));
			res->d.outcome = WBG_FAIL;
			res->d.rule = lim->has_rule ? lim->rule : r->std->rule;
			res->d.value = NAN;
			res->d.u = NAN;
			res->d.k = r->std->k;
			res->d.r = lim->r;
			res->d.tl_lo = res->d.al_lo = lo;
			res->d.tl_hi = res->d.al_hi = hi;
			res->d.p_conform = res->d.pfa = res->d.pfr = NAN;
		}
	}
	free(rows);
	return rc;
}

static int eval_value_limit(struct run *r, const struct wbgi_test *t, const struct wbgi_limit *lim)
{
	const struct wbgi_param *p = &r->std->par[lim->param];
	double lo, hi, at, factor = 1, rating = 0;
	size_t i;
	int rc;

	if (lim->at.present) {
		rc = wbgi_q_value(&at, r->std, &lim->at, r->ctx);
		if (rc != WBG_OK)
			return rc;
	}
	rc = select_rows(r, t->id, p, NULL);
	if (rc != WBG_OK || r->nidx == 0)
		return rc; /* no data for this limit: nothing to decide, no setting needed */
	if (lim->kind == WBG_LIMIT_DATASHEET) {
		if (!r->dev)
			return wbg_ctx_error(r->ctx, WBG_ERR_NOT_FOUND,
			                     "%s:%ld: this limit is relative to the datasheet rating '%s'; "
			                     "give the device profile with --device",
			                     r->std->name, lim->line, lim->rating ? lim->rating : "");
		rc = wbg_device_rating(&rating, r->dev, lim->rating, r->ctx);
		if (rc != WBG_OK)
			return rc;
	}
	rc = limits_of(&lo, &hi, r, lim);
	if (rc == WBG_OK)
		rc = select_rows(r, t->id, p, lim->at.present ? &at : NULL);
	if (rc != WBG_OK)
		return rc;
	if (lim->kind == WBG_LIMIT_DATASHEET) {
		lo = isinf(lo) ? lo : lo * rating;
		hi = isinf(hi) ? hi : hi * rating;
		if (lo > hi) {
			double s = lo;
			lo = hi;
			hi = s;
		}
		(void)factor;
	}
	if (lim->kind == WBG_LIMIT_ABSOLUTE || lim->kind == WBG_LIMIT_DATASHEET) {
		const char *note = lim->kind == WBG_LIMIT_ABSOLUTE ? "value against absolute limits"
		                                                   : "value against factor x datasheet rating";
		for (i = 0; i < r->nidx; i++) {
			const wbg_row *w = r->idx[i];
			rc = decide_into(r, t->id, w, p, lim, w->value, w->u, lo, hi, note);
			if (rc != WBG_OK)
				return rc;
		}
		return eval_missing(r, t, p, lim, lo, hi, lim->at.present ? &at : NULL);
	}
	/* shifts: against the unit's own baseline (readout 0) */
	if (lim->at.present) { /* the baseline must be there too */
		rc = select_rows(r, t->id, p, NULL);
		if (rc != WBG_OK)
			return rc;
	}
	qsort(r->idx, r->nidx, sizeof(*r->idx), cmp_unit_readout);
	for (i = 0; i < r->nidx;) {
		const wbg_row *b = r->idx[i];
		size_t j = i;
		while (j < r->nidx && strcmp(r->idx[j]->lot, b->lot) == 0 &&
		       strcmp(r->idx[j]->sample, b->sample) == 0)
			j++;
		if (b->readout_s != 0)
			return wbg_ctx_error(r->ctx, WBG_ERR_NOT_FOUND,
			                     "%s:%u: lot %s sample %s has no baseline (readout_h 0) for %s in "
			                     "test %s; a shift limit needs it: add the initial reading",
			                     b->file, b->line, b->lot, b->sample, p->id, t->id);
		for (i++; i < j; i++) {
			const wbg_row *w = r->idx[i];
			double v, u = NAN;
			const char *note;
			if (w->readout_s == 0)
				continue;
			if (lim->at.present && fabs(w->readout_s - at) > 1e-6 * (1.0 + at))
				continue;
			if (lim->kind == WBG_LIMIT_SHIFT_ABSOLUTE) {
				v = w->value - b->value;
				if (!isnan(w->u) && !isnan(b->u))
					u = sqrt(w->u * w->u + b->u * b->u);
				note = "shift y - y0 against the unit's baseline";
			} else {
				if (b->value == 0)
					return wbg_ctx_error(r->ctx, WBG_ERR_DOMAIN,
					                     "%s:%u: the baseline of %s is 0, so a relative shift "
					                     "or ratio is undefined; use an absolute shift limit",
					                     b->file, b->line, p->id);
				v = lim->kind == WBG_LIMIT_SHIFT_RATIO ? w->value / b->value
				                                       : (w->value - b->value) / b->value;
				if (!isnan(w->u) && !isnan(b->u))
					u = hypot(w->u / b->value, w->value * b->u / (b->value * b->value));
				note = lim->kind == WBG_LIMIT_SHIFT_RATIO ? "ratio y / y0 to the unit's baseline"
				                                          : "relative shift (y - y0) / y0";
			}
			rc = decide_into(r, t->id, w, p, lim, v, u, lo, hi, note);
			if (rc != WBG_OK)
				return rc;
		}
		i = j;
	}
	return WBG_OK;
}

/* Cpk and outlier screening: per lot and readout. */
static int eval_population(struct run *r, const struct wbgi_test *t, const struct wbgi_limit *lim)
{
	const struct wbgi_param *p = &r->std->par[lim->param];
	double param = 0, lsl = -INFINITY, usl = INFINITY, at, *x = NULL;
	size_t i, k;
	int rc;

	rc = select_rows(r, t->id, p, NULL);
	if (rc != WBG_OK || r->nidx == 0)
		return rc;
	rc = wbgi_q_value(&param, r->std, &lim->fraction, r->ctx);
	if (rc == WBG_OK && lim->min.present)
		rc = wbgi_q_value(&lsl, r->std, &lim->min, r->ctx);
	if (rc == WBG_OK && lim->max.present)
		rc = wbgi_q_value(&usl, r->std, &lim->max, r->ctx);
	if (rc == WBG_OK && lim->at.present)
		rc = wbgi_q_value(&at, r->std, &lim->at, r->ctx);
	if (rc == WBG_OK)
		rc = select_rows(r, t->id, p, lim->at.present ? &at : NULL);
	if (rc != WBG_OK)
		return rc;
	x = malloc((r->nidx + 1) * sizeof(*x));
	if (!x)
		return wbg_ctx_error(r->ctx, WBG_ERR_NOMEM, "out of memory");
	qsort(r->idx, r->nidx, sizeof(*r->idx), cmp_lot_readout);
	for (i = 0; i < r->nidx;) {
		const wbg_row *g = r->idx[i];
		size_t j = i;
		while (j < r->nidx && strcmp(r->idx[j]->lot, g->lot) == 0 &&
		       r->idx[j]->readout_s == g->readout_s)
			j++;
		for (k = i; k < j; k++)
			x[k - i] = r->idx[k]->value;
		if (lim->kind == WBG_LIMIT_CPK) {
			double cpk;
			wbg_result *res;
			rc = wbg_cpk(&cpk, x, j - i, lsl, usl, r->ctx);
			if (rc != WBG_OK) {
				rc = wbg_ctx_error(r->ctx, rc, "%s:%u: Cpk of %s for lot %s: %s", g->file, g->line,
				                   p->id, g->lot, wbg_ctx_errmsg(r->ctx));
				goto out;
			}
			res = push(r->ev, r->ctx);
			if (!res) {
				rc = wbg_ctx_errcode(r->ctx);
				goto out;
			}
			fill(res, t->id, g, p, lim->kind);
			res->sample = "";
			res->note = "Cpk = min(USL - mean, mean - LSL) / 3s of the lot at this readout";
			rc = wbg_decide(&res->d, cpk, NAN, r->std->k, param, INFINITY, WBG_RULE_SIMPLE, 0,
			                r->ctx);
		} else {
			double lo, hi;
			rc = wbg_robust_limits(&lo, &hi, x, j - i, param, r->ctx);
			if (rc != WBG_OK) {
				/* a copy: the context's message is rewritten by the call */
				char why[512];
				snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(r->ctx));
				rc = wbg_ctx_error(r->ctx, rc, "%s:%u: outlier screen of %s for lot %s: %s",
				                   g->file, g->line, p->id, g->lot, why);
				goto out;
			}
			for (k = i; k < j && rc == WBG_OK; k++) {
				const wbg_row *w = r->idx[k];
				wbg_result *res = push(r->ev, r->ctx);
				if (!res) {
					rc = wbg_ctx_errcode(r->ctx);
					goto out;
				}
				fill(res, t->id, w, p, lim->kind);
				res->note = "within median +/- k*IQR/1.349 of its lot (quartiles: Hyndman-Fan "
				            "type 7)";
				rc = wbg_decide(&res->d, w->value, NAN, r->std->k, lo, hi, WBG_RULE_SIMPLE, 0,
				                r->ctx);
			}
		}
		if (rc != WBG_OK)
			goto out;
		i = j;
	}
out:
	free(x);
	return rc;
}

/* Lifetime targets: the data give the estimate and its lower confidence bound. */
static int eval_lifetime(struct run *r, const struct wbgi_test *t, const struct wbgi_limit *lim)
{
	const struct wbgi_param *p = &r->std->par[lim->param], *pb = NULL;
	wbg_rule rule = lim->has_rule ? lim->rule : r->std->rule;
	double target, *bound;
	size_t i, j, nest;
	const wbg_row **est;
	int rc;

	for (i = 0; i < r->std->npar; i++)
		if (strcmp(r->std->par[i].id, lim->bound) == 0)
			pb = &r->std->par[i];
	if (!pb)
		return wbg_ctx_error(r->ctx, WBG_ERR_INTERNAL, "lifetime bound parameter vanished");
	rc = select_rows(r, t->id, p, NULL);
	if (rc != WBG_OK || r->nidx == 0)
		return rc;
	rc = wbgi_q_value(&target, r->std, &lim->min, r->ctx);
	if (rc != WBG_OK)
		return rc;
	nest = r->nidx;
	est = malloc((nest + 1) * sizeof(*est));
	bound = malloc((nest + 1) * sizeof(*bound));
	if (!est || !bound) {
		free(est);
		free(bound);
		return wbg_ctx_error(r->ctx, WBG_ERR_NOMEM, "out of memory");
	}
	memcpy(est, r->idx, nest * sizeof(*est));
	rc = select_rows(r, t->id, pb, NULL);
	for (i = 0; i < nest && rc == WBG_OK; i++) {
		const wbg_row *e = est[i], *b = NULL;
		wbg_result *res;
		for (j = 0; j < r->nidx; j++) {
			const wbg_row *c = r->idx[j];
			if (strcmp(c->lot, e->lot) == 0 && strcmp(c->sample, e->sample) == 0)
				b = c;
		}
		if (!b) {
			rc = wbg_ctx_error(r->ctx, WBG_ERR_NOT_FOUND,
			                   "%s:%u: lot %s has the life estimate %s but no lower confidence "
			                   "bound %s; add a row with the bound at the standard's confidence",
			                   e->file, e->line, e->lot, p->id, pb->id);
			break;
		}
		res = push(r->ev, r->ctx);
		if (!res) {
			rc = wbg_ctx_errcode(r->ctx);
			break;
		}
		fill(res, t->id, e, p, lim->kind);
		res->note = "lower confidence bound of the life at the stated fraction failed, against "
		            "the target";
		rc = wbg_decide(&res->d, b->value, NAN, r->std->k, target, INFINITY, WBG_RULE_SIMPLE, 0,
		                r->ctx);
		res->d.rule = rule;
		/* Non-binary: the estimate meets the target but the bound does not. */
		if (rc == WBG_OK && rule == WBG_RULE_NON_BINARY && res->d.outcome == WBG_FAIL &&
		    e->value >= target) {
			res->d.outcome = WBG_COND_PASS;
			res->note = "the life estimate meets the target, its lower confidence bound does not";
		}
	}
	free(est);
	free(bound);
	return rc;
}

/* Sample plan of test @p t over the unit verdicts results[first..]. */
static int eval_plan(struct run *r, const struct wbgi_test *t, size_t first)
{
	double lots_d, units_d, acc_d, ltpd = NAN;
	unsigned n, c, lots;
	size_t i, j, nlots = 0;
	int rc;

	for (i = 0; i < r->ds->n; i++)
		if (strcmp(r->ds->rows[i].test, t->id) == 0)
			break;
	if (i == r->ds->n)
		return WBG_OK; /* no data for this test */
	rc = wbgi_q_value(&lots_d, r->std, &t->lots, r->ctx);
	if (rc == WBG_OK)
		rc = wbgi_q_value(&units_d, r->std, &t->units, r->ctx);
	if (rc == WBG_OK)
		rc = wbgi_q_value(&acc_d, r->std, &t->accept, r->ctx);
	if (rc != WBG_OK)
		return rc;
	if (!(units_d >= 1 && units_d <= 1e6 && acc_d >= 0 && acc_d < units_d && lots_d >= 1 &&
	      lots_d <= 1e4))
		return wbg_ctx_error(r->ctx, WBG_ERR_RANGE,
		                     "%s: test %s: the sample plan needs lots >= 1, units >= 1 and "
		                     "0 <= accept < units",
		                     r->std->name, t->id);
	n = (unsigned)units_d;
	c = (unsigned)acc_d;
	lots = (unsigned)lots_d;
	rc = wbg_ltpd(&ltpd, n, c, 0.90, r->ctx);
	if (rc != WBG_OK)
		return rc;
	/* units of each lot: rows of this test */
	r->nidx = 0;
	for (i = 0; i < r->ds->n; i++)
		if (strcmp(r->ds->rows[i].test, t->id) == 0 && r->ds->rows[i].sample[0] != '\0')
			r->idx[r->nidx++] = &r->ds->rows[i];
	qsort(r->idx, r->nidx, sizeof(*r->idx), cmp_unit_readout);
	for (i = 0; i < r->nidx;) {
		const char *lot = r->idx[i]->lot;
		unsigned units = 0, fails = 0;
		wbg_result *res;
		j = i;
		while (j < r->nidx && strcmp(r->idx[j]->lot, lot) == 0) {
			const char *s = r->idx[j]->sample;
			size_t k;
			int failed = 0;
			units++;
			for (k = first; k < r->ev->n; k++)
				if (r->ev->r[k].d.outcome >= WBG_COND_FAIL && strcmp(r->ev->r[k].lot, lot) == 0 &&
				    strcmp(r->ev->r[k].sample, s) == 0)
					failed = 1;
			fails += (unsigned)failed;
			while (j < r->nidx && strcmp(r->idx[j]->lot, lot) == 0 &&
			       strcmp(r->idx[j]->sample, s) == 0)
				j++;
		}
		nlots++;
		res = push(r->ev, r->ctx);
		if (!res)
			return wbg_ctx_errcode(r->ctx);
		res->test = t->id;
		res->lot = lot;
		res->sample = "";
		res->parameter = "";
		res->unit = "";
		res->kind = WBG_LIMIT_SAMPLE_PLAN;
		res->plan_units = n;
		res->plan_accept = c;
		res->units = units;
		res->failures = fails;
		res->ltpd = ltpd;
		res->note = units < n ? "fewer units tested than the plan requires"
		                      : "failed units (FAIL or CONDITIONAL FAIL) against the acceptance number";
		rc = wbg_decide(&res->d, (double)fails, NAN, r->std->k, -INFINITY, (double)c,
		                WBG_RULE_SIMPLE, 0, r->ctx);
		if (rc != WBG_OK)
			return rc;
		if (units < n)
			res->d.outcome = WBG_FAIL;
		i = j;
	}
	if (nlots < lots) {
		wbg_result *res = push(r->ev, r->ctx);
		if (!res)
			return wbg_ctx_errcode(r->ctx);
		res->test = t->id;
		res->lot = "";
		res->sample = "";
		res->parameter = "";
		res->unit = "";
		res->kind = WBG_LIMIT_SAMPLE_PLAN;
		res->plan_units = n;
		res->plan_accept = c;
		res->units = (unsigned)nlots;
		res->ltpd = ltpd;
		res->note = "fewer lots tested than the plan requires";
		rc = wbg_decide(&res->d, (double)nlots, NAN, r->std->k, (double)lots, INFINITY,
		                WBG_RULE_SIMPLE, 0, r->ctx);
		if (rc != WBG_OK)
			return rc;
	}
	return WBG_OK;
}

int wbg_evaluate(wbg_eval **out, const wbg_standard *std, const wbg_device *dev,
                 const wbg_dataset *data, wbg_ctx *ctx)
{
	struct run r;
	size_t t, l, i;
	int rc = WBG_OK;

	if (!out || !std || !data)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_evaluate: NULL argument");
	memset(&r, 0, sizeof(r));
	r.std = std;
	r.dev = dev;
	r.ds = data;
	r.ctx = ctx;
	r.ev = calloc(1, sizeof(*r.ev));
	r.used = calloc(data->n + 1, 1);
	r.idx = malloc((data->n + 1) * sizeof(*r.idx));
	if (!r.ev || !r.used || !r.idx) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (dev && dev->material[0] && std->materials && !strstr(std->materials, dev->material))
		wbg_log(ctx, WBG_LOG_WARN, "evaluate",
		        "the device %s is %s, but the standard %s covers %s; check that they belong "
		        "together",
		        dev->id ? dev->id : "", dev->material, std->id ? std->id : "", std->materials);
	for (t = 0; t < std->ntest && rc == WBG_OK; t++) {
		const struct wbgi_test *test = &std->test[t];
		size_t first = r.ev->n;
		for (l = 0; l < test->nlim && rc == WBG_OK; l++) {
			const struct wbgi_limit *lim = &test->lim[l];
			switch (lim->kind) {
			case WBG_LIMIT_ABSOLUTE:
			case WBG_LIMIT_DATASHEET:
			case WBG_LIMIT_SHIFT_ABSOLUTE:
			case WBG_LIMIT_SHIFT_RELATIVE:
			case WBG_LIMIT_SHIFT_RATIO:
				rc = eval_value_limit(&r, test, lim);
				break;
			case WBG_LIMIT_CPK:
			case WBG_LIMIT_OUTLIER:
				rc = eval_population(&r, test, lim);
				break;
			case WBG_LIMIT_LIFETIME:
				rc = eval_lifetime(&r, test, lim);
				break;
			case WBG_LIMIT_SAMPLE_PLAN:
				break;
			}
		}
		if (rc == WBG_OK && test->has_plan)
			rc = eval_plan(&r, test, first);
	}
	if (rc != WBG_OK)
		goto out;
	for (i = 0; i < data->n; i++)
		if (!r.used[i])
			r.ev->unused++;
	{
		size_t no_u = 0;
		for (i = 0; i < r.ev->n; i++)
			if (r.ev->r[i].d.rule != WBG_RULE_SIMPLE && isnan(r.ev->r[i].d.u) &&
			    !isnan(r.ev->r[i].d.value) && r.ev->r[i].kind != WBG_LIMIT_LIFETIME)
				no_u++;
		if (no_u)
			wbg_log(ctx, WBG_LOG_WARN, "evaluate",
			        "%zu results under a guarded or non-binary rule have no stated "
			        "uncertainty: their guard band is 0 and their PFA unknown; give u in the data",
			        no_u);
	}
	*out = r.ev;
	r.ev = NULL;
out:
	wbg_eval_free(r.ev);
	free(r.used);
	free(r.idx);
	return rc;
}
