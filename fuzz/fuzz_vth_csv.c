/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target: the numeric CSV reader of 'wbg analyze vth' (cli/analyze_csv.c over cli/csvcols.c),
 * then the threshold-voltage extraction on whatever columns it yields.
 * The reader lives in the program, not the library, so its source is
 * compiled in here; scripts/fuzz builds only fuzz/fuzz_NAME.c with the
 * library sources.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../cli/analyze_csv.c"
#include "../cli/csvcols.c"
#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_table t;
	char err[256];
	double *v, *id;
	wbg_vth_opts o;
	wbg_vth_result r;
	int m;

	if (csv_parse(&t, (const char *)data, size, "fuzz", err, sizeof(err)) != 0)
		return 0;
	if (t.ncols >= 2 && t.nrows > 0) {
		v = malloc(t.nrows * sizeof(*v));
		id = malloc(t.nrows * sizeof(*id));
		if (v && id) {
			csv_get_column(&t, 0, v);
			csv_get_column(&t, 1, id);
			for (m = WBG_VTH_CC; m <= WBG_VTH_Y; m++) {
				wbg_vth_opts_init(&o);
				o.method = (wbg_vth_method)m;
				o.icrit = 1e-3;
				o.acc_id.gain = 1e-3;
				o.noise_id = 1e-12;
				o.mc_trials = 100;
				wbg_vth_extract(&r, v, id, t.nrows, &o, NULL, NULL);
			}
		}
		free(v);
		free(id);
	}
	csv_column(&t, "id");
	csv_free(&t);
	return 0;
}
