/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SHA-256 of provenance files (standard, device, bench), through nettle. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "wbg/error.h"
#include "wbg/store.h"

static void to_hex(char out_hex[65], const uint8_t digest[SHA256_DIGEST_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out_hex[2 * i] = hex[digest[i] >> 4];
		out_hex[2 * i + 1] = hex[digest[i] & 15];
	}
	out_hex[64] = '\0';
}

void wbg_sha256_buffer(char out_hex[65], const void *data, size_t len)
{
	struct sha256_ctx c;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, sizeof(digest), digest);
	to_hex(out_hex, digest);
}

int wbg_sha256_file(char out_hex[65], const char *path, size_t max_bytes, wbg_ctx *ctx)
{
	struct sha256_ctx c;
	uint8_t digest[SHA256_DIGEST_SIZE], buf[65536];
	size_t n, total = 0;
	FILE *f;
	int rc = WBG_OK;

	if (!out_hex || !path)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_sha256_file: NULL argument");
	f = fopen(path, "rb");
	if (!f)
		return wbg_ctx_error(ctx, WBG_ERR_IO, "cannot open '%s' to compute its SHA-256: %s",
		                     path, strerror(errno));
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		total += n;
		if (total > max_bytes) {
			rc = wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "'%s' is larger than %zu bytes", path,
			                   max_bytes);
			goto out;
		}
		sha256_update(&c, n, buf);
	}
	if (ferror(f)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_IO, "error reading '%s'", path);
		goto out;
	}
	sha256_digest(&c, sizeof(digest), digest);
	to_hex(out_hex, digest);
out:
	fclose(f);
	return rc;
}
