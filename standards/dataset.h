/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The data set's layout, shared with the evaluator. */
#ifndef WBG_STANDARDS_DATASET_H
#define WBG_STANDARDS_DATASET_H

#include "internal.h"

/* Largest data file read, in bytes. */
#define WBGI_DATA_MAX_BYTES ((size_t)1 << 30)

struct arena_block;
struct wbgi_dataset_arena {
	struct arena_block *head;
};

struct wbg_dataset {
	wbg_row *rows;
	wbg_unit *units; /* parallel to rows: the parsed unit of each */
	size_t n, cap;
	struct wbgi_dataset_arena arena;
};

#endif
