/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SCPI engine of the simulated instruments: splits a program message
 * into commands (';'), resolves compound headers against the current path
 * (SCPI-99 vol. 1, 6.2.4), matches short/long forms with optional nodes and
 * numeric suffixes, parses parameters, and keeps the IEEE 488.2 error queue,
 * event status register and output queue. The instruments (k24xx.c,
 * b29xx.c, e4980a.c, ls336.c) supply command tables.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbench_int.h"

/* Standard messages: SCPI-99 vol. 2, 21.8 (command, execution, device and
 * query errors). */
const char *wbgi_scpi_errmsg(int code)
{
	switch (code) {
	case 0: return "No error";
	case -100: return "Command error";
	case -101: return "Invalid character";
	case -102: return "Syntax error";
	case -103: return "Invalid separator";
	case -104: return "Data type error";
	case -108: return "Parameter not allowed";
	case -109: return "Missing parameter";
	case -113: return "Undefined header";
	case -114: return "Header suffix out of range";
	case -120: return "Numeric data error";
	case -151: return "Invalid string data";
	case -200: return "Execution error";
	case -221: return "Settings conflict";
	case -222: return "Data out of range";
	case -223: return "Too much data";
	case -224: return "Illegal parameter value";
	case -230: return "Data corrupt or stale";
	case -350: return "Queue overflow";
	case -363: return "Input buffer overrun";
	case -410: return "Query INTERRUPTED";
	case -420: return "Query UNTERMINATED";
	default: return "Error";
	}
}

void wbgi_scpi_error(wbg_vinstr *vi, int code)
{
	/* Event status bits (IEEE 488.2, 11.5.1): QYE 2, DDE 3, EXE 4, CME 5. */
	if (code <= -100 && code > -200)
		vi->esr |= 1u << 5;
	else if (code <= -200 && code > -300)
		vi->esr |= 1u << 4;
	else if (code <= -400 && code > -500)
		vi->esr |= 1u << 2;
	else
		vi->esr |= 1u << 3;
	if (vi->model->no_error_queue)
		return;
	if (vi->nerr < WBGI_ERRQ_MAX) {
		vi->errq[vi->nerr++] = code;
	} else {
		/* A full queue keeps its oldest entries; the last becomes -350. */
		vi->errq[WBGI_ERRQ_MAX - 1] = -350;
	}
}

static int errq_pop(wbg_vinstr *vi)
{
	int code;

	if (vi->nerr == 0)
		return 0;
	code = vi->errq[0];
	memmove(vi->errq, vi->errq + 1, (vi->nerr - 1) * sizeof(vi->errq[0]));
	vi->nerr--;
	return code;
}

/* ---- output queue ---- */

static bool out_reserve(wbg_vinstr *vi, size_t more)
{
	size_t need = vi->out_len + more, cap;
	uint8_t *p;

	if (need <= vi->out_cap)
		return true;
	if (need > WBGI_OUT_MAX)
		return false;
	cap = vi->out_cap ? vi->out_cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > WBGI_OUT_MAX)
		cap = WBGI_OUT_MAX;
	p = realloc(vi->out, cap);
	if (!p)
		return false;
	vi->out = p;
	vi->out_cap = cap;
	return true;
}

void wbgi_scpi_raw(struct wbgi_scpi_call *c, const void *data, size_t len)
{
	wbg_vinstr *vi = c->vi;

	if (!out_reserve(vi, len)) {
		wbgi_scpi_error(vi, -223);
		return;
	}
	memcpy(vi->out + vi->out_len, data, len);
	vi->out_len += len;
}

void wbgi_scpi_flag2(struct wbgi_scpi_call *c, const char *const *words, const char *short0,
                     const char *short1, bool *flag)
{
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", *flag ? short1 : short0);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, words, &m))
		*flag = m == 1;
}

void wbgi_scpi_bord(struct wbgi_scpi_call *c, bool *swapped)
{
	static const char *const w[] = {"NORMal", "SWAPped", NULL};

	wbgi_scpi_flag2(c, w, "NORM", "SWAP", swapped);
}

void wbgi_scpi_real(struct wbgi_scpi_call *c, double v, bool real64, bool swapped)
{
	uint8_t raw[8], out[8];
	uint16_t probe = 1;
	uint8_t lsb_first;
	size_t j, sz = real64 ? 8 : 4;

	if (real64) {
		memcpy(raw, &v, 8);
	} else {
		float f = (float)v;
		memcpy(raw, &f, 4);
	}
	/* NORMal is big-endian (most significant byte first). */
	memcpy(&lsb_first, &probe, 1); /* 1 on a little-endian host */
	for (j = 0; j < sz; j++)
		out[j] = ((lsb_first == 1) != swapped) ? raw[sz - 1 - j] : raw[j];
	wbgi_scpi_raw(c, out, sz);
}

void wbgi_scpi_begin(struct wbgi_scpi_call *c)
{
	if (c->vi->out_pending)
		wbgi_scpi_raw(c, ";", 1);
	c->vi->out_pending = true;
}

void wbgi_scpi_printf(struct wbgi_scpi_call *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	wbgi_scpi_raw(c, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void wbgi_fmt_num(char *buf, size_t cap, double v)
{
	if (!isfinite(v))
		v = 9.91e37; /* SCPI-99 NaN */
	snprintf(buf, cap, "%+.6E", v);
}

/* ---- header matching ---- */

struct node {
	const char *text;
	size_t len;
	bool optional;
	bool suffix;
};

#define MAX_NODES 12

static size_t parse_pattern(const char *p, struct node *n)
{
	size_t nn = 0;

	while (*p && nn < MAX_NODES) {
		bool opt = false;
		if (*p == '[') {
			opt = true;
			p++;
		}
		if (*p == ':')
			p++;
		n[nn].text = p;
		while (*p && *p != ']' && *p != ':' && *p != '[' && *p != '#')
			p++;
		n[nn].len = (size_t)(p - n[nn].text);
		n[nn].suffix = *p == '#';
		if (*p == '#')
			p++;
		if (*p == ']')
			p++;
		n[nn].optional = opt;
		nn++;
	}
	return nn;
}

static bool word_match(const char *tok, size_t tlen, const char *node, size_t nlen)
{
	size_t slen = 0, i;

	while (slen < nlen && !islower((unsigned char)node[slen]))
		slen++;
	if (tlen != slen && tlen != nlen)
		return false;
	for (i = 0; i < tlen; i++)
		if (toupper((unsigned char)tok[i]) != toupper((unsigned char)node[i]))
			return false;
	return true;
}

bool wbgi_scpi_word(const char *token, size_t len, const char *node)
{
	return word_match(token, len, node, strlen(node));
}

static bool node_match(const struct node *n, const char *tok, size_t tlen, int *out_suffix)
{
	size_t d = tlen;

	*out_suffix = 1;
	if (n->suffix) {
		while (d > 0 && isdigit((unsigned char)tok[d - 1]))
			d--;
		if (d > 0 && d < tlen) {
			if (tlen - d > 3)
				return false;
			*out_suffix = atoi(tok + d);
			tlen = d;
		}
	}
	return word_match(tok, tlen, n->text, n->len);
}

struct toks {
	const char *t[MAX_NODES];
	size_t len[MAX_NODES];
	size_t n;
};

static bool match(const struct node *n, size_t nn, size_t pi, const struct toks *tk, size_t ti,
                  struct wbgi_scpi_call *c)
{
	size_t saved = c->nsuffix;
	int sv;

	if (pi == nn)
		return ti == tk->n;
	if (ti < tk->n && node_match(&n[pi], tk->t[ti], tk->len[ti], &sv)) {
		if (n[pi].suffix && c->nsuffix < WBGI_SCPI_MAX_SUFFIX)
			c->suffix[c->nsuffix++] = sv;
		if (match(n, nn, pi + 1, tk, ti + 1, c))
			return true;
		c->nsuffix = saved;
	}
	if (n[pi].optional) {
		if (n[pi].suffix && c->nsuffix < WBGI_SCPI_MAX_SUFFIX)
			c->suffix[c->nsuffix++] = 1;
		if (match(n, nn, pi + 1, tk, ti, c))
			return true;
		c->nsuffix = saved;
	}
	return false;
}

/* ---- commands every simulated instrument has ---- */

static void put_int(struct wbgi_scpi_call *c, int v)
{
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%d", v);
}

static void c_idn(struct wbgi_scpi_call *c)
{
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%s", c->vi->model->idn);
}

static void c_rst(struct wbgi_scpi_call *c)
{
	c->vi->model->reset(c->vi);
}

static void c_cls(struct wbgi_scpi_call *c)
{
	c->vi->nerr = 0;
	c->vi->esr = 0;
}

static void c_esr(struct wbgi_scpi_call *c)
{
	put_int(c, c->vi->esr);
	c->vi->esr = 0;
}

static void reg8(struct wbgi_scpi_call *c, uint8_t *reg)
{
	double v;

	if (c->query) {
		put_int(c, *reg);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, 0, 255, 0, &v))
		*reg = (uint8_t)lround(v);
}

static void c_ese(struct wbgi_scpi_call *c)
{
	reg8(c, &c->vi->ese);
}

static void c_sre(struct wbgi_scpi_call *c)
{
	reg8(c, &c->vi->sre);
}

static void c_stb(struct wbgi_scpi_call *c)
{
	put_int(c, wbg_vinstr_stb(c->vi));
}

static void c_opc(struct wbgi_scpi_call *c)
{
	/* Every operation completes before the next command is parsed. */
	if (c->query)
		put_int(c, 1);
	else
		c->vi->esr |= 1u;
}

static void c_nop(struct wbgi_scpi_call *c)
{
	(void)c;
}

static void c_tst(struct wbgi_scpi_call *c)
{
	put_int(c, 0);
}

static void c_err(struct wbgi_scpi_call *c)
{
	int code = errq_pop(c->vi);

	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, c->vi->model->err_signed ? "%+d,\"%s\"" : "%d,\"%s\"", code,
	                 wbgi_scpi_errmsg(code));
}

static void c_err_all(struct wbgi_scpi_call *c)
{
	int code;
	bool first = true;

	wbgi_scpi_begin(c);
	do {
		code = errq_pop(c->vi);
		wbgi_scpi_printf(c, c->vi->model->err_signed ? "%s%+d,\"%s\"" : "%s%d,\"%s\"",
		                 first ? "" : ",", code, wbgi_scpi_errmsg(code));
		first = false;
	} while (code != 0);
}

static void c_err_count(struct wbgi_scpi_call *c)
{
	put_int(c, (int)c->vi->nerr);
}

static void c_err_clear(struct wbgi_scpi_call *c)
{
	c->vi->nerr = 0;
}

static const struct wbgi_scpi_cmd common_cmds[] = {
	{"*IDN", WBGI_QRY, c_idn},
	{"*RST", WBGI_SET, c_rst},
	{"*CLS", WBGI_SET, c_cls},
	{"*ESR", WBGI_QRY, c_esr},
	{"*ESE", WBGI_SET | WBGI_QRY, c_ese},
	{"*SRE", WBGI_SET | WBGI_QRY, c_sre},
	{"*STB", WBGI_QRY, c_stb},
	{"*OPC", WBGI_SET | WBGI_QRY, c_opc},
	{"*WAI", WBGI_SET, c_nop},
	{"*TST", WBGI_QRY, c_tst},
	{NULL, 0, NULL},
};

static const struct wbgi_scpi_cmd system_cmds[] = {
	{":SYSTem:ERRor[:NEXT]", WBGI_QRY, c_err},
	{":SYSTem:ERRor:ALL", WBGI_QRY, c_err_all},
	{":SYSTem:ERRor:COUNt", WBGI_QRY, c_err_count},
	{":SYSTem:CLEar", WBGI_SET, c_err_clear},
	{NULL, 0, NULL},
};

static const struct wbgi_scpi_cmd *find_cmd(const struct wbgi_scpi_cmd *tab, const struct toks *tk,
                                            struct wbgi_scpi_call *c)
{
	struct node n[MAX_NODES];
	size_t i, nn;

	for (i = 0; tab[i].pattern; i++) {
		nn = parse_pattern(tab[i].pattern, n);
		c->nsuffix = 0;
		if (match(n, nn, 0, tk, 0, c))
			return &tab[i];
	}
	return NULL;
}

/* ---- parameters ---- */

static bool split_params(struct wbgi_scpi_call *c, char *s)
{
	char *start = s;
	char q = 0;
	int paren = 0;

	c->nparam = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return true;
	start = s;
	for (;; s++) {
		if (q) {
			if (*s == '\0') {
				wbgi_scpi_error(c->vi, -151);
				return false;
			}
			if (*s == q)
				q = 0;
			continue;
		}
		if (*s == '"' || *s == '\'') {
			q = *s;
			continue;
		}
		if (*s == '(')
			paren++;
		else if (*s == ')')
			paren--;
		if (*s == '\0' || (*s == ',' && paren <= 0)) {
			char *e = s, end = *s;
			while (e > start && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			*e = '\0';
			while (*start == ' ' || *start == '\t')
				start++;
			if (*start == '\0') {
				wbgi_scpi_error(c->vi, -102);
				return false;
			}
			if (c->nparam == WBGI_SCPI_MAX_PARAMS) {
				wbgi_scpi_error(c->vi, -108);
				return false;
			}
			c->param[c->nparam++] = start;
			if (end == '\0')
				return true;
			start = s + 1;
		}
	}
}

bool wbgi_scpi_nparams(struct wbgi_scpi_call *c, size_t min, size_t max)
{
	if (c->nparam < min) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	if (c->nparam > max) {
		wbgi_scpi_error(c->vi, -108);
		return false;
	}
	return true;
}

bool wbgi_scpi_num(struct wbgi_scpi_call *c, size_t i, double lo, double hi, double def,
                   double *out)
{
	const char *p;
	char *end;
	double v;

	if (i >= c->nparam) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	p = c->param[i];
	if (wbgi_scpi_word(p, strlen(p), "MINimum")) {
		*out = lo;
		return true;
	}
	if (wbgi_scpi_word(p, strlen(p), "MAXimum")) {
		*out = hi;
		return true;
	}
	if (wbgi_scpi_word(p, strlen(p), "DEFault")) {
		*out = def;
		return true;
	}
	if (!(isdigit((unsigned char)p[0]) || p[0] == '+' || p[0] == '-' || p[0] == '.')) {
		wbgi_scpi_error(c->vi, -104);
		return false;
	}
	errno = 0;
	v = strtod(p, &end);
	if (end == p || *end != '\0' || errno == ERANGE || !isfinite(v)) {
		wbgi_scpi_error(c->vi, end != p && *end != '\0' ? -104 : -120);
		return false;
	}
	if (v < lo || v > hi) {
		wbgi_scpi_error(c->vi, -222);
		return false;
	}
	*out = v;
	return true;
}

bool wbgi_scpi_bool(struct wbgi_scpi_call *c, size_t i, bool *out)
{
	const char *p;

	if (i >= c->nparam) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	p = c->param[i];
	if (wbgi_scpi_word(p, strlen(p), "ON") || strcmp(p, "1") == 0) {
		*out = true;
		return true;
	}
	if (wbgi_scpi_word(p, strlen(p), "OFF") || strcmp(p, "0") == 0) {
		*out = false;
		return true;
	}
	wbgi_scpi_error(c->vi, -224);
	return false;
}

bool wbgi_scpi_choice(struct wbgi_scpi_call *c, size_t i, const char *const *choices, int *out)
{
	const char *p;
	size_t k, len;

	if (i >= c->nparam) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	p = c->param[i];
	len = strlen(p);
	/* Keithley takes some character data also quoted: "CURR". */
	if (len >= 2 && (p[0] == '"' || p[0] == '\'') && p[len - 1] == p[0]) {
		p++;
		len -= 2;
	}
	for (k = 0; choices[k]; k++) {
		if (wbgi_scpi_word(p, len, choices[k])) {
			*out = (int)k;
			return true;
		}
	}
	wbgi_scpi_error(c->vi, -224);
	return false;
}

bool wbgi_scpi_string(struct wbgi_scpi_call *c, size_t i, char **out)
{
	char *p;
	size_t len;

	if (i >= c->nparam) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	p = c->param[i];
	len = strlen(p);
	if (len < 2 || (p[0] != '"' && p[0] != '\'') || p[len - 1] != p[0]) {
		wbgi_scpi_error(c->vi, -104);
		return false;
	}
	p[len - 1] = '\0';
	*out = p + 1;
	return true;
}

bool wbgi_scpi_chanlist(struct wbgi_scpi_call *c, size_t i, int nchan, unsigned *out_mask)
{
	const char *p;
	unsigned mask = 0;
	long a, b;
	char *end;

	if (i >= c->nparam) {
		wbgi_scpi_error(c->vi, -109);
		return false;
	}
	p = c->param[i];
	if (strncmp(p, "(@", 2) != 0) {
		wbgi_scpi_error(c->vi, -104);
		return false;
	}
	p += 2;
	for (;;) {
		a = strtol(p, &end, 10);
		if (end == p)
			goto bad;
		b = a;
		p = end;
		if (*p == ':') {
			p++;
			b = strtol(p, &end, 10);
			if (end == p)
				goto bad;
			p = end;
		}
		if (a < 1 || b > nchan || a > b) {
			wbgi_scpi_error(c->vi, -222);
			return false;
		}
		for (; a <= b; a++)
			mask |= 1u << (a - 1);
		if (*p == ',') {
			p++;
			continue;
		}
		if (p[0] == ')' && p[1] == '\0')
			break;
		goto bad;
	}
	*out_mask = mask;
	return true;
bad:
	wbgi_scpi_error(c->vi, -102);
	return false;
}

/* ---- message execution ---- */

static void execute_unit(wbg_vinstr *vi, char *unit)
{
	struct wbgi_scpi_call c;
	char full[256], *hdr, *p, *args;
	const struct wbgi_scpi_cmd *cmd;
	struct toks tk;
	size_t hlen, i;

	memset(&c, 0, sizeof(c));
	c.vi = vi;
	while (*unit == ' ' || *unit == '\t')
		unit++;
	if (*unit == '\0')
		return;
	hdr = unit;
	for (p = hdr; *p && *p != ' ' && *p != '\t'; p++) {
		if (!isalnum((unsigned char)*p) && *p != ':' && *p != '*' && *p != '?' && *p != '_') {
			wbgi_scpi_error(vi, -102);
			return;
		}
	}
	hlen = (size_t)(p - hdr);
	if (*p)
		*p++ = '\0';
	args = p;
	if (hlen > 0 && hdr[hlen - 1] == '?') {
		c.query = true;
		hdr[--hlen] = '\0';
	}
	if (hlen == 0 || strchr(hdr, '?')) {
		wbgi_scpi_error(vi, -102);
		return;
	}
	if (hdr[0] == '*') {
		if (strchr(hdr, ':')) {
			wbgi_scpi_error(vi, -102);
			return;
		}
		tk.n = 1;
		tk.t[0] = hdr;
		tk.len[0] = hlen;
		cmd = find_cmd(vi->model->cmds, &tk, &c);
		if (!cmd)
			cmd = find_cmd(common_cmds, &tk, &c);
	} else {
		/* Compound header: relative to the path of the previous command. */
		if (hdr[0] == ':')
			snprintf(full, sizeof(full), "%s", hdr + 1);
		else if (vi->path[0])
			snprintf(full, sizeof(full), "%s:%s", vi->path, hdr);
		else
			snprintf(full, sizeof(full), "%s", hdr);
		tk.n = 0;
		for (p = full;;) {
			char *colon = strchr(p, ':');
			size_t len = colon ? (size_t)(colon - p) : strlen(p);
			if (len == 0 || tk.n == MAX_NODES) {
				wbgi_scpi_error(vi, -102);
				return;
			}
			tk.t[tk.n] = p;
			tk.len[tk.n++] = len;
			if (!colon)
				break;
			p = colon + 1;
		}
		/* The path for the next command: all but the last node. */
		{
			const char *last = tk.t[tk.n - 1];
			size_t plen = (size_t)(last - full);
			if (plen > 0)
				plen--;
			if (plen >= sizeof(vi->path))
				plen = 0;
			memcpy(vi->path, full, plen);
			vi->path[plen] = '\0';
		}
		cmd = find_cmd(vi->model->cmds, &tk, &c);
		if (!cmd && !vi->model->no_error_queue)
			cmd = find_cmd(system_cmds, &tk, &c);
	}
	if (!cmd || !(cmd->forms & (c.query ? WBGI_QRY : WBGI_SET))) {
		wbgi_scpi_error(vi, -113);
		return;
	}
	if (!split_params(&c, args))
		return;
	if (vi->model->suffix_ok) {
		if (!vi->model->suffix_ok(&c, cmd)) {
			wbgi_scpi_error(vi, -114);
			return;
		}
	} else {
		for (i = 0; i < c.nsuffix; i++) {
			if (c.suffix[i] < 1 ||
			    (vi->model->max_suffix && c.suffix[i] > vi->model->max_suffix)) {
				wbgi_scpi_error(vi, -114);
				return;
			}
		}
	}
	if (hdr[0] == '*' && c.nparam > 0 && !(cmd->fn == c_ese || cmd->fn == c_sre)) {
		wbgi_scpi_error(vi, -108);
		return;
	}
	cmd->fn(&c);
}

void wbgi_scpi_execute(wbg_vinstr *vi, const char *msg, size_t len)
{
	char *buf, *s, *start;
	char q = 0;
	int paren = 0;
	struct wbgi_scpi_call c;

	/* A new message while a response is unread: IEEE 488.2, 6.3.2.3. */
	if (vi->out_pos < vi->out_len)
		wbgi_scpi_error(vi, -410);
	vi->out_len = 0;
	vi->out_pos = 0;
	vi->out_pending = false;
	vi->path[0] = '\0';
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r' || msg[len - 1] == ' ' ||
	                   msg[len - 1] == '\t'))
		len--;
	if (memchr(msg, '\0', len)) {
		wbgi_scpi_error(vi, -101);
		return;
	}
	buf = malloc(len + 1);
	if (!buf) {
		wbgi_scpi_error(vi, -200);
		return;
	}
	memcpy(buf, msg, len);
	buf[len] = '\0';
	for (s = start = buf;; s++) {
		if (q) {
			if (*s == q)
				q = 0;
			else if (*s == '\0')
				break;
			continue;
		}
		if (*s == '"' || *s == '\'')
			q = *s;
		else if (*s == '(')
			paren++;
		else if (*s == ')')
			paren--;
		if (*s == '\0' || (*s == ';' && paren <= 0)) {
			char end = *s;
			*s = '\0';
			execute_unit(vi, start);
			if (end == '\0')
				break;
			start = s + 1;
		}
	}
	if (q) /* unterminated string in the last unit */
		execute_unit(vi, start);
	free(buf);
	if (vi->out_pending) {
		memset(&c, 0, sizeof(c));
		c.vi = vi;
		if (vi->model->crlf)
			wbgi_scpi_raw(&c, "\r\n", 2);
		else
			wbgi_scpi_raw(&c, "\n", 1);
	}
}
