/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pure parsers of SCPI responses: arbitrary blocks, arrays, *IDN?, SYST:ERR?. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/error.h"
#include "wbg/scpi.h"

static int is_ws(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int wbg_scpi_block_parse(size_t *out_offset, size_t *out_len, size_t *out_needed,
                         const uint8_t *buf, size_t len, size_t max_len, wbg_ctx *ctx)
{
	size_t pos = 0, ndig, i, n = 0, data;

	if (!out_offset || !out_len || (!buf && len))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_scpi_block_parse: NULL argument");
	while (pos < len && is_ws(buf[pos]))
		pos++;
	if (pos + 2 > len) {
		if (pos < len && buf[pos] != '#')
			goto not_block;
		if (out_needed)
			*out_needed = 0;
		return WBG_ERR_INSUFFICIENT_DATA;
	}
	if (buf[pos] != '#')
		goto not_block;
	if (buf[pos + 1] == '0') {
		data = pos + 2;
		n = len - data;
		if (n > 0 && buf[len - 1] == '\n')
			n--;
		if (n > max_len)
			return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW,
			                     "indefinite block of %zu bytes exceeds the maximum of %zu; raise "
			                     "the instrument's maximum response size",
			                     n, max_len);
		*out_offset = data;
		*out_len = n;
		if (out_needed)
			*out_needed = len;
		return WBG_OK;
	}
	if (buf[pos + 1] < '1' || buf[pos + 1] > '9')
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "block header: '#' must be followed by a digit 0-9, got byte 0x%02X",
		                     buf[pos + 1]);
	ndig = (size_t)(buf[pos + 1] - '0');
	if (pos + 2 + ndig > len) {
		if (out_needed)
			*out_needed = 0;
		return WBG_ERR_INSUFFICIENT_DATA;
	}
	for (i = 0; i < ndig; i++) {
		uint8_t c = buf[pos + 2 + i];
		if (c < '0' || c > '9')
			return wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                     "block header: length digit %zu is byte 0x%02X, not 0-9", i + 1, c);
		n = n * 10 + (size_t)(c - '0'); /* at most 9 digits: no overflow */
	}
	if (n > max_len)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW,
		                     "block announces %zu bytes, more than the maximum of %zu; raise the "
		                     "instrument's maximum response size if this is expected",
		                     n, max_len);
	data = pos + 2 + ndig;
	if (out_needed)
		*out_needed = data + n;
	if (len - data < n)
		return WBG_ERR_INSUFFICIENT_DATA;
	*out_offset = data;
	*out_len = n;
	return WBG_OK;

not_block:
	return wbg_ctx_error(ctx, WBG_ERR_PARSE, "expected an arbitrary block ('#'), got byte 0x%02X",
	                     buf[pos]);
}

static double decode_be_le(const uint8_t *p, size_t size, int little)
{
	uint64_t bits = 0;
	size_t i;

	for (i = 0; i < size; i++)
		bits = (bits << 8) | p[little ? size - 1 - i : i];
	if (size == 4) {
		uint32_t b32 = (uint32_t)bits;
		float f;
		memcpy(&f, &b32, sizeof(f));
		return (double)f;
	} else {
		double d;
		memcpy(&d, &bits, sizeof(d));
		return d;
	}
}

static int parse_ascii(double **out, size_t *out_n, const uint8_t *p, size_t len, size_t max_n,
                       wbg_ctx *ctx)
{
	size_t i, count = 1, n = 0, start;
	double *v = NULL;
	int only_ws = 1;

	for (i = 0; i < len; i++) {
		if (p[i] == ',')
			count++;
		if (!is_ws(p[i]))
			only_ws = 0;
	}
	if (only_ws) {
		*out = NULL;
		*out_n = 0;
		return WBG_OK;
	}
	if (count > max_n)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW,
		                     "ASCII array has %zu values, more than the maximum of %zu", count,
		                     max_n);
	v = malloc(count * sizeof(*v));
	if (!v)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "ASCII array of %zu values", count);
	start = 0;
	for (i = 0; i <= len; i++) {
		char tok[80], *end;
		size_t a, b;
		if (i < len && p[i] != ',')
			continue;
		a = start;
		b = i;
		while (a < b && is_ws(p[a]))
			a++;
		while (b > a && is_ws(p[b - 1]))
			b--;
		if (b == a || b - a >= sizeof(tok) || memchr(p + a, '\0', b - a)) {
			free(v);
			return wbg_ctx_error(ctx, WBG_ERR_PARSE, "ASCII array: value %zu is %s", n + 1,
			                     b == a ? "empty" : "not a number");
		}
		memcpy(tok, p + a, b - a);
		tok[b - a] = '\0';
		errno = 0;
		v[n] = strtod(tok, &end);
		if (*end != '\0' || end == tok) {
			free(v);
			return wbg_ctx_error(ctx, WBG_ERR_PARSE, "ASCII array: value %zu ('%s') is not a number",
			                     n + 1, tok);
		}
		n++;
		start = i + 1;
	}
	*out = v;
	*out_n = n;
	return WBG_OK;
}

int wbg_scpi_array_parse(double **out, size_t *out_n, const uint8_t *buf, size_t len,
                         wbg_scpi_format fmt, size_t max_n, wbg_ctx *ctx)
{
	size_t off, n, size, i, count;
	int little, rc;
	double *v;

	if (!out || !out_n || (!buf && len))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_scpi_array_parse: NULL argument");
	switch (fmt) {
	case WBG_SCPI_ASCII:
		off = 0;
		while (off < len && is_ws(buf[off]))
			off++;
		if (off < len && buf[off] == '#') {
			rc = wbg_scpi_block_parse(&off, &n, NULL, buf, len, len, ctx);
			if (rc == WBG_ERR_INSUFFICIENT_DATA)
				return wbg_ctx_error(ctx, rc, "ASCII array block is truncated");
			if (rc != WBG_OK)
				return rc;
			return parse_ascii(out, out_n, buf + off, n, max_n, ctx);
		}
		return parse_ascii(out, out_n, buf, len, max_n, ctx);
	case WBG_SCPI_REAL32_BE:
	case WBG_SCPI_REAL32_LE:
		size = 4;
		break;
	case WBG_SCPI_REAL64_BE:
	case WBG_SCPI_REAL64_LE:
		size = 8;
		break;
	default:
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "unknown array format %d", (int)fmt);
	}
	little = fmt == WBG_SCPI_REAL32_LE || fmt == WBG_SCPI_REAL64_LE;
	rc = wbg_scpi_block_parse(&off, &n, NULL, buf, len, max_n > SIZE_MAX / size ? SIZE_MAX : max_n * size,
	                          ctx);
	if (rc == WBG_ERR_INSUFFICIENT_DATA)
		return wbg_ctx_error(ctx, rc, "binary array block is truncated (%zu bytes received)", len);
	if (rc != WBG_OK)
		return rc;
	if (n % size != 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "binary array of %zu bytes is not a whole number of %zu-byte values", n,
		                     size);
	count = n / size;
	if (count == 0) {
		*out = NULL;
		*out_n = 0;
		return WBG_OK;
	}
	v = malloc(count * sizeof(*v));
	if (!v)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "binary array of %zu values", count);
	for (i = 0; i < count; i++)
		v[i] = decode_be_le(buf + off + i * size, size, little);
	*out = v;
	*out_n = count;
	return WBG_OK;
}

/* Copy [a, b) trimmed into dst (truncated to cap - 1). */
static void copy_trimmed(char *dst, size_t cap, const char *a, const char *b)
{
	size_t n;

	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	n = (size_t)(b - a);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, a, n);
	dst[n] = '\0';
}

int wbg_idn_parse(wbg_idn *out, const char *reply, wbg_ctx *ctx)
{
	const char *c1, *c2, *c3, *end;
	wbg_idn idn;

	if (!out || !reply)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_idn_parse: NULL argument");
	end = reply + strlen(reply);
	c1 = strchr(reply, ',');
	c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	c3 = c2 ? strchr(c2 + 1, ',') : NULL;
	if (!c3)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "*IDN? reply '%.80s' does not have the four fields "
		                     "manufacturer,model,serial,firmware",
		                     reply);
	copy_trimmed(idn.manufacturer, sizeof(idn.manufacturer), reply, c1);
	copy_trimmed(idn.model, sizeof(idn.model), c1 + 1, c2);
	copy_trimmed(idn.serial, sizeof(idn.serial), c2 + 1, c3);
	copy_trimmed(idn.firmware, sizeof(idn.firmware), c3 + 1, end);
	*out = idn;
	return WBG_OK;
}

int wbg_scpi_error_parse(wbg_scpi_error *out, const char *reply, wbg_ctx *ctx)
{
	wbg_scpi_error e;
	const char *p;
	char *end;
	long code;
	size_t n = 0;

	if (!out || !reply)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_scpi_error_parse: NULL argument");
	p = reply;
	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	code = strtol(p, &end, 10);
	if (end == p || errno != 0 || code < INT_MIN || code > INT_MAX)
		goto bad;
	p = end;
	while (*p == ' ' || *p == '\t')
		p++;
	e.code = (int)code;
	e.message[0] = '\0';
	if (*p == '\0' || *p == '\r' || *p == '\n') {
		*out = e;
		return WBG_OK;
	}
	if (*p != ',')
		goto bad;
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"') {
		/* IEEE 488.2 string: "" inside stands for one quote. */
		p++;
		for (;;) {
			if (*p == '\0')
				goto bad;
			if (*p == '"') {
				if (p[1] != '"')
					break;
				p++;
			}
			if (n + 1 < sizeof(e.message))
				e.message[n++] = *p;
			p++;
		}
		e.message[n] = '\0';
	} else {
		copy_trimmed(e.message, sizeof(e.message), p, p + strlen(p));
	}
	*out = e;
	return WBG_OK;
bad:
	return wbg_ctx_error(ctx, WBG_ERR_PARSE,
	                     "SYST:ERR? reply '%.80s' is not <code>,\"<message>\"", reply);
}
