/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bench: one DUT, the instruments wired to its terminals, the chuck
 * temperature and the virtual clock. Solves the DC operating point that the
 * instruments' drives impose (compliance included) and lets virtual time
 * pass with those biases applied.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_randist.h>

#include "../../core/context_int.h"
#include "vbench_int.h"
#include "wbg/error.h"

/* splitmix64 (Steele, Lea, Flood 2014): spreads (seed, unit) into a seed. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

static int bench_create(wbg_vbench **out, const char *dut, uint64_t seed, bool lot, unsigned unit,
                        double defect_fraction, wbg_ctx *ctx)
{
	wbg_vbench *b;
	gsl_rng *unit_rng = NULL;
	int rc;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "vbench: out is NULL");
	b = calloc(1, sizeof(*b));
	if (!b)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "vbench: out of memory");
	b->refs = 1;
	b->temp_k = 298.15;
	b->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!b->rng) {
		free(b);
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "vbench: out of memory");
	}
	gsl_rng_set(b->rng, (unsigned long)(mix64(seed) & 0xFFFFFFFFu));
	if (lot) {
		unit_rng = gsl_rng_alloc(gsl_rng_mt19937);
		if (!unit_rng) {
			gsl_rng_free(b->rng);
			free(b);
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "vbench: out of memory");
		}
		gsl_rng_set(unit_rng, (unsigned long)(mix64(seed ^ mix64(unit)) & 0xFFFFFFFFu));
	}
	rc = wbgi_dut_init(&b->dut, dut, gsl_rng_uniform_pos(lot ? unit_rng : b->rng));
	if (rc != WBG_OK) {
		gsl_rng_free(unit_rng);
		gsl_rng_free(b->rng);
		free(b);
		return wbg_ctx_error(ctx, rc,
		                     "vbench: unknown DUT '%s'; use sic-mosfet, gan-hemt, r1k or open",
		                     dut);
	}
	if (lot) {
		wbgi_dut_spread(&b->dut, unit_rng, defect_fraction);
		gsl_rng_free(unit_rng);
	}
	*out = b;
	return WBG_OK;
}

int wbg_vbench_new(wbg_vbench **out, const char *dut, uint64_t seed, wbg_ctx *ctx)
{
	return bench_create(out, dut, seed, false, 0, 0.0, ctx);
}

int wbg_vbench_new_lot_unit(wbg_vbench **out, const char *dut, uint64_t lot_seed, unsigned unit,
                            double defect_fraction, wbg_ctx *ctx)
{
	if (!(defect_fraction >= 0.0 && defect_fraction <= 1.0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "vbench: defect fraction %g is not between 0 and 1", defect_fraction);
	return bench_create(out, dut, lot_seed, true, unit, defect_fraction, ctx);
}

void wbgi_bench_ref(wbg_vbench *b)
{
	b->refs++;
}

void wbg_vbench_free(wbg_vbench *b)
{
	size_t i;

	if (!b || --b->refs > 0)
		return;
	for (i = 0; i < b->ninstr; i++)
		wbgi_vinstr_free(b->instr[i]);
	gsl_rng_free(b->rng);
	free(b);
}

static void release(void *p)
{
	wbg_vbench_free(p);
}

void wbg_vbench_attach(wbg_ctx *ctx, wbg_vbench *b)
{
	if (!ctx)
		return;
	if (b)
		wbgi_bench_ref(b);
	wbgi_ctx_set_vbench(ctx, b, b ? release : NULL);
}

wbg_vbench *wbg_vbench_attached(const wbg_ctx *ctx)
{
	return wbgi_ctx_vbench(ctx);
}

static int term_by_name(const char *s, size_t len)
{
	if (len == 4 && strncasecmp(s, "gate", 4) == 0)
		return WBGI_GATE;
	if (len == 5 && strncasecmp(s, "drain", 5) == 0)
		return WBGI_DRAIN;
	if (len == 4 && strncasecmp(s, "none", 4) == 0)
		return -1;
	return -2;
}

static int parse_wiring(int term[2], enum wbgi_vkind kind, const char *w)
{
	const char *comma;

	term[0] = term[1] = -1;
	switch (kind) {
	case WBGI_VK_SMU1:
		term[0] = w ? term_by_name(w, strlen(w)) : WBGI_DRAIN;
		return term[0] == -2 ? -1 : 0;
	case WBGI_VK_SMU2:
		if (!w) {
			term[0] = WBGI_GATE;
			term[1] = WBGI_DRAIN;
			return 0;
		}
		comma = strchr(w, ',');
		term[0] = term_by_name(w, comma ? (size_t)(comma - w) : strlen(w));
		term[1] = comma ? term_by_name(comma + 1, strlen(comma + 1)) : -1;
		if (term[0] == -2 || term[1] == -2 || (term[0] >= 0 && term[0] == term[1]))
			return -1;
		return 0;
	case WBGI_VK_LCR:
		if (!w || strcasecmp(w, "ciss") == 0)
			term[0] = WBGI_CISS;
		else if (strcasecmp(w, "coss") == 0)
			term[0] = WBGI_COSS;
		else if (strcasecmp(w, "crss") == 0)
			term[0] = WBGI_CRSS;
		else
			return -1;
		return 0;
	case WBGI_VK_TC:
		return 0;
	}
	return -1;
}

wbg_vinstr *wbg_vbench_find(wbg_vbench *b, const char *name)
{
	size_t i;

	if (!b || !name)
		return NULL;
	for (i = 0; i < b->ninstr; i++)
		if (strcasecmp(b->instr[i]->name, name) == 0)
			return b->instr[i];
	return NULL;
}

int wbg_vbench_add(wbg_vinstr **out, wbg_vbench *b, const char *name, const char *model,
                   const char *wiring, wbg_ctx *ctx)
{
	const struct wbgi_vmodel *m;
	wbg_vinstr *vi;
	int term[2], k, rc;

	if (!out || !b || !model)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "vbench: out, bench or model is NULL");
	m = wbgi_vmodel_find(model);
	if (!m)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
		                     "vbench: no simulated instrument '%s'; the models are 2450, 2460, "
		                     "2470, B2901A, B2902A, E4980A and 336",
		                     model);
	if (!name)
		name = m->name;
	if (strlen(name) >= sizeof(vi->name) || wbg_vbench_find(b, name))
		return wbg_ctx_error(ctx, WBG_ERR_BUSY,
		                     "vbench: an instrument called '%s' is already on the bench (or the "
		                     "name is longer than 31 bytes); give it another name",
		                     name);
	if (b->ninstr == sizeof(b->instr) / sizeof(b->instr[0]))
		return wbg_ctx_error(ctx, WBG_ERR_BUSY, "vbench: the bench holds at most 8 instruments");
	if (parse_wiring(term, m->kind, wiring) != 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "vbench: %s cannot be wired to '%s'; SMU channels go to 'gate', "
		                     "'drain' or 'none' (B2902A: 'gate,drain'), the E4980A to 'ciss', "
		                     "'coss' or 'crss'",
		                     model, wiring);
	if (m->kind == WBGI_VK_SMU1 || m->kind == WBGI_VK_SMU2) {
		for (k = 0; k < 2; k++)
			if (term[k] >= 0 && b->driver[term[k]])
				return wbg_ctx_error(ctx, WBG_ERR_BUSY,
				                     "vbench: the %s is already driven by %s; wire %s elsewhere",
				                     term[k] == WBGI_GATE ? "gate" : "drain",
				                     b->driver[term[k]]->name, name);
	}
	rc = wbgi_vinstr_new(&vi, b, name, m, term);
	if (rc != WBG_OK)
		return wbg_ctx_error(ctx, rc, "vbench: out of memory");
	if (m->kind == WBGI_VK_SMU1 || m->kind == WBGI_VK_SMU2)
		for (k = 0; k < 2; k++)
			if (term[k] >= 0)
				b->driver[term[k]] = vi;
	b->instr[b->ninstr++] = vi;
	*out = vi;
	return WBG_OK;
}

double wbg_vbench_time(const wbg_vbench *b)
{
	return b ? b->t_s : 0.0;
}

double wbg_vbench_temp_k(const wbg_vbench *b)
{
	return b ? b->temp_k : 0.0;
}

int wbg_vbench_set_temp_k(wbg_vbench *b, double temp_k)
{
	if (!b || !(temp_k >= 4.0 && temp_k <= 700.0))
		return WBG_ERR_RANGE;
	b->temp_k = temp_k;
	return WBG_OK;
}

bool wbg_vbench_dut_failed(const wbg_vbench *b)
{
	return b && b->dut.failed;
}

int wbg_vbench_ttf(double *out_s, const wbg_vbench *b, double vgs_v, double temp_k)
{
	double eta;

	if (!out_s || !b)
		return WBG_ERR_INVALID_ARG;
	eta = wbgi_dut_tddb_eta(&b->dut, vgs_v, temp_k);
	if (!isfinite(eta))
		return WBG_ERR_DOMAIN;
	*out_s = b->dut.failed ? 0.0 : (b->dut.damage_fail - b->dut.damage) * eta;
	return WBG_OK;
}

void wbgi_bench_set_drive(wbg_vbench *b, int term, const struct wbgi_drive *d)
{
	if (term >= 0 && term < WBGI_NTERM)
		b->drive[term] = *d;
}

static double term_current(const wbg_vbench *b, int term, double v, double other)
{
	double ig, id;

	if (term == WBGI_GATE) {
		wbgi_dut_currents(&b->dut, v, other, b->temp_k, &ig, &id);
		return ig;
	}
	wbgi_dut_currents(&b->dut, other, v, b->temp_k, &ig, &id);
	return id;
}

/* Voltage in [lo, hi] at which the terminal current is target (the current
 * is non-decreasing in the terminal's own voltage). */
static double solve_v(const wbg_vbench *b, int term, double other, double lo, double hi,
                      double target)
{
	double mid = 0.5 * (lo + hi);
	int it;

	for (it = 0; it < 70; it++) {
		mid = 0.5 * (lo + hi);
		if (term_current(b, term, mid, other) < target)
			lo = mid;
		else
			hi = mid;
	}
	return mid;
}

static void solve_term(const wbg_vbench *b, int term, double other, struct wbgi_op *op)
{
	const struct wbgi_drive *d = &b->drive[term];
	double v, i, lim;

	op->in_limit[term] = false;
	if (!b->driver[term] || !d->on) {
		op->v[term] = 0.0;
		op->i[term] = term_current(b, term, 0.0, other);
		return;
	}
	lim = fabs(d->limit);
	if (d->mode == WBGI_SRC_V) {
		v = d->level;
		i = term_current(b, term, v, other);
		if (fabs(i) > lim) {
			/* Current compliance: the output voltage backs off until
			 * the current equals the limit. */
			double target = i > 0 ? lim : -lim;
			v = v > 0 ? solve_v(b, term, other, 0.0, v, target)
			          : solve_v(b, term, other, v, 0.0, target);
			i = target;
			op->in_limit[term] = true;
		}
	} else {
		double ihi = term_current(b, term, lim, other);
		double ilo = term_current(b, term, -lim, other);
		i = d->level;
		if (i >= ihi) {
			v = lim;
			op->in_limit[term] = i > ihi;
			i = ihi;
		} else if (i <= ilo) {
			v = -lim;
			op->in_limit[term] = i < ilo;
			i = ilo;
		} else {
			v = solve_v(b, term, other, -lim, lim, i);
		}
	}
	op->v[term] = v;
	op->i[term] = i;
}

void wbgi_bench_solve(const wbg_vbench *b, struct wbgi_op *out)
{
	/* The gate current depends on Vgs only; the drain on both. */
	solve_term(b, WBGI_GATE, 0.0, out);
	solve_term(b, WBGI_DRAIN, out->v[WBGI_GATE], out);
	if (b->driver[WBGI_GATE] && b->drive[WBGI_GATE].on)
		return;
	/* Undriven gate: report its current at the solved drain voltage. */
	out->i[WBGI_GATE] = term_current(b, WBGI_GATE, out->v[WBGI_GATE], out->v[WBGI_DRAIN]);
}

double wbgi_bench_noise(wbg_vbench *b, double sigma)
{
	return sigma > 0.0 ? gsl_ran_gaussian(b->rng, sigma) : 0.0;
}

void wbgi_bench_elapse(wbg_vbench *b, double dt)
{
	struct wbgi_op op;
	size_t i;

	if (b->defer_depth > 0) {
		/* work of a triggered instrument, in parallel with the one that
		 * triggered it: it ends later, the clock does not move for it */
		if (dt > 0.0)
			b->deferred += dt;
		return;
	}
	while (dt > 0.0) {
		double step = dt;
		for (i = 0; i < b->ninstr; i++) {
			const struct wbgi_vmodel *m = b->instr[i]->model;
			/* A chuck in motion: steps of 1 s (at most 1000 per call)
			 * so that the DUT's stress sees the changing temperature. */
			if (m->transient && m->transient(b->instr[i]))
				step = fmin(step, fmax(1.0, dt / 1000.0));
		}
		for (i = 0; i < b->ninstr; i++)
			if (b->instr[i]->model->advance)
				b->instr[i]->model->advance(b->instr[i], step);
		wbgi_bench_solve(b, &op);
		wbgi_dut_advance(&b->dut, op.v[WBGI_GATE], op.v[WBGI_DRAIN], b->temp_k, step);
		b->t_s += step;
		dt -= step;
	}
}

int wbg_vbench_advance(wbg_vbench *b, double dt_s)
{
	if (!b || !(dt_s >= 0.0) || !isfinite(dt_s))
		return WBG_ERR_RANGE;
	wbgi_bench_elapse(b, dt_s);
	return WBG_OK;
}

int wbg_vbench_link(wbg_vbench *b, const char *from, int from_line, const char *to, int to_line,
                    wbg_ctx *ctx)
{
	wbg_vinstr *a, *z;
	struct wbgi_link *l;
	size_t i;

	if (!b || !from || !to)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "vbench: bench or instrument name is NULL");
	a = wbg_vbench_find(b, from);
	z = wbg_vbench_find(b, to);
	if (!a || !z)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
		                     "vbench: no instrument '%s' on the bench for a trigger cable; add "
		                     "it first",
		                     a ? to : from);
	if (a == z)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "vbench: a trigger cable from %s to itself; join two instruments",
		                     from);
	if (a->model->dio_lines == 0 || z->model->dio_lines == 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "vbench: the simulated %s has no digital I/O lines; trigger cables "
		                     "join 2450, 2460 and 2470",
		                     a->model->dio_lines == 0 ? a->model->name : z->model->name);
	if (from_line < 1 || from_line > a->model->dio_lines || to_line < 1 ||
	    to_line > z->model->dio_lines)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE,
		                     "vbench: trigger cable from %s line %d to %s line %d: lines are "
		                     "1..%d",
		                     from, from_line, to, to_line, a->model->dio_lines);
	for (i = 0; i < b->nlink; i++) {
		l = &b->link[i];
		if ((l->a == a && l->a_line == from_line) || (l->b == a && l->b_line == from_line) ||
		    (l->a == z && l->a_line == to_line) || (l->b == z && l->b_line == to_line))
			return wbg_ctx_error(ctx, WBG_ERR_BUSY,
			                     "vbench: %s line %d or %s line %d already has a trigger "
			                     "cable",
			                     from, from_line, to, to_line);
	}
	if (b->nlink == WBGI_LINKS_MAX)
		return wbg_ctx_error(ctx, WBG_ERR_BUSY, "vbench: at most %d trigger cables",
		                     WBGI_LINKS_MAX);
	l = &b->link[b->nlink++];
	l->a = a;
	l->a_line = from_line;
	l->b = z;
	l->b_line = to_line;
	return WBG_OK;
}

void wbgi_bench_dio_drive(wbg_vbench *b, const wbg_vinstr *from, int line)
{
	double saved = b->deferred, start;
	size_t i;

	/* The receivers start now, or when their previous triggered work ends
	 * (a trigger model still measuring takes the edge at its next wait);
	 * they sample the DUT as it is now. */
	start = fmax(b->t_s, b->busy_until);
	b->defer_depth++;
	b->deferred = 0.0;
	for (i = 0; i < b->nlink; i++) {
		const struct wbgi_link *l = &b->link[i];

		if (l->a == from && l->a_line == line && l->b->model->dio_edge)
			l->b->model->dio_edge(l->b, l->b_line);
		else if (l->b == from && l->b_line == line && l->a->model->dio_edge)
			l->a->model->dio_edge(l->a, l->a_line);
	}
	b->defer_depth--;
	if (b->deferred > 0.0)
		b->busy_until = fmax(b->busy_until, start + b->deferred);
	b->deferred = saved;
}

void wbgi_bench_catch_up(wbg_vbench *b)
{
	if (b->defer_depth == 0 && b->busy_until > b->t_s)
		wbgi_bench_elapse(b, b->busy_until - b->t_s);
}
