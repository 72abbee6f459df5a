/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The message interface of a simulated instrument: program messages in,
 * response bytes out, device clear and the status byte, as a USBTMC or
 * socket instrument presents them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vbench_int.h"
#include "wbg/error.h"

static const struct wbgi_vmodel *const models[] = {
	&wbgi_vmodel_2450,
	&wbgi_vmodel_2460,
	&wbgi_vmodel_2470,
	&wbgi_vmodel_b2901a,
	&wbgi_vmodel_b2902a,
	&wbgi_vmodel_e4980a,
	&wbgi_vmodel_336,
};

const struct wbgi_vmodel *wbgi_vmodel_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (strcasecmp(models[i]->name, name) == 0)
			return models[i];
	return NULL;
}

int wbgi_vinstr_new(wbg_vinstr **out, wbg_vbench *b, const char *name,
                    const struct wbgi_vmodel *m, const int term[2])
{
	wbg_vinstr *vi = calloc(1, sizeof(*vi));

	if (!vi)
		return WBG_ERR_NOMEM;
	vi->st = calloc(1, m->state_size ? m->state_size : 1);
	vi->in = malloc(WBGI_IN_MAX);
	if (!vi->st || !vi->in) {
		free(vi->st);
		free(vi->in);
		free(vi);
		return WBG_ERR_NOMEM;
	}
	vi->bench = b;
	vi->model = m;
	snprintf(vi->name, sizeof(vi->name), "%s", name);
	vi->term[0] = term[0];
	vi->term[1] = term[1];
	vi->esr = 1u << 7; /* PON */
	m->reset(vi);
	*out = vi;
	return WBG_OK;
}

void wbgi_vinstr_free(wbg_vinstr *vi)
{
	if (!vi)
		return;
	free(vi->st);
	free(vi->in);
	free(vi->out);
	free(vi);
}

int wbg_vinstr_write(wbg_vinstr *vi, const uint8_t *data, size_t len, bool end)
{
	int rc = WBG_OK;

	if (!vi || (!data && len))
		return WBG_ERR_INVALID_ARG;
	if (!vi->in_overflow) {
		if (len > WBGI_IN_MAX - vi->in_len) {
			vi->in_overflow = true;
		} else {
			memcpy(vi->in + vi->in_len, data, len);
			vi->in_len += len;
		}
	}
	if (!end)
		return WBG_OK;
	/* A host command sees the bench after every instrument's parallel work. */
	wbgi_bench_catch_up(vi->bench);
	if (vi->in_overflow) {
		wbgi_scpi_error(vi, -363);
		rc = WBG_ERR_OVERFLOW;
	} else {
		wbgi_scpi_execute(vi, (const char *)vi->in, vi->in_len);
	}
	vi->in_len = 0;
	vi->in_overflow = false;
	return rc;
}

int wbg_vinstr_read(wbg_vinstr *vi, uint8_t *buf, size_t cap, size_t *out_len, bool *out_end)
{
	size_t n;

	if (out_len)
		*out_len = 0;
	if (out_end)
		*out_end = false;
	if (!vi || !buf || !out_len || !out_end)
		return WBG_ERR_INVALID_ARG;
	if (vi->out_pos >= vi->out_len) {
		/* Asked to talk with nothing to say (IEEE 488.2, 6.3.2.2). */
		wbgi_scpi_error(vi, -420);
		return WBG_ERR_TIMEOUT;
	}
	n = vi->out_len - vi->out_pos;
	if (n > cap)
		n = cap;
	memcpy(buf, vi->out + vi->out_pos, n);
	vi->out_pos += n;
	*out_len = n;
	*out_end = vi->out_pos == vi->out_len;
	if (*out_end) {
		vi->out_pos = vi->out_len = 0;
		vi->out_pending = false;
	}
	return WBG_OK;
}

size_t wbg_vinstr_pending(const wbg_vinstr *vi)
{
	return vi && vi->out_pos < vi->out_len ? vi->out_len - vi->out_pos : 0;
}

void wbg_vinstr_clear(wbg_vinstr *vi)
{
	if (!vi)
		return;
	vi->in_len = 0;
	vi->in_overflow = false;
	vi->out_len = vi->out_pos = 0;
	vi->out_pending = false;
}

uint8_t wbg_vinstr_stb(wbg_vinstr *vi)
{
	uint8_t stb = 0;

	if (!vi)
		return 0;
	if (vi->nerr > 0)
		stb |= 1u << 2; /* EAV */
	if (vi->out_pos < vi->out_len)
		stb |= 1u << 4; /* MAV */
	if (vi->esr & vi->ese)
		stb |= 1u << 5; /* ESB */
	if (stb & vi->sre & 0xBF)
		stb |= 1u << 6; /* MSS */
	return stb;
}

const char *wbg_vinstr_model(const wbg_vinstr *vi)
{
	return vi ? vi->model->name : "";
}

wbg_vbench *wbg_vinstr_bench(const wbg_vinstr *vi)
{
	return vi ? vi->bench : NULL;
}

int wbg_vinstr_query(wbg_vinstr *vi, const char *cmd, char *resp, size_t resp_cap)
{
	size_t len = 0, n;
	bool end = false;
	int rc;

	if (!vi || !cmd || (!resp && resp_cap))
		return WBG_ERR_INVALID_ARG;
	rc = wbg_vinstr_write(vi, (const uint8_t *)cmd, strlen(cmd), true);
	if (rc != WBG_OK || !strchr(cmd, '?'))
		return rc;
	if (!resp) {
		/* Response not wanted: drop it (without a -420 if there is none). */
		wbg_vinstr_clear(vi);
		return WBG_OK;
	}
	if (resp_cap == 0)
		return WBG_ERR_OVERFLOW;
	while (!end) {
		if (len + 1 >= resp_cap) {
			wbg_vinstr_clear(vi);
			return WBG_ERR_OVERFLOW;
		}
		rc = wbg_vinstr_read(vi, (uint8_t *)resp + len, resp_cap - 1 - len, &n, &end);
		if (rc != WBG_OK)
			return rc;
		len += n;
	}
	if (len > 0 && resp[len - 1] == '\n')
		len--;
	if (len > 0 && resp[len - 1] == '\r')
		len--;
	resp[len] = '\0';
	return WBG_OK;
}
