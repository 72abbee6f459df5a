/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the drivers' own parsers of instrument replies (B2900
 * "v,i", E4980A :FETC?, Lake Shore KRDG?, SRDG?, RDGST?/INCRV?, INTYPE?,
 * CRVPT?, CRVHDR?; the 2400 series replies go through the SCPI layer's
 * array parser, fuzzed by fuzz_scpi). The first byte picks the parser
 * (low 3 bits) and the point count; the rest is the reply. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../instruments/drivers/keysight-b2900/b2900_drv.h"
#include "../instruments/drivers/keysight-e4980a/e4980a_drv.h"
#include "../instruments/drivers/lakeshore-336/ls336_drv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wbgi_ls336_intype it;
	double a[32], b[32];
	char *text;
	size_t n;
	int k;

	if (size < 1)
		return 0;
	n = (size_t)(data[0] >> 3) % 32 + 1;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] & 7) {
	case 0:
		wbgi_b29d_parse_vi(a, b, text);
		break;
	case 1:
		wbgi_e4980a_parse_fetch(a, b, n, text);
		break;
	case 2:
		wbgi_ls336_parse_kelvin(a, text);
		break;
	case 3:
		wbgi_ls336_parse_units(a, text);
		break;
	case 4:
		wbgi_ls336_parse_int(&k, text, 0, 255);
		break;
	case 5:
		wbgi_ls336_parse_intype(&it, text);
		break;
	case 6:
		wbgi_ls336_parse_crvpt(a, b, text);
		break;
	default:
		wbgi_ls336_parse_crvhdr(&k, text);
		break;
	}
	free(text);
	return 0;
}
