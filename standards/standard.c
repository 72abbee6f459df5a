/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Standards and device profiles: from a validated document to the model. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "internal.h"

const char *wbgi_origin_name(enum wbgi_origin o)
{
	switch (o) {
	case WBGI_QUOTED:
		return "quoted";
	case WBGI_USER:
		return "user-set";
	case WBGI_CHOICE:
		return "editorial choice";
	}
	return "?";
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

static size_t count_el(xmlNodePtr parent, const char *name)
{
	size_t c = 0;
	xmlNodePtr n;

	for (n = parent->children; n; n = n->next)
		if (is_el(n, name))
			c++;
	return c;
}

/* A copy of an attribute, or NULL (also on allocation failure: *oom set). */
static char *prop(xmlNodePtr n, const char *name, int *oom)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	char *s;

	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	if (!s)
		*oom = 1;
	return s;
}

static char *text_of(xmlNodePtr n, int *oom)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s;

	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	if (!s)
		*oom = 1;
	return s;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent->children; n; n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

static enum wbgi_origin origin_of(xmlNodePtr n)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST "origin");
	enum wbgi_origin o = WBGI_CHOICE;

	if (v && xmlStrEqual(v, BAD_CAST "quoted"))
		o = WBGI_QUOTED;
	else if (v && xmlStrEqual(v, BAD_CAST "user"))
		o = WBGI_USER;
	xmlFree(v);
	return o;
}

static wbg_rule rule_of(const char *s)
{
	if (s && strcmp(s, "guarded") == 0)
		return WBG_RULE_GUARDED;
	if (s && strcmp(s, "non-binary") == 0)
		return WBG_RULE_NON_BINARY;
	return WBG_RULE_SIMPLE;
}

struct loader {
	wbg_standard *std;
	struct wbgi_diag *dg;
	int oom;
};

int wbgi_setting_find(const wbg_standard *std, const char *name)
{
	size_t i;

	for (i = 0; i < std->nset; i++)
		if (strcmp(std->set[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Parse attribute @p attr of @p n as a quantity of @p expect's dimension. */
static void q_parse(struct loader *L, struct wbgi_q *q, xmlNodePtr n, const char *attr,
                    const char *expect)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST attr);
	long line = xmlGetLineNo(n);
	wbg_unit eu;

	memset(q, 0, sizeof(*q));
	q->setting = -1;
	q->line = line;
	if (!v)
		return;
	q->present = 1;
	if (v[0] == '$') {
		int s = L->std ? wbgi_setting_find(L->std, (const char *)v + 1) : -1;
		if (s < 0) {
			wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, line,
			              "%s=\"%s\" refers to no <setting name=\"%s\">; declare it", attr,
			              (const char *)v, (const char *)v + 1);
		} else if (wbg_unit_parse(&eu, expect, NULL) == WBG_OK &&
		           !wbg_unit_same_dim(&eu, &L->std->set[s].u)) {
			wbgi_diag_add(L->dg, WBG_ERR_UNIT, line,
			              "%s=\"%s\": the setting's unit '%s' is not of the dimension of '%s'",
			              attr, (const char *)v, L->std->set[s].unit,
			              expect[0] ? expect : "1 (dimensionless)");
		}
		q->setting = s;
	} else if (wbg_quantity_parse(&q->si, NULL, (const char *)v, expect, L->dg->ctx) != WBG_OK) {
		wbgi_diag_add(L->dg, WBG_ERR_UNIT, line, "%s=\"%s\": %s (expected a quantity in %s)",
		              attr, (const char *)v, wbg_ctx_errmsg(L->dg->ctx),
		              expect[0] ? expect : "a plain number or %");
	}
	xmlFree(v);
}

int wbgi_q_value(double *out, const wbg_standard *std, const struct wbgi_q *q, wbg_ctx *ctx)
{
	const struct wbgi_setting *s;

	if (q->setting < 0) {
		*out = q->si;
		return WBG_OK;
	}
	s = &std->set[q->setting];
	if (!s->has_value)
		return wbg_ctx_error(ctx, WBG_ERR_STATE,
		                     "%s:%ld: the standard's value '%s' (in %s) is user-set: take it "
		                     "from %s%s%s and give it with --set %s=VALUE",
		                     std->name, q->line, s->name, s->unit, s->source,
		                     s->clause ? ", " : "", s->clause ? s->clause : "", s->name);
	*out = s->si;
	return WBG_OK;
}

static const char *source_doc(const wbg_standard *std, const char *id)
{
	size_t i;

	for (i = 0; id && i < std->nsrc; i++)
		if (strcmp(std->src[i].id, id) == 0)
			return std->src[i].document;
	return id ? id : "?";
}

static void load_settings(struct loader *L, xmlNodePtr root)
{
	wbg_standard *std = L->std;
	xmlNodePtr n;
	size_t i = 0;

	std->set = calloc(count_el(root, "setting") + 1, sizeof(*std->set));
	if (!std->set) {
		L->oom = 1;
		return;
	}
	for (n = root->children; n; n = n->next) {
		struct wbgi_setting *s;
		char *src;
		xmlNodePtr d;
		if (!is_el(n, "setting"))
			continue;
		s = &std->set[i++];
		std->nset = i;
		s->line = xmlGetLineNo(n);
		s->name = prop(n, "name", &L->oom);
		s->unit = prop(n, "unit", &L->oom);
		src = prop(n, "source", &L->oom);
		s->source = strdup(source_doc(std, src));
		if (!s->source)
			L->oom = 1;
		free(src);
		s->clause = prop(n, "clause", &L->oom);
		d = child(n, "doc");
		s->doc = d ? text_of(d, &L->oom) : NULL;
		if (!s->name || !s->unit)
			continue;
		if (wbg_unit_parse(&s->u, s->unit, L->dg->ctx) != WBG_OK) {
			wbgi_diag_add(L->dg, WBG_ERR_UNIT, s->line, "setting '%s': unit: %s", s->name,
			              wbg_ctx_errmsg(L->dg->ctx));
			continue;
		}
		{
			xmlChar *v = xmlGetNoNsProp(n, BAD_CAST "value");
			if (v) {
				if (v[0] == '$' || wbg_quantity_parse(&s->si, NULL, (const char *)v, s->unit,
				                                      L->dg->ctx) != WBG_OK)
					wbgi_diag_add(L->dg, WBG_ERR_UNIT, s->line,
					              "setting '%s': value \"%s\" is not a quantity in %s",
					              s->name, (const char *)v, s->unit);
				else
					s->has_value = 1;
				xmlFree(v);
			}
		}
	}
}

static size_t find_param(const wbg_standard *std, const char *id)
{
	size_t i;

	for (i = 0; id && i < std->npar; i++)
		if (strcmp(std->par[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

static void load_limit(struct loader *L, struct wbgi_limit *lim, xmlNodePtr n)
{
	wbg_standard *std = L->std;
	char *pid = prop(n, "parameter", &L->oom), *rule, *mode, *r;
	const char *pu = "";

	lim->line = xmlGetLineNo(n);
	lim->param = find_param(std, pid);
	if (lim->param == (size_t)-1) {
		wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, lim->line, "no parameter '%s'", pid ? pid : "");
		free(pid);
		return;
	}
	free(pid);
	pu = std->par[lim->param].unit;
	lim->origin = origin_of(n);
	lim->source = prop(n, "source", &L->oom);
	lim->clause = prop(n, "clause", &L->oom);
	rule = prop(n, "rule", &L->oom);
	lim->has_rule = rule != NULL;
	lim->rule = rule_of(rule);
	free(rule);
	r = prop(n, "r", &L->oom);
	lim->r = r ? strtod(r, NULL) : std->r;
	free(r);
	q_parse(L, &lim->at, n, "at", "h");
	if (is_el(n, "absolute")) {
		lim->kind = WBG_LIMIT_ABSOLUTE;
		q_parse(L, &lim->min, n, "min", pu);
		q_parse(L, &lim->max, n, "max", pu);
	} else if (is_el(n, "datasheet")) {
		lim->kind = WBG_LIMIT_DATASHEET;
		lim->rating = prop(n, "rating", &L->oom);
		q_parse(L, &lim->min, n, "min-factor", "");
		q_parse(L, &lim->max, n, "max-factor", "");
	} else if (is_el(n, "shift")) {
		mode = prop(n, "mode", &L->oom);
		if (mode && strcmp(mode, "absolute") == 0) {
			lim->kind = WBG_LIMIT_SHIFT_ABSOLUTE;
		} else {
			lim->kind = mode && strcmp(mode, "ratio") == 0 ? WBG_LIMIT_SHIFT_RATIO
			                                               : WBG_LIMIT_SHIFT_RELATIVE;
			pu = "";
		}
		free(mode);
		q_parse(L, &lim->min, n, "min", pu);
		q_parse(L, &lim->max, n, "max", pu);
	} else if (is_el(n, "cpk")) {
		lim->kind = WBG_LIMIT_CPK;
		q_parse(L, &lim->fraction, n, "min", "");
		q_parse(L, &lim->min, n, "lsl", pu);
		q_parse(L, &lim->max, n, "usl", pu);
		if (!lim->min.present && !lim->max.present)
			wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, lim->line,
			              "a cpk limit needs lsl=, usl= or both");
	} else if (is_el(n, "outlier")) {
		lim->kind = WBG_LIMIT_OUTLIER;
		q_parse(L, &lim->fraction, n, "k", "");
	} else if (is_el(n, "lifetime")) {
		wbg_unit pu_u, h;
		lim->kind = WBG_LIMIT_LIFETIME;
		lim->bound = prop(n, "bound", &L->oom);
		if (find_param(std, lim->bound) == (size_t)-1)
			wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, lim->line,
			              "bound=\"%s\" names no parameter; declare the lower-bound parameter",
			              lim->bound ? lim->bound : "");
		if (wbg_unit_parse(&pu_u, pu, NULL) != WBG_OK || wbg_unit_parse(&h, "h", NULL) != WBG_OK ||
		    !wbg_unit_same_dim(&pu_u, &h))
			wbgi_diag_add(L->dg, WBG_ERR_UNIT, lim->line,
			              "a lifetime limit needs a parameter in a unit of time (h, y), not '%s'",
			              pu);
		q_parse(L, &lim->min, n, "min", "h");
		q_parse(L, &lim->fraction, n, "fraction", "");
		q_parse(L, &lim->confidence, n, "confidence", "");
	}
	if (lim->kind != WBG_LIMIT_CPK && lim->kind != WBG_LIMIT_OUTLIER && !lim->min.present &&
	    !lim->max.present)
		wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, lim->line,
		              "the limit has neither min nor max; give at least one");
	if (lim->origin == WBGI_QUOTED && !lim->source)
		wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, lim->line,
		              "origin=\"quoted\" needs source= naming the document quoted");
}

/* A <condition> of a test or a parameter. */
static void load_cond(struct loader *L, struct wbgi_cond *k, xmlNodePtr c)
{
	k->name = prop(c, "name", &L->oom);
	k->text = prop(c, "value", &L->oom);
	k->origin = origin_of(c);
	k->source = prop(c, "source", &L->oom);
	k->clause = prop(c, "clause", &L->oom);
	if (k->text && k->text[0] == '$' && wbgi_setting_find(L->std, k->text + 1) < 0)
		wbgi_diag_add(L->dg, WBG_ERR_SCHEMA, xmlGetLineNo(c),
		              "condition '%s' refers to no setting '%s'", k->name ? k->name : "",
		              k->text + 1);
	else if (k->text && k->text[0] != '$' &&
	         wbg_quantity_parse(&(double){0}, NULL, k->text, NULL, L->dg->ctx) != WBG_OK)
		wbgi_diag_add(L->dg, WBG_ERR_UNIT, xmlGetLineNo(c), "condition '%s': %s",
		              k->name ? k->name : "", wbg_ctx_errmsg(L->dg->ctx));
}

static void load_test(struct loader *L, struct wbgi_test *t, xmlNodePtr n)
{
	xmlNodePtr c, lims;
	char *kind = prop(n, "kind", &L->oom);
	size_t i;

	t->id = prop(n, "id", &L->oom);
	t->stress = kind && strcmp(kind, "stress") == 0;
	free(kind);
	c = child(n, "title");
	t->title = c ? text_of(c, &L->oom) : NULL;
	t->cond = calloc(count_el(n, "condition") + 1, sizeof(*t->cond));
	t->readout = calloc(count_el(n, "readout") + 1, sizeof(*t->readout));
	lims = child(n, "limits");
	t->lim = calloc((lims ? count_el(lims, "absolute") + count_el(lims, "datasheet") +
	                 count_el(lims, "shift") + count_el(lims, "cpk") +
	                 count_el(lims, "outlier") + count_el(lims, "lifetime") : 0) + 1,
	                sizeof(*t->lim));
	if (!t->cond || !t->readout || !t->lim) {
		L->oom = 1;
		return;
	}
	for (c = n->children; c; c = c->next) {
		if (is_el(c, "condition")) {
			load_cond(L, &t->cond[t->ncond++], c);
		} else if (is_el(c, "readout")) {
			q_parse(L, &t->readout[t->nreadout++], c, "at", "h");
		} else if (is_el(c, "samplePlan")) {
			t->has_plan = 1;
			q_parse(L, &t->lots, c, "lots", "");
			q_parse(L, &t->units, c, "units", "");
			q_parse(L, &t->accept, c, "accept", "");
			t->plan_origin = origin_of(c);
			t->plan_source = prop(c, "source", &L->oom);
			t->plan_clause = prop(c, "clause", &L->oom);
		}
	}
	if (!lims)
		return;
	i = 0;
	for (c = lims->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			load_limit(L, &t->lim[i++], c);
	t->nlim = i;
}

static int load_standard(wbg_standard **out, xmlDocPtr doc, struct wbgi_diag *dg)
{
	struct loader L = {NULL, dg, 0};
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	wbg_standard *std;
	size_t i;
	int rc;

	std = calloc(1, sizeof(*std));
	if (!std)
		return wbg_ctx_error(dg->ctx, WBG_ERR_NOMEM, "out of memory");
	L.std = std;
	std->name = strdup(dg->name);
	std->id = prop(root, "id", &L.oom);
	std->revision = prop(root, "revision", &L.oom);
	n = child(root, "title");
	std->title = n ? text_of(n, &L.oom) : NULL;
	/* sources */
	n = child(root, "provenance");
	std->src = calloc((n ? count_el(n, "source") : 0) + 1, sizeof(*std->src));
	if (!std->src || !std->name)
		L.oom = 1;
	if (n && std->src) {
		xmlNodePtr s;
		for (s = n->children; s; s = s->next) {
			struct wbgi_source *src;
			char *acc;
			if (!is_el(s, "source"))
				continue;
			src = &std->src[std->nsrc++];
			src->id = prop(s, "id", &L.oom);
			src->document = prop(s, "document", &L.oom);
			src->edition = prop(s, "edition", &L.oom);
			src->url = prop(s, "url", &L.oom);
			acc = prop(s, "access", &L.oom);
			src->paywalled = acc && strcmp(acc, "paywalled") == 0;
			free(acc);
		}
	}
	n = child(root, "scope");
	if (n) {
		char buf[128] = "";
		xmlNodePtr m;
		for (m = n->children; m; m = m->next) {
			if (is_el(m, "material") || is_el(m, "deviceClass")) {
				xmlChar *t = xmlNodeGetContent(m);
				if (t && strlen(buf) + xmlStrlen(t) + 2 < sizeof(buf)) {
					if (buf[0])
						strcat(buf, " ");
					strcat(buf, (const char *)t);
				}
				xmlFree(t);
			}
		}
		std->materials = strdup(buf);
	}
	load_settings(&L, root);
	n = child(root, "decision");
	if (n) {
		char *r = prop(n, "rule", &L.oom), *rr = prop(n, "r", &L.oom), *k = prop(n, "k", &L.oom);
		std->rule = rule_of(r);
		std->r = rr ? strtod(rr, NULL) : 1.0;
		std->k = k ? strtod(k, NULL) : 2.0;
		free(r);
		free(rr);
		free(k);
	}
	std->par = calloc(count_el(root, "parameter") + 1, sizeof(*std->par));
	std->test = calloc(count_el(root, "test") + 1, sizeof(*std->test));
	if (!std->par || !std->test) {
		L.oom = 1;
		goto done;
	}
	for (n = root->children; n; n = n->next) {
		struct wbgi_param *p;
		xmlNodePtr m;
		if (!is_el(n, "parameter"))
			continue;
		p = &std->par[std->npar++];
		p->id = prop(n, "id", &L.oom);
		p->name = prop(n, "name", &L.oom);
		p->unit = prop(n, "unit", &L.oom);
		m = child(n, "method");
		p->method = m ? text_of(m, &L.oom) : NULL;
		p->cond = calloc(count_el(n, "condition") + 1, sizeof(*p->cond));
		if (!p->cond) {
			L.oom = 1;
			goto done;
		}
		for (m = n->children; m; m = m->next)
			if (is_el(m, "condition"))
				load_cond(&L, &p->cond[p->ncond++], m);
		if (p->unit && wbg_unit_parse(&p->u, p->unit, dg->ctx) != WBG_OK)
			wbgi_diag_add(dg, WBG_ERR_UNIT, xmlGetLineNo(n), "parameter '%s': unit: %s",
			              p->id ? p->id : "", wbg_ctx_errmsg(dg->ctx));
	}
	i = 0;
	for (n = root->children; n; n = n->next)
		if (is_el(n, "test"))
			load_test(&L, &std->test[i++], n);
	std->ntest = i;
done:
	if (L.oom)
		wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "out of memory");
	rc = wbgi_diag_finish(dg);
	if (rc != WBG_OK) {
		wbg_standard_free(std);
		return rc;
	}
	*out = std;
	return WBG_OK;
}

static int load_device(wbg_device **out, xmlDocPtr doc, struct wbgi_diag *dg)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	wbg_device *dev = calloc(1, sizeof(*dev));
	size_t cnt = count_el(root, "rating");
	int oom = 0, rc;

	if (!dev)
		return wbg_ctx_error(dg->ctx, WBG_ERR_NOMEM, "out of memory");
	dev->id = prop(root, "id", &oom);
	dev->part = prop(root, "part", &oom);
	n = child(root, "scope");
	n = n ? child(n, "material") : NULL;
	if (n) {
		xmlChar *m = xmlNodeGetContent(n);
		if (m)
			snprintf(dev->material, sizeof(dev->material), "%s", (const char *)m);
		xmlFree(m);
	}
	dev->name = calloc(cnt + 1, sizeof(*dev->name));
	dev->si = calloc(cnt + 1, sizeof(*dev->si));
	if (!dev->name || !dev->si)
		oom = 1;
	for (n = root->children; n && !oom; n = n->next) {
		xmlChar *v;
		if (!is_el(n, "rating"))
			continue;
		dev->name[dev->n] = prop(n, "name", &oom);
		v = xmlGetNoNsProp(n, BAD_CAST "value");
		if (v && wbg_quantity_parse(&dev->si[dev->n], NULL, (const char *)v, NULL, dg->ctx) !=
		             WBG_OK)
			wbgi_diag_add(dg, WBG_ERR_UNIT, xmlGetLineNo(n), "rating value \"%s\": %s",
			              (const char *)v, wbg_ctx_errmsg(dg->ctx));
		xmlFree(v);
		dev->n++;
	}
	if (oom)
		wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "out of memory");
	rc = wbgi_diag_finish(dg);
	if (rc != WBG_OK) {
		wbg_device_free(dev);
		return rc;
	}
	*out = dev;
	return WBG_OK;
}

/* Keep a copy of attribute @p name (or "" when absent) among the bench's strings. */
const char *wbgi_bench_str(wbg_bench *b, xmlNodePtr n, const char *name, int *oom)
{
	char *v = prop(n, name, oom), **ns;

	if (!v && !*oom)
		v = strdup("");
	if (!v) {
		*oom = 1;
		return "";
	}
	if (b->nstrings == b->capstrings) {
		size_t cap = b->capstrings ? b->capstrings * 2 : 32;
		ns = realloc(b->strings, cap * sizeof(*ns));
		if (!ns) {
			free(v);
			*oom = 1;
			return "";
		}
		b->strings = ns;
		b->capstrings = cap;
	}
	b->strings[b->nstrings++] = v;
	return v;
}

xmlNodePtr wbgi_bench_instrument_el(xmlNodePtr root, const char *id)
{
	xmlNodePtr m, found = NULL;

	/* The schema does not make ids unique: the last element of an id
	 * wins, as the loaders always took it. */
	for (m = root->children; m && id; m = m->next) {
		xmlChar *v;
		if (!is_el(m, "instrument"))
			continue;
		v = xmlGetNoNsProp(m, BAD_CAST "id");
		if (v && xmlStrEqual(v, BAD_CAST id))
			found = m;
		xmlFree(v);
	}
	return found;
}

/* Bench files: terminals with their safety limits, and connections. */
static int load_bench(wbg_bench **out, xmlDocPtr doc, struct wbgi_diag *dg)
{
	static const char *const attrs[][2] = {
		{"max-voltage", "V"}, {"max-current", "A"}, {"max-power", "W"}, {"interlock-above", "V"}};
	xmlNodePtr root = xmlDocGetRootElement(doc), n, m;
	wbg_bench *b = calloc(1, sizeof(*b));
	int oom = 0, rc;
	size_t i;

	if (!b)
		return wbg_ctx_error(dg->ctx, WBG_ERR_NOMEM, "out of memory");
	b->id = prop(root, "id", &oom);
	b->term = calloc(count_el(root, "terminal") + 1, sizeof(*b->term));
	b->conn = calloc(count_el(root, "connection") + 1, sizeof(*b->conn));
	if (!b->term || !b->conn)
		oom = 1;
	if (!oom) /* the instruments' accuracy tables (bench_accuracy.c) */
		wbgi_bench_accuracy_load(b, root, dg);
	for (n = root->children; n && !oom; n = n->next) {
		if (is_el(n, "terminal")) {
			wbg_bench_terminal *t = &b->term[b->nterm++];
			double *dst[4];
			dst[0] = &t->max_voltage_v;
			dst[1] = &t->max_current_a;
			dst[2] = &t->max_power_w;
			dst[3] = &t->interlock_above_v;
			t->name = wbgi_bench_str(b, n, "name", &oom);
			for (i = 0; i < 4; i++) {
				struct loader L = {NULL, dg, 0};
				struct wbgi_q q;
				q_parse(&L, &q, n, attrs[i][0], attrs[i][1]);
				*dst[i] = q.present ? q.si : NAN;
			}
		} else if (is_el(n, "connection")) {
			wbg_bench_connection *c = &b->conn[b->nconn++];
			xmlChar *inst = xmlGetNoNsProp(n, BAD_CAST "instrument");
			c->instrument = wbgi_bench_str(b, n, "instrument", &oom);
			c->channel = wbgi_bench_str(b, n, "channel", &oom);
			c->terminal = wbgi_bench_str(b, n, "terminal", &oom);
			c->role = wbgi_bench_str(b, n, "role", &oom);
			if (!c->role[0])
				c->role = "force-sense";
			{
				struct loader L = {NULL, dg, 0};
				struct wbgi_q q;
				q_parse(&L, &q, n, "sensor-tolerance", "K");
				c->sensor_tolerance_k = q.present ? q.si : NAN;
			}
			c->resource = "";
			c->model = "";
			m = wbgi_bench_instrument_el(root, (const char *)inst);
			if (m) {
				c->resource = wbgi_bench_str(b, m, "resource", &oom);
				c->model = wbgi_bench_str(b, m, "model", &oom);
			}
			xmlFree(inst);
		}
	}
	if (!oom)
		oom = wbgi_bench_links(b, root, dg) == WBG_ERR_NOMEM;
	if (oom)
		wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "out of memory");
	rc = wbgi_diag_finish(dg);
	if (rc != WBG_OK) {
		wbg_bench_free(b);
		return rc;
	}
	*out = b;
	return WBG_OK;
}

enum want { WANT_ANY, WANT_STANDARD, WANT_DEVICE, WANT_BENCH };

static int load_any(void **out, enum want want, wbg_doc_kind *out_kind, const wbg_schema *schema,
                    const char *buf, size_t len, const char *name, wbg_ctx *ctx)
{
	struct wbgi_diag dg;
	xmlDocPtr doc = NULL;
	wbg_doc_kind kind;
	int rc;

	memset(&dg, 0, sizeof(dg));
	dg.ctx = ctx;
	dg.name = name ? name : "(memory)";
	rc = wbgi_xml_load(&doc, &kind, schema, buf, len, &dg);
	if (rc != WBG_OK)
		return rc;
	if ((want == WANT_STANDARD && kind != WBG_DOC_STANDARD) ||
	    (want == WANT_DEVICE && kind != WBG_DOC_DEVICE) ||
	    (want == WANT_BENCH && kind != WBG_DOC_BENCH)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_SCHEMA, "%s: this is a %s file, not a %s; check the "
		                   "file given",
		                   dg.name, wbg_doc_kind_name(kind),
		                   want == WANT_STANDARD ? "standard"
		                   : want == WANT_DEVICE ? "device profile"
		                                         : "bench description");
		goto out;
	}
	switch (kind) {
	case WBG_DOC_STANDARD: {
		wbg_standard *std = NULL;
		rc = load_standard(&std, doc, &dg);
		if (rc == WBG_OK && out)
			*out = std;
		else
			wbg_standard_free(std);
		break;
	}
	case WBG_DOC_DEVICE: {
		wbg_device *dev = NULL;
		rc = load_device(&dev, doc, &dg);
		if (rc == WBG_OK && out)
			*out = dev;
		else
			wbg_device_free(dev);
		break;
	}
	case WBG_DOC_BENCH: {
		wbg_bench *bench = NULL;
		rc = load_bench(&bench, doc, &dg);
		if (rc == WBG_OK && out)
			*out = bench;
		else
			wbg_bench_free(bench);
		break;
	}
	}
	if (rc == WBG_OK && out_kind)
		*out_kind = kind;
out:
	xmlFreeDoc(doc);
	return rc;
}

static int load_file(void **out, enum want want, wbg_doc_kind *out_kind, const wbg_schema *schema,
                     const char *path, wbg_ctx *ctx)
{
	char *buf = NULL;
	size_t len;
	int rc;

	if (!path || !schema)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "no schema or no file");
	rc = wbgi_file_read(&buf, &len, path, WBG_XML_MAX_BYTES, ctx);
	if (rc == WBG_OK)
		rc = load_any(out, want, out_kind, schema, buf, len, path, ctx);
	free(buf);
	return rc;
}

int wbg_doc_check_memory(wbg_doc_kind *out_kind, const wbg_schema *schema, const char *buf,
                         size_t len, const char *name, wbg_ctx *ctx)
{
	void *obj = NULL;
	wbg_doc_kind kind;
	int rc;

	if (!schema || !buf)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "no schema or no document");
	rc = load_any(&obj, WANT_ANY, &kind, schema, buf, len, name, ctx);
	if (rc != WBG_OK)
		return rc;
	if (kind == WBG_DOC_STANDARD)
		wbg_standard_free(obj);
	else if (kind == WBG_DOC_DEVICE)
		wbg_device_free(obj);
	else
		wbg_bench_free(obj);
	if (out_kind)
		*out_kind = kind;
	return WBG_OK;
}

int wbg_doc_check_file(wbg_doc_kind *out_kind, const wbg_schema *schema, const char *path,
                       wbg_ctx *ctx)
{
	char *buf = NULL;
	size_t len;
	int rc;

	if (!path || !schema)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "no schema or no file");
	rc = wbgi_file_read(&buf, &len, path, WBG_XML_MAX_BYTES, ctx);
	if (rc == WBG_OK)
		rc = wbg_doc_check_memory(out_kind, schema, buf, len, path, ctx);
	free(buf);
	return rc;
}

int wbg_standard_load_memory(wbg_standard **out, const wbg_schema *schema, const char *buf,
                             size_t len, const char *name, wbg_ctx *ctx)
{
	if (!out || !schema || !buf)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_standard_load_memory: NULL argument");
	return load_any((void **)out, WANT_STANDARD, NULL, schema, buf, len, name, ctx);
}

int wbg_standard_load_file(wbg_standard **out, const wbg_schema *schema, const char *path,
                           wbg_ctx *ctx)
{
	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_standard_load_file: NULL argument");
	return load_file((void **)out, WANT_STANDARD, NULL, schema, path, ctx);
}

int wbg_device_load_memory(wbg_device **out, const wbg_schema *schema, const char *buf, size_t len,
                           const char *name, wbg_ctx *ctx)
{
	if (!out || !schema || !buf)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_device_load_memory: NULL argument");
	return load_any((void **)out, WANT_DEVICE, NULL, schema, buf, len, name, ctx);
}

int wbg_device_load_file(wbg_device **out, const wbg_schema *schema, const char *path,
                         wbg_ctx *ctx)
{
	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_device_load_file: NULL argument");
	return load_file((void **)out, WANT_DEVICE, NULL, schema, path, ctx);
}

int wbg_bench_load_memory(wbg_bench **out, const wbg_schema *schema, const char *buf, size_t len,
                          const char *name, wbg_ctx *ctx)
{
	if (!out || !schema || !buf)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_bench_load_memory: NULL argument");
	return load_any((void **)out, WANT_BENCH, NULL, schema, buf, len, name, ctx);
}

int wbg_bench_load_file(wbg_bench **out, const wbg_schema *schema, const char *path, wbg_ctx *ctx)
{
	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_bench_load_file: NULL argument");
	return load_file((void **)out, WANT_BENCH, NULL, schema, path, ctx);
}
