/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the long-format CSV reader, then an evaluation of what it read
 * against tests/standards/eval-test.xml (every limit kind). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz harness only: the standard is loaded once per process */
static wbg_schema *schema;
static wbg_standard *std;
static wbg_device *dev;

static int load_once(void)
{
	static int tried;
	char path[4096];
	const char *src = getenv("WBG_TOP_SRCDIR");

	if (tried)
		return std != NULL;
	tried = 1;
	if (!src)
		src = ".";
	snprintf(path, sizeof(path), "%s/standards/schema/" WBG_SCHEMA_FILE, src);
	if (wbg_schema_new(&schema, path, NULL) != WBG_OK)
		return 0;
	snprintf(path, sizeof(path), "%s/tests/standards/eval-device.xml", src);
	if (wbg_device_load_file(&dev, schema, path, NULL) != WBG_OK)
		return 0;
	snprintf(path, sizeof(path), "%s/tests/standards/eval-test.xml", src);
	if (wbg_standard_load_file(&std, schema, path, NULL) != WBG_OK ||
	    wbg_standard_set(std, "ratio_max", "5", NULL) != WBG_OK) {
		wbg_standard_free(std);
		std = NULL;
		return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wbg_dataset *ds = NULL;
	wbg_eval *ev = NULL;

	if (!load_once()) {
		fprintf(stderr, "fuzz_csv: cannot load tests/standards; set WBG_TOP_SRCDIR\n");
		abort();
	}
	if (wbg_dataset_new(&ds) != WBG_OK)
		return 0;
	if (wbg_dataset_parse_csv(ds, (const char *)data, size, "fuzz.csv", NULL) == WBG_OK &&
	    wbg_evaluate(&ev, std, dev, ds, NULL) == WBG_OK) {
		(void)wbg_eval_worst(ev);
		wbg_eval_free(ev);
	}
	wbg_dataset_free(ds);
	return 0;
}
