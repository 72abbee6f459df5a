/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the JSON data reader (jansson underneath, our row mapping on top). */
#include "config.h"

#include <stdint.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wbg_dataset *ds = NULL;
	size_t i;
	double sum = 0;

	if (wbg_dataset_new(&ds) != WBG_OK)
		return 0;
	if (wbg_dataset_parse_json(ds, (const char *)data, size, "fuzz.json", NULL) == WBG_OK) {
		for (i = 0; i < wbg_dataset_count(ds); i++)
			sum += wbg_dataset_row(ds, i)->readout_s;
	}
	(void)sum;
	wbg_dataset_free(ds);
	return 0;
}
