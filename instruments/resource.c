/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VISA resource strings: parse and format (see wbg/resource.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wbg/error.h"
#include "wbg/resource.h"

#define MAX_FIELDS 8
#define FIELD_MAX 256

/* Split @p s at "::" into at most MAX_FIELDS fields; "[...]" protects an
 * IPv6 address. Returns the count, or -1 when a field is too long or there
 * are too many. */
static int split_fields(char fields[][FIELD_MAX], const char *s)
{
	int n = 0;
	size_t len = 0;
	int bracket = 0;

	for (;;) {
		if (*s == '\0' || (!bracket && s[0] == ':' && s[1] == ':')) {
			if (n >= MAX_FIELDS)
				return -1;
			fields[n][len] = '\0';
			n++;
			len = 0;
			if (*s == '\0')
				return n;
			s += 2;
			continue;
		}
		if (*s == '[')
			bracket = 1;
		else if (*s == ']')
			bracket = 0;
		if (len + 1 >= FIELD_MAX || n >= MAX_FIELDS)
			return -1;
		fields[n][len++] = *s++;
	}
}

/* "USB", "USB0", "USB12" -> board; returns 0 when @p f is prefix+digits. */
static int parse_prefix(const char *f, const char *prefix, unsigned *out_board)
{
	size_t pl = strlen(prefix);
	unsigned long b = 0;
	const char *p;

	if (strncasecmp(f, prefix, pl) != 0)
		return -1;
	p = f + pl;
	if (*p == '\0') {
		*out_board = 0;
		return 0;
	}
	if (strlen(p) > 4 || strspn(p, "0123456789") != strlen(p))
		return -1;
	b = strtoul(p, NULL, 10);
	*out_board = (unsigned)b;
	return 0;
}

/* A decimal or 0x-hex number within [0, max]. */
static int parse_uint(const char *f, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;
	int base = 10;

	if (f[0] == '0' && (f[1] == 'x' || f[1] == 'X')) {
		base = 16;
		f += 2;
		if (*f == '\0' || strspn(f, "0123456789abcdefABCDEF") != strlen(f))
			return -1;
	} else if (*f == '\0' || strspn(f, "0123456789") != strlen(f)) {
		return -1;
	}
	if (strlen(f) > 10)
		return -1;
	errno = 0;
	v = strtoul(f, &end, base);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A field value: printable ASCII without spaces, and without the
 * separators of the grammar (':' and the IPv6 brackets). */
static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || *s == ':' || *s == '[' ||
		    *s == ']')
			return 0;
	return 1;
}

static int host_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || *s == '[' || *s == ']')
			return 0;
	return 1;
}

static int parse_usb(wbg_resource *r, char f[][FIELD_MAX], int n, const char *text, wbg_ctx *ctx)
{
	unsigned long v;
	int last = n;

	if (last > 1 && strcasecmp(f[last - 1], "INSTR") == 0)
		last--;
	else if (last > 1 && strcasecmp(f[last - 1], "RAW") == 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': USB RAW resources are not supported; use ::INSTR", text);
	if (last < 4 || last > 5)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': expected USB[board]::vid::pid::serial[::interface][::INSTR]",
		                     text);
	if (parse_uint(f[1], 0xffff, &v) != 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': bad vendor id '%s' (decimal or 0x hex, at most 0xFFFF)",
		                     text, f[1]);
	r->vid = (uint16_t)v;
	if (parse_uint(f[2], 0xffff, &v) != 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': bad product id '%s' (decimal or 0x hex, at most 0xFFFF)",
		                     text, f[2]);
	r->pid = (uint16_t)v;
	if (f[3][0] == '\0' || !printable(f[3]) || strlen(f[3]) >= sizeof(r->serial))
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': bad serial number '%s' (printable, no spaces, < %zu chars)",
		                     text, f[3], sizeof(r->serial));
	strcpy(r->serial, f[3]);
	r->interface_number = -1;
	if (last == 5) {
		if (parse_uint(f[4], 255, &v) != 0)
			return wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                     "resource '%s': bad interface number '%s' (0..255)", text, f[4]);
		r->interface_number = (int)v;
	}
	return WBG_OK;
}

static int parse_tcpip(wbg_resource *r, char f[][FIELD_MAX], int n, const char *text, wbg_ctx *ctx)
{
	unsigned long v;
	const char *host = f[1];
	size_t hl;

	if (n >= 3 && strcasecmp(f[n - 1], "INSTR") == 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': VXI-11/HiSLIP (::INSTR) is not supported; use "
		                     "TCPIP::host::5025::SOCKET",
		                     text);
	if (n != 4 || strcasecmp(f[3], "SOCKET") != 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "resource '%s': expected TCPIP[board]::host::port::SOCKET", text);
	hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(r->host) || memchr(host, '[', hl) || memchr(host, ']', hl))
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%s': bad host '%s'", text, f[1]);
	memcpy(r->host, host, hl);
	r->host[hl] = '\0';
	if (!host_ok(r->host))
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%s': bad host '%s'", text, f[1]);
	if (parse_uint(f[2], 65535, &v) != 0 || v == 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%s': bad port '%s' (1..65535)", text,
		                     f[2]);
	r->port = (uint16_t)v;
	return WBG_OK;
}

static int parse_sim(wbg_resource *r, char f[][FIELD_MAX], int n, const char *text, wbg_ctx *ctx)
{
	if (n < 2 || n > 3)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%s': expected SIM::<model>[::<dut>]",
		                     text);
	if (f[1][0] == '\0' || !printable(f[1]) || strlen(f[1]) >= sizeof(r->model))
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%s': bad model '%s'", text, f[1]);
	strcpy(r->model, f[1]);
	if (n == 3) {
		if (f[2][0] == '\0' || !printable(f[2]) || strlen(f[2]) >= sizeof(r->dut))
			return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%s': bad dut '%s'", text, f[2]);
		strcpy(r->dut, f[2]);
	}
	return WBG_OK;
}

int wbg_resource_parse(wbg_resource *out, const char *text, wbg_ctx *ctx)
{
	char f[MAX_FIELDS][FIELD_MAX];
	wbg_resource r;
	int n, rc;

	if (!out || !text)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_resource_parse: NULL argument");
	memset(&r, 0, sizeof(r));
	r.interface_number = -1;
	n = split_fields(f, text);
	if (n < 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "resource '%.64s...': too long or too many fields",
		                     text);
	if (parse_prefix(f[0], "USB", &r.board) == 0) {
		r.kind = WBG_RESOURCE_USB;
		rc = parse_usb(&r, f, n, text, ctx);
	} else if (parse_prefix(f[0], "TCPIP", &r.board) == 0) {
		r.kind = WBG_RESOURCE_TCPIP;
		rc = parse_tcpip(&r, f, n, text, ctx);
	} else if (strcasecmp(f[0], "SIM") == 0) {
		r.kind = WBG_RESOURCE_SIM;
		rc = parse_sim(&r, f, n, text, ctx);
	} else {
		rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                   "resource '%s': bad interface type '%s' (USB[n], TCPIP[n] or SIM)", text,
		                   f[0]);
	}
	if (rc == WBG_OK)
		*out = r;
	return rc;
}

int wbg_resource_format(char *buf, size_t len, const wbg_resource *res)
{
	int n;

	if (!buf || !res || len == 0)
		return WBG_ERR_INVALID_ARG;
	switch (res->kind) {
	case WBG_RESOURCE_USB:
		if (res->interface_number >= 0)
			n = snprintf(buf, len, "USB%u::0x%04X::0x%04X::%s::%d::INSTR", res->board, res->vid,
			             res->pid, res->serial, res->interface_number);
		else
			n = snprintf(buf, len, "USB%u::0x%04X::0x%04X::%s::INSTR", res->board, res->vid,
			             res->pid, res->serial);
		break;
	case WBG_RESOURCE_TCPIP:
		if (strchr(res->host, ':'))
			n = snprintf(buf, len, "TCPIP%u::[%s]::%u::SOCKET", res->board, res->host, res->port);
		else
			n = snprintf(buf, len, "TCPIP%u::%s::%u::SOCKET", res->board, res->host, res->port);
		break;
	case WBG_RESOURCE_SIM:
		if (res->dut[0])
			n = snprintf(buf, len, "SIM::%s::%s", res->model, res->dut);
		else
			n = snprintf(buf, len, "SIM::%s", res->model);
		break;
	default:
		return WBG_ERR_INVALID_ARG;
	}
	if (n < 0 || (size_t)n >= len)
		return WBG_ERR_OVERFLOW;
	return WBG_OK;
}
