/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target: two simulated 2400-series SMUs joined by trigger cables on
 * all six digital I/O lines (line n to line n), so that trigger models
 * built from outside input drive each other (notify blocks, waits, edges
 * arriving while a model runs). The first byte picks the two models; each
 * following line is a program message, sent to the first instrument when
 * its first byte is even, else to the second (that byte dropped), and its
 * whole response read.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const models[] = {"2450", "2460", "2470"};
	wbg_vbench *b;
	wbg_vinstr *vi[2];
	uint8_t buf[512];
	size_t i, start, n;
	int line;
	bool end;

	if (size < 1 || size > 8192)
		return 0;
	if (wbg_vbench_new(&b, "r1k", 1, NULL) != WBG_OK)
		return 0;
	if (wbg_vbench_add(&vi[0], b, "a", models[data[0] % 3], "gate", NULL) != WBG_OK ||
	    wbg_vbench_add(&vi[1], b, "b", models[(data[0] / 3) % 3], "drain", NULL) != WBG_OK) {
		wbg_vbench_free(b);
		return 0;
	}
	for (line = 1; line <= 6; line++)
		(void)wbg_vbench_link(b, "a", line, "b", line, NULL);
	for (start = i = 1; i <= size; i++) {
		wbg_vinstr *to;

		if (i < size && data[i] != '\n')
			continue;
		if (i > start) {
			to = vi[data[start] & 1];
			wbg_vinstr_write(to, data + start + 1, i - start - 1, true);
			do {
				if (wbg_vinstr_read(to, buf, sizeof(buf), &n, &end) != WBG_OK)
					break;
			} while (!end);
		}
		start = i + 1;
	}
	wbg_vbench_free(b);
	return 0;
}
