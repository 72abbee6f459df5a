/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test-double instrument (see instr_double.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instr_double.h"

struct instr_double {
	struct emu_instrument iface;
	char serial[64];
	uint8_t in[4096];
	size_t in_len;
	uint8_t *out;
	size_t out_len, out_off;
	int errors[16];
	size_t nerr;
};

static void out_append(struct instr_double *d, const void *p, size_t n)
{
	d->out = realloc(d->out, d->out_len + n);
	memcpy(d->out + d->out_len, p, n);
	d->out_len += n;
}

static void out_str(struct instr_double *d, const char *s)
{
	out_append(d, s, strlen(s));
}

static uint8_t stb_of(struct instr_double *d)
{
	return (uint8_t)((d->nerr ? 0x04 : 0) | (d->out_off < d->out_len ? 0x10 : 0));
}

static void execute(struct instr_double *d, const char *cmd)
{
	char buf[128];
	unsigned long n = 0;
	size_t i;

	if (d->out_off >= d->out_len) {
		free(d->out);
		d->out = NULL;
		d->out_len = d->out_off = 0;
	}
	if (strcmp(cmd, "*IDN?") == 0) {
		snprintf(buf, sizeof(buf), "WBG,DOUBLE-1,%s,1.0\n", d->serial);
		out_str(d, buf);
	} else if (strcmp(cmd, "*STB?") == 0) {
		snprintf(buf, sizeof(buf), "%u\n", stb_of(d));
		out_str(d, buf);
	} else if (strcmp(cmd, "*CLS") == 0) {
		d->nerr = 0;
	} else if (strcmp(cmd, "SYST:ERR?") == 0) {
		if (d->nerr == 0) {
			out_str(d, "+0,\"No error\"\n");
		} else {
			snprintf(buf, sizeof(buf), "%d,\"Undefined header\"\n", d->errors[0]);
			memmove(d->errors, d->errors + 1, (d->nerr - 1) * sizeof(int));
			d->nerr--;
			out_str(d, buf);
		}
	} else if (sscanf(cmd, "BLOCK? %lu", &n) == 1) {
		char len[16];
		uint8_t *b = malloc(n ? n : 1);
		snprintf(len, sizeof(len), "%lu", n);
		snprintf(buf, sizeof(buf), "#%zu%s", strlen(len), len);
		out_str(d, buf);
		for (i = 0; i < n; i++)
			b[i] = instr_double_block_byte(i);
		out_append(d, b, n);
		out_str(d, "\n");
		free(b);
	} else if (sscanf(cmd, "TEXT? %lu", &n) == 1) {
		char *t = malloc(n + 1);
		for (i = 0; i < n; i++)
			t[i] = (char)('a' + i % 26);
		t[n] = '\n';
		out_append(d, t, n + 1);
		free(t);
	} else if (sscanf(cmd, "ARR? %lu", &n) == 1) {
		char len[16];
		snprintf(len, sizeof(len), "%lu", n * 8);
		snprintf(buf, sizeof(buf), "#%zu%s", strlen(len), len);
		out_str(d, buf);
		for (i = 0; i < n; i++) {
			double v = 0.5 * (double)i;
			uint64_t bits;
			uint8_t le[8];
			int k;
			memcpy(&bits, &v, 8);
			for (k = 0; k < 8; k++)
				le[k] = (uint8_t)(bits >> (8 * k));
			out_append(d, le, 8);
		}
		out_str(d, "\n");
	} else if (strcmp(cmd, "NEVER?") == 0) {
		/* silence */
	} else if (strcmp(cmd, "PART?") == 0) {
		out_str(d, "#41000abcdefghij");
	} else {
		if (d->nerr < 16)
			d->errors[d->nerr++] = -113;
	}
}

static void dbl_write(void *self, const uint8_t *data, size_t len, bool eom)
{
	struct instr_double *d = self;

	if (d->in_len + len > sizeof(d->in) - 1)
		len = sizeof(d->in) - 1 - d->in_len;
	memcpy(d->in + d->in_len, data, len);
	d->in_len += len;
	if (eom) {
		while (d->in_len && (d->in[d->in_len - 1] == '\n' || d->in[d->in_len - 1] == '\r'))
			d->in_len--;
		d->in[d->in_len] = '\0';
		execute(d, (const char *)d->in);
		d->in_len = 0;
	}
}

static size_t dbl_read(void *self, uint8_t *buf, size_t cap, bool *out_end)
{
	struct instr_double *d = self;
	size_t n = d->out_len - d->out_off;

	*out_end = false;
	if (n == 0)
		return 0;
	if (n > cap)
		n = cap;
	memcpy(buf, d->out + d->out_off, n);
	d->out_off += n;
	/* A PART? reply ends its message after 16 of 1006 bytes: the rest never comes. */
	*out_end = d->out_off == d->out_len;
	return n;
}

static void dbl_clear(void *self)
{
	struct instr_double *d = self;

	d->in_len = 0;
	free(d->out);
	d->out = NULL;
	d->out_len = d->out_off = 0;
}

static uint8_t dbl_stb(void *self)
{
	return stb_of(self);
}

struct instr_double *instr_double_new(const char *serial)
{
	struct instr_double *d = calloc(1, sizeof(*d));

	snprintf(d->serial, sizeof(d->serial), "%s", serial);
	d->iface.self = d;
	d->iface.write = dbl_write;
	d->iface.read = dbl_read;
	d->iface.clear = dbl_clear;
	d->iface.stb = dbl_stb;
	return d;
}

void instr_double_free(struct instr_double *d)
{
	if (!d)
		return;
	free(d->out);
	free(d);
}

struct emu_instrument *instr_double_iface(struct instr_double *d)
{
	return &d->iface;
}
