/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target: the SCPI parsing of every simulated instrument (program
 * messages arriving from outside over TCP, USB or the SIM:: transport).
 * The first byte picks the instrument; the rest is split into messages at
 * newlines, each followed by reading the whole response.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const models[] = {"2450", "2460", "2470", "B2901A", "B2902A", "E4980A", "336"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wbg_vbench *b;
	wbg_vinstr *vi;
	uint8_t buf[512];
	size_t i, start, n;
	bool end;
	const char *model;

	if (size < 1 || size > 8192)
		return 0;
	model = models[data[0] % (sizeof(models) / sizeof(models[0]))];
	if (wbg_vbench_new(&b, "r1k", 1, NULL) != WBG_OK)
		return 0;
	if (wbg_vbench_add(&vi, b, NULL, model, NULL, NULL) != WBG_OK) {
		/* a model not in this build */
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
