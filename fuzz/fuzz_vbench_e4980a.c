/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: SCPI parsing of the simulated Keysight E4980A (see vbench_fuzz.h). */
#include "config.h"

#include "vbench_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const models[] = {"E4980A"};

	return vbench_fuzz_run(models, sizeof(models) / sizeof(models[0]), "sic-mosfet", "coss", data,
	                       size);
}
