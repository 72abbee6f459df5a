/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A standard in words, for 'wbg standards show': every number with where it comes from. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct out {
	char *buf;
	size_t len, used;
	int overflow;
};

static void put(struct out *o, const char *fmt, ...) WBG_PRINTF(2, 3);

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used) {
		o->overflow = 1;
		o->used = o->len - 1;
		return;
	}
	o->used += (size_t)n;
}

/* A quantity in the parameter's unit, or the setting it refers to. */
static void put_q(struct out *o, const wbg_standard *std, const struct wbgi_q *q, const char *unit)
{
	char tmp[96];

	if (q->setting >= 0) {
		const struct wbgi_setting *s = &std->set[q->setting];
		if (s->has_value && wbg_unit_format(tmp, sizeof(tmp), s->si, s->unit, 6, 0, NULL) == WBG_OK)
			put(o, "%s (setting %s)", tmp, s->name);
		else
			put(o, "$%s (user-set, unset)", s->name);
		return;
	}
	if (unit && unit[0] && wbg_unit_format(tmp, sizeof(tmp), q->si, unit, 6, 0, NULL) == WBG_OK)
		put(o, "%s", tmp);
	else
		put(o, "%g", q->si);
}

static void put_origin(struct out *o, enum wbgi_origin origin, const char *src, const char *clause)
{
	put(o, "  [%s%s%s%s%s]", wbgi_origin_name(origin), src ? ": " : "", src ? src : "",
	    clause ? ", " : "", clause ? clause : "");
}

int wbg_standard_describe(char *buf, size_t len, const wbg_standard *std)
{
	struct out o = {buf, len, 0, 0};
	size_t i, j;

	if (!buf || len == 0 || !std)
		return WBG_ERR_INVALID_ARG;
	buf[0] = '\0';
	put(&o, "%s rev %s: %s\n", std->id, std->revision, std->title ? std->title : "");
	put(&o, "scope: %s\n", std->materials ? std->materials : "");
	put(&o, "decision rule: %s, r = %g, k = %g\n", wbg_rule_name(std->rule), std->r, std->k);
	put(&o, "sources:\n");
	for (i = 0; i < std->nsrc; i++)
		put(&o, "  %s: %s%s%s (%s)%s%s\n", std->src[i].id, std->src[i].document,
		    std->src[i].edition ? " " : "", std->src[i].edition ? std->src[i].edition : "",
		    std->src[i].paywalled ? "paywalled" : "public", std->src[i].url ? " " : "",
		    std->src[i].url ? std->src[i].url : "");
	if (std->nset) {
		put(&o, "user settings (take each from the document named):\n");
		for (i = 0; i < std->nset; i++) {
			const struct wbgi_setting *s = &std->set[i];
			put(&o, "  %s [%s] from %s%s%s: ", s->name, s->unit, s->source,
			    s->clause ? ", " : "", s->clause ? s->clause : "");
			if (s->has_value) {
				char tmp[96];
				if (wbg_unit_format(tmp, sizeof(tmp), s->si, s->unit, 6, 0, NULL) == WBG_OK)
					put(&o, "default %s\n", tmp);
				else
					put(&o, "default set\n");
			} else {
				put(&o, "NOT SET (--set %s=VALUE)\n", s->name);
			}
		}
	}
	put(&o, "parameters:\n");
	for (i = 0; i < std->npar; i++)
		put(&o, "  %s [%s]: %s\n", std->par[i].id, std->par[i].unit,
		    std->par[i].name ? std->par[i].name : "");
	for (i = 0; i < std->ntest; i++) {
		const struct wbgi_test *t = &std->test[i];
		put(&o, "test %s (%s): %s\n", t->id, t->stress ? "stress" : "characterization",
		    t->title ? t->title : "");
		for (j = 0; j < t->ncond; j++) {
			put(&o, "  condition %s = %s", t->cond[j].name, t->cond[j].text);
			put_origin(&o, t->cond[j].origin, t->cond[j].source, t->cond[j].clause);
			put(&o, "\n");
		}
		if (t->nreadout) {
			put(&o, "  readouts:");
			for (j = 0; j < t->nreadout; j++) {
				put(&o, " ");
				put_q(&o, std, &t->readout[j], "h");
			}
			put(&o, "\n");
		}
		if (t->has_plan) {
			put(&o, "  sample plan: lots ");
			put_q(&o, std, &t->lots, "");
			put(&o, " x units ");
			put_q(&o, std, &t->units, "");
			put(&o, ", accept ");
			put_q(&o, std, &t->accept, "");
			put_origin(&o, t->plan_origin, t->plan_source, t->plan_clause);
			put(&o, "\n");
		}
		for (j = 0; j < t->nlim; j++) {
			const struct wbgi_limit *l = &t->lim[j];
			const char *pu = std->par[l->param].unit;
			const char *vu = l->kind == WBG_LIMIT_ABSOLUTE || l->kind == WBG_LIMIT_SHIFT_ABSOLUTE
			                     ? pu
			                     : "";
			put(&o, "  limit %s on %s", wbg_limit_kind_name(l->kind), std->par[l->param].id);
			if (l->kind == WBG_LIMIT_DATASHEET)
				put(&o, " (x rating %s)", l->rating);
			if (l->kind == WBG_LIMIT_CPK || l->kind == WBG_LIMIT_OUTLIER) {
				put(&o, l->kind == WBG_LIMIT_CPK ? ": Cpk >= " : ": k = ");
				put_q(&o, std, &l->fraction, "");
				vu = pu;
			}
			if (l->kind == WBG_LIMIT_LIFETIME) {
				put(&o, " (bound %s): fraction ", l->bound);
				put_q(&o, std, &l->fraction, "%");
				put(&o, ", confidence ");
				put_q(&o, std, &l->confidence, "%");
				vu = "y";
			}
			if (l->min.present) {
				put(&o, l->kind == WBG_LIMIT_CPK ? " LSL " : " min ");
				put_q(&o, std, &l->min, vu);
			}
			if (l->max.present) {
				put(&o, l->kind == WBG_LIMIT_CPK ? " USL " : " max ");
				put_q(&o, std, &l->max, vu);
			}
			if (l->at.present) {
				put(&o, " at ");
				put_q(&o, std, &l->at, "h");
			}
			if (l->has_rule)
				put(&o, " rule %s r=%g", wbg_rule_name(l->rule), l->r);
			put_origin(&o, l->origin, l->source, l->clause);
			put(&o, "\n");
		}
	}
	return o.overflow ? WBG_ERR_OVERFLOW : WBG_OK;
}
