/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the secure XML loader (standards, device profiles, benches) with the real schema. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wbg_schema *schema_once(void)
{
	static wbg_schema *schema; /* fuzz harness only: loaded once per process */
	static int tried;
	char path[4096];
	const char *src = getenv("WBG_TOP_SRCDIR");

	if (!tried) {
		tried = 1;
		snprintf(path, sizeof(path), "%s/standards/schema/" WBG_SCHEMA_FILE, src ? src : ".");
		if (wbg_schema_new(&schema, path, NULL) != WBG_OK)
			schema = NULL;
	}
	return schema;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wbg_schema *schema = schema_once();
	wbg_standard *std = NULL;
	wbg_device *dev = NULL;
	wbg_bench *bench = NULL;
	wbg_ctx *ctx = NULL;
	char buf[4096];

	if (!schema) {
		fprintf(stderr, "fuzz_stdxml: cannot load the schema; set WBG_TOP_SRCDIR\n");
		abort();
	}
	if (wbg_ctx_new(&ctx) != WBG_OK)
		return 0;
	wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
	wbg_doc_check_memory(NULL, schema, (const char *)data, size, "fuzz.xml", ctx);
	if (wbg_standard_load_memory(&std, schema, (const char *)data, size, "fuzz.xml", ctx) ==
	    WBG_OK) {
		wbg_standard_describe(buf, sizeof(buf), std);
		wbg_standard_free(std);
	}
	if (wbg_device_load_memory(&dev, schema, (const char *)data, size, "fuzz.xml", ctx) == WBG_OK)
		wbg_device_free(dev);
	if (wbg_bench_load_memory(&bench, schema, (const char *)data, size, "fuzz.xml", ctx) == WBG_OK) {
		size_t i;
		wbg_bench_terminal_find(bench, "drain");
		/* accuracy tables: every function of each connected instrument's */
		for (i = 0; i < wbg_bench_connection_count(bench); i++) {
			const wbg_acc_table *t =
				wbg_bench_accuracy(bench, wbg_bench_connection_at(bench, i)->instrument);
			double u;
			int fn;
			for (fn = WBG_ACC_MEASURE_VOLTAGE; t && fn <= WBG_ACC_SOURCE_CURRENT; fn++)
				(void)wbg_acc_table_u(&u, t, (wbg_acc_fn)fn, 1.5, 320.0, ctx);
		}
		wbg_bench_free(bench);
	}
	wbg_ctx_free(ctx);
	return 0;
}
