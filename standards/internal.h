/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Standards area: internal model shared by the loader, describer and evaluator. */
#ifndef WBG_STANDARDS_INTERNAL_H
#define WBG_STANDARDS_INTERNAL_H

#include <libxml/tree.h>

#include "wbg/accuracy.h"
#include "wbg/error.h"
#include "wbg/evaluate.h"
#include "wbg/standard.h"
#include "wbg/units.h"

/* Problems reported by one load: each is logged, the first is kept. */
struct wbgi_diag {
	wbg_ctx *ctx;
	const char *name; /* file name for messages */
	int count;
	int code;         /* WBG_ERR_* of the first problem */
	char first[600];
	int stopped;      /* the parser was stopped by a guard: drop follow-on errors */
};

void wbgi_diag_add(struct wbgi_diag *dg, int code, long line, const char *fmt, ...)
	WBG_PRINTF(4, 5);
/* Record the collected problems on the context and return the first code (or WBG_OK). */
int wbgi_diag_finish(struct wbgi_diag *dg);

/* Read a whole file, at most max bytes; *out is NUL-terminated, owned. */
int wbgi_file_read(char **out, size_t *out_len, const char *path, size_t max, wbg_ctx *ctx);

/* Parse safely and validate; *out_doc owned by the caller (xmlFreeDoc). */
int wbgi_xml_load(xmlDocPtr *out_doc, wbg_doc_kind *out_kind, const wbg_schema *schema,
                  const char *buf, size_t len, struct wbgi_diag *dg);

/* A quantity from the document: a literal, or a reference to a setting. */
struct wbgi_q {
	int present;
	int setting;   /* index into settings, or -1 for a literal */
	double si;     /* the literal value */
	long line;
};

enum wbgi_origin { WBGI_QUOTED = 0, WBGI_USER, WBGI_CHOICE };

struct wbgi_setting {
	char *name, *unit, *source, *clause, *doc;
	wbg_unit u;
	int has_value;
	double si;
	long line;
};

struct wbgi_limit {
	wbg_limit_kind kind;
	size_t param;
	struct wbgi_q min, max, at;
	struct wbgi_q fraction, confidence; /* lifetime */
	char *rating;                      /* datasheet */
	char *bound;                       /* lifetime: the lower-bound parameter */
	int has_rule;
	wbg_rule rule;
	double r;
	enum wbgi_origin origin;
	char *source, *clause;
	long line;
};

struct wbgi_cond {
	char *name, *text;
	enum wbgi_origin origin;
	char *source, *clause;
};

struct wbgi_param {
	char *id, *name, *unit, *method;
	wbg_unit u;
	struct wbgi_cond *cond; /* the conditions its definition states */
	size_t ncond;
};

struct wbgi_test {
	char *id, *title;
	int stress;
	struct wbgi_cond *cond;
	size_t ncond;
	struct wbgi_q *readout;
	size_t nreadout;
	int has_plan;
	struct wbgi_q lots, units, accept;
	enum wbgi_origin plan_origin;
	char *plan_source, *plan_clause;
	struct wbgi_limit *lim;
	size_t nlim;
};

struct wbgi_source {
	char *id, *document, *edition, *url;
	int paywalled;
};

struct wbg_standard {
	char *name; /* file */
	char *id, *revision, *title;
	struct wbgi_source *src;
	size_t nsrc;
	struct wbgi_setting *set;
	size_t nset;
	struct wbgi_param *par;
	size_t npar;
	struct wbgi_test *test;
	size_t ntest;
	wbg_rule rule;
	double r, k;
	char *materials;
};

struct wbg_device {
	char *id, *part;
	char material[8]; /* "GaN" or "SiC" from the profile's scope */
	size_t n;
	char **name;
	double *si;
};

struct wbg_bench {
	char *id;
	/* accuracy tables a lab supplies: the instruments with an <accuracy> */
	struct wbgi_bench_acc *acc;
	size_t nacc;
	wbg_bench_terminal *term;
	size_t nterm;
	wbg_bench_connection *conn;
	size_t nconn;
	wbg_bench_trigger_link *link;
	size_t nlink;
	char **strings; /* every string the arrays point to, owned */
	size_t nstrings, capstrings;
};

/* Keep a copy of attribute @p name of @p n (or "" when absent) among the
 * bench's strings; *oom set on failure. */
const char *wbgi_bench_str(wbg_bench *b, xmlNodePtr n, const char *name, int *oom);
/* The (last) <instrument> element of the bench with id @p id, or NULL. */
xmlNodePtr wbgi_bench_instrument_el(xmlNodePtr root, const char *id);
/* The bench's <trigger-link> elements, checked (benchlink.c). */
int wbgi_bench_links(wbg_bench *b, xmlNodePtr root, struct wbgi_diag *dg);

/* Index of the setting @p name, or -1. */
int wbgi_setting_find(const wbg_standard *std, const char *name);

/* The value of a quantity: the literal, or the setting's value. Fails with
 * WBG_ERR_STATE naming the setting and its source when it is unset. */
int wbgi_q_value(double *out, const wbg_standard *std, const struct wbgi_q *q, wbg_ctx *ctx);

const char *wbgi_origin_name(enum wbgi_origin o);

/* ---- accuracy tables a lab supplies (bench_accuracy.c) ---- */
struct wbgi_bench_acc {
	char *instrument; /* the instrument's id */
	wbg_acc_table *table;
};

/* Read every instrument's <accuracy> of the bench document @p root into @p b;
 * each problem goes to @p dg with its line. */
void wbgi_bench_accuracy_load(wbg_bench *b, xmlNodePtr root, struct wbgi_diag *dg);
/* Free the tables of @p b. */
void wbgi_bench_accuracy_free(wbg_bench *b);
/* ---- end of accuracy tables ---- */

#endif
