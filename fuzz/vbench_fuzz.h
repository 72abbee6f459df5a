/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared body of the virtual-bench fuzz targets: the SCPI parsing of a
 * simulated instrument (program messages arriving from outside over TCP,
 * USB or the SIM:: transport). The first byte picks one of the family's
 * models; the rest is split into messages at newlines, each followed by
 * reading the whole response.
 */
#ifndef WBG_FUZZ_VBENCH_H
#define WBG_FUZZ_VBENCH_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"

static inline int vbench_fuzz_run(const char *const *models, size_t nmodels, const char *dut,
                                  const char *wiring, const uint8_t *data, size_t size)
{
	wbg_vbench *b;
	wbg_vinstr *vi;
	uint8_t buf[512];
	size_t i, start, n;
	bool end;

	if (size < 1 || size > 8192)
		return 0;
	if (wbg_vbench_new(&b, dut, 1, NULL) != WBG_OK)
		return 0;
	if (wbg_vbench_add(&vi, b, NULL, models[data[0] % nmodels], wiring, NULL) != WBG_OK) {
		wbg_vbench_free(b);
		return 0;
	}
	for (start = i = 1; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		wbg_vinstr_write(vi, data + start, i - start, true);
		do {
			if (wbg_vinstr_read(vi, buf, sizeof(buf), &n, &end) != WBG_OK)
				break;
		} while (!end);
		wbg_vinstr_stb(vi);
		start = i + 1;
	}
	wbg_vbench_free(b);
	return 0;
}

#endif
