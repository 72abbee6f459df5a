/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal: the published accuracy tables, one file per driver family. */
#ifndef WBG_INSTRUMENTS_ACCURACY_MODELS_H
#define WBG_INSTRUMENTS_ACCURACY_MODELS_H

#include <stddef.h>

#include "wbg/accuracy.h"

struct wbgi_acc_table {
	const wbg_acc_spec *specs; /* ascending by range; NULL when not published */
	size_t n;
};

struct wbgi_acc_model {
	const char *name;   /* "2450" */
	const char *source; /* the document the numbers come from */
	struct wbgi_acc_table fn[4]; /* indexed by wbg_acc_fn */
};

/* The row an instrument in autorange uses for |value|: the smallest range
 * that holds it, else the largest up to its overrange; NULL beyond that. */
const wbg_acc_spec *wbgi_acc_pick(const wbg_acc_spec *specs, size_t n, double value);

extern const struct wbgi_acc_model wbgi_acc_keithley_2450;
extern const struct wbgi_acc_model wbgi_acc_keithley_2470;
extern const struct wbgi_acc_model wbgi_acc_keysight_b2901a;
extern const struct wbgi_acc_model wbgi_acc_keysight_b2902a;

#endif
