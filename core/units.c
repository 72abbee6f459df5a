/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Units as people write them on a bench, converted to and from SI.
 *
 * A small table rather than udunits2: our set of units is closed and small,
 * udunits2 keeps a process-global error handler (we keep no global state),
 * loads a 100 kB XML database from an install path at run time, and does not
 * do the engineering-prefix formatting reports need. Definitions follow the
 * SI Brochure, 9th edition (BIPM 2019, with the 2022 prefixes ronna/quetta,
 * ronto/quecto): prefixes are exact powers of ten; the electronvolt is
 * exactly 1.602176634e-19 J; 0 °C is exactly 273.15 K. The year is the Julian
 * year (365.25 d = 31 557 600 s) used for lifetime targets.
 *
 * Scales are kept as mantissa * 10^exp10 so that "5 mA" -> "µA" multiplies
 * by exactly 1000 instead of by a rounded 1e-3 / 1e-6.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/error.h"
#include "wbg/units.h"

#define MAX_PAREN_DEPTH 4
#define MAX_FACTOR_EXP 9
#define MAX_DIM_EXP 24

enum { U_PREFIX = 1u << 0, U_CELSIUS = 1u << 1 };

struct unit_def {
	const char *sym;
	double mant;
	int exp10;
	signed char dim[WBG_DIM_COUNT]; /* m kg s A K mol cd */
	unsigned flags;
};

/* Every symbol the parser knows. Aliases are separate rows. */
static const struct unit_def units[] = {
	{"m", 1, 0, {1, 0, 0, 0, 0, 0, 0}, U_PREFIX},
	{"g", 1, -3, {0, 1, 0, 0, 0, 0, 0}, U_PREFIX},
	{"s", 1, 0, {0, 0, 1, 0, 0, 0, 0}, U_PREFIX},
	{"A", 1, 0, {0, 0, 0, 1, 0, 0, 0}, U_PREFIX},
	{"K", 1, 0, {0, 0, 0, 0, 1, 0, 0}, U_PREFIX},
	{"mol", 1, 0, {0, 0, 0, 0, 0, 1, 0}, U_PREFIX},
	{"cd", 1, 0, {0, 0, 0, 0, 0, 0, 1}, U_PREFIX},
	{"Hz", 1, 0, {0, 0, -1, 0, 0, 0, 0}, U_PREFIX},
	{"N", 1, 0, {1, 1, -2, 0, 0, 0, 0}, U_PREFIX},
	{"Pa", 1, 0, {-1, 1, -2, 0, 0, 0, 0}, U_PREFIX},
	{"J", 1, 0, {2, 1, -2, 0, 0, 0, 0}, U_PREFIX},
	{"W", 1, 0, {2, 1, -3, 0, 0, 0, 0}, U_PREFIX},
	{"C", 1, 0, {0, 0, 1, 1, 0, 0, 0}, U_PREFIX},
	{"V", 1, 0, {2, 1, -3, -1, 0, 0, 0}, U_PREFIX},
	{"F", 1, 0, {-2, -1, 4, 2, 0, 0, 0}, U_PREFIX},
	{"\xCE\xA9", 1, 0, {2, 1, -3, -2, 0, 0, 0}, U_PREFIX},     /* Ω U+03A9 */
	{"\xE2\x84\xA6", 1, 0, {2, 1, -3, -2, 0, 0, 0}, U_PREFIX}, /* Ω U+2126 */
	{"ohm", 1, 0, {2, 1, -3, -2, 0, 0, 0}, U_PREFIX},
	{"Ohm", 1, 0, {2, 1, -3, -2, 0, 0, 0}, U_PREFIX},
	{"S", 1, 0, {-2, -1, 3, 2, 0, 0, 0}, U_PREFIX},
	{"Wb", 1, 0, {2, 1, -2, -1, 0, 0, 0}, U_PREFIX},
	{"T", 1, 0, {0, 1, -2, -1, 0, 0, 0}, U_PREFIX},
	{"H", 1, 0, {2, 1, -2, -2, 0, 0, 0}, U_PREFIX},
	{"eV", 1.602176634e-19, 0, {2, 1, -2, 0, 0, 0, 0}, U_PREFIX},
	{"min", 60, 0, {0, 0, 1, 0, 0, 0, 0}, 0},
	{"h", 3600, 0, {0, 0, 1, 0, 0, 0, 0}, 0},
	{"d", 86400, 0, {0, 0, 1, 0, 0, 0, 0}, 0},
	{"y", 31557600, 0, {0, 0, 1, 0, 0, 0, 0}, 0},
	{"yr", 31557600, 0, {0, 0, 1, 0, 0, 0, 0}, 0},
	{"%", 1, -2, {0, 0, 0, 0, 0, 0, 0}, 0},
	{"ppm", 1, -6, {0, 0, 0, 0, 0, 0, 0}, 0},
	{"dec", 1, 0, {0, 0, 0, 0, 0, 0, 0}, 0},
	{"\xC2\xB0" "C", 1, 0, {0, 0, 0, 0, 1, 0, 0}, U_CELSIUS}, /* °C */
	{"\xE2\x84\x83", 1, 0, {0, 0, 0, 0, 1, 0, 0}, U_CELSIUS}, /* ℃ U+2103 */
	{"degC", 1, 0, {0, 0, 0, 0, 1, 0, 0}, U_CELSIUS},
};

#define CELSIUS_OFFSET_K 273.15

struct prefix_def {
	const char *sym;
	int exp10;
};

/* Longest first where one is the start of another ("da" before "d"). */
static const struct prefix_def prefixes[] = {
	{"da", 1},  {"Q", 30},  {"R", 27},  {"Y", 24},  {"Z", 21},  {"E", 18},
	{"P", 15},  {"T", 12},  {"G", 9},   {"M", 6},   {"k", 3},   {"h", 2},
	{"d", -1},  {"c", -2},  {"m", -3},  {"\xC2\xB5", -6}, /* µ U+00B5 */
	{"\xCE\xBC", -6}, /* μ U+03BC */
	{"u", -6},  {"n", -9},  {"p", -12}, {"f", -15}, {"a", -18}, {"z", -21},
	{"y", -24}, {"r", -27}, {"q", -30},
};

/* Engineering prefixes used when formatting, indexed by exp10/3 + 10. */
static const char *const eng_utf8[] = {"q", "r", "y", "z", "a", "f", "p", "n", "\xC2\xB5", "m", "",
                                        "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q"};
static const char *const eng_ascii[] = {"q", "r", "y", "z", "a", "f", "p", "n", "u", "m", "",
                                         "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q"};

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* UTF-8                                                                     */

/* Decode one code point at s. Returns its byte length (>= 1), or 0 for an
 * invalid or truncated sequence. Overlong forms and surrogates are invalid. */
static size_t u8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static int is_separator(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '*' || cp == '.' || cp == 0x00B7 || cp == 0x22C5;
}

/* Superscript digit value, 10 for superscript minus, 11 for plus, -1 otherwise. */
static int superscript(uint32_t cp)
{
	switch (cp) {
	case 0x2070:
		return 0;
	case 0x00B9:
		return 1;
	case 0x00B2:
		return 2;
	case 0x00B3:
		return 3;
	case 0x207B:
		return 10;
	case 0x207A:
		return 11;
	default:
		if (cp >= 0x2074 && cp <= 0x2079)
			return (int)(cp - 0x2070);
		return -1;
	}
}

static int is_atom_char(uint32_t cp)
{
	if (cp < 0x80)
		return isalpha((int)cp) || cp == '%';
	return !is_separator(cp) && superscript(cp) < 0;
}

/* ------------------------------------------------------------------------ */
/* Powers of ten                                                             */

/* x * 10^e with one rounding, so that "12.5 mV" is the double nearest to
 * 0.0125 and "1 yA" the double nearest to 1e-24.
 * - An integer x (below 2^53) with |e| <= 22 needs one exact-operand
 *   multiplication or division: powers of ten up to 1e22 are exact doubles.
 * - Otherwise x is written with 15 significant digits when they round-trip
 *   (DBL_DIG: any decimal of up to 15 digits survives decimal -> double ->
 *   decimal, so these are the digits the user typed), else 17, the exponent
 *   is shifted in the text, and strtod() rounds once. */
static double scale10(double x, int e)
{
	static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	char digits[48], *ep;
	long de;

	if (e == 0 || !isfinite(x) || x == 0)
		return x;
	if (e >= -22 && e <= 22 && fabs(x) < 9007199254740992.0 && x == floor(x))
		return e > 0 ? x * p10[e] : x / p10[-e];
	snprintf(digits, sizeof(digits), "%.14e", x);
	if (strtod(digits, NULL) != x)
		snprintf(digits, sizeof(digits), "%.16e", x);
	ep = strchr(digits, 'e');
	if (!ep)
		return x * pow(10.0, e);
	de = strtol(ep + 1, NULL, 10) + e;
	snprintf(ep, sizeof(digits) - (size_t)(ep - digits), "e%ld", de);
	return strtod(digits, NULL);
}

/* ------------------------------------------------------------------------ */
/* Parser                                                                    */

struct parser {
	const char *text; /* whole input, for messages */
	const unsigned char *p;
	wbg_ctx *ctx;
	int n_factors;       /* top-level factors seen */
	int celsius_factors; /* Celsius atoms seen, anywhere */
	int celsius_plain;   /* the one top-level factor is a Celsius atom with exponent 1 */
};

struct acc {
	double mant;
	int exp10;
	int dim[WBG_DIM_COUNT];
};

static int parse_unit(struct parser *ps, struct acc *out, int depth);

static void skip_spaces(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int perr(struct parser *ps, const char *fmt, ...) WBG_PRINTF(2, 3);

static int perr(struct parser *ps, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return wbg_ctx_error(ps->ctx, WBG_ERR_UNIT, "bad unit '%s': %s", ps->text, what);
}

/* Optional exponent after a factor: "^-2", "⁻²", "-2", "2". *out = 1 when absent. */
static int parse_exponent(struct parser *ps, int *out)
{
	const unsigned char *p = ps->p;
	int sign = 1, val = 0, digits = 0, caret = 0;
	uint32_t cp;
	size_t n;

	if (*p == '^') {
		caret = 1;
		p++;
	}
	n = u8_decode(p, &cp);
	if (n > 1 && superscript(cp) >= 0 && !caret) {
		int v = superscript(cp);
		if (v == 10 || v == 11) {
			sign = v == 10 ? -1 : 1;
			p += n;
			n = u8_decode(p, &cp);
		}
		while (n > 1 && (v = superscript(cp)) >= 0 && v <= 9) {
			val = val * 10 + v;
			digits++;
			p += n;
			n = u8_decode(p, &cp);
			if (digits > 2)
				break;
		}
	} else {
		if (*p == '-' || *p == '+') {
			sign = *p == '-' ? -1 : 1;
			p++;
		}
		while (isdigit(*p)) {
			val = val * 10 + (*p - '0');
			digits++;
			p++;
			if (digits > 2)
				break;
		}
	}
	if (digits == 0) {
		if (caret || p != ps->p)
			return perr(ps, "%s", "an exponent must be an integer, as in cm^-2 or cm⁻²");
		*out = 1;
		return WBG_OK;
	}
	if (val == 0 || val > MAX_FACTOR_EXP)
		return perr(ps, "exponent out of range (use 1..%d)", MAX_FACTOR_EXP);
	ps->p = p;
	*out = sign * val;
	return WBG_OK;
}

static const struct unit_def *find_unit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < N_ELEM(units); i++)
		if (strlen(units[i].sym) == len && memcmp(units[i].sym, s, len) == 0)
			return &units[i];
	return NULL;
}

static int ci_equal(const char *a, size_t alen, const char *b)
{
	size_t i;

	if (strlen(b) != alen)
		return 0;
	for (i = 0; i < alen; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* A hint for a mistyped atom, e.g. "mv" -> "mV". Writes "" when none. */
static void suggest(char *buf, size_t len, const char *s, size_t n)
{
	size_t i, j;

	buf[0] = '\0';
	for (i = 0; i < N_ELEM(units); i++) {
		if (ci_equal(s, n, units[i].sym)) {
			snprintf(buf, len, "; did you mean '%s'?", units[i].sym);
			return;
		}
	}
	for (j = 0; j < N_ELEM(prefixes); j++) {
		size_t pl = strlen(prefixes[j].sym);
		if (pl >= n || memcmp(s, prefixes[j].sym, pl) != 0)
			continue;
		for (i = 0; i < N_ELEM(units); i++) {
			if ((units[i].flags & U_PREFIX) && ci_equal(s + pl, n - pl, units[i].sym)) {
				snprintf(buf, len, "; did you mean '%s%s'?", prefixes[j].sym, units[i].sym);
				return;
			}
		}
	}
}

static int parse_atom(struct parser *ps, struct acc *a, int sign, int top)
{
	const unsigned char *start = ps->p, *p = ps->p;
	const struct unit_def *u = NULL;
	int pexp = 0, e, rc, k;
	size_t n, len, j;
	uint32_t cp;
	char atom[WBG_UNIT_MAX_LEN + 1], hint[64];

	for (;;) {
		n = u8_decode(p, &cp);
		if (n == 0)
			return perr(ps, "invalid UTF-8 at byte %zu", (size_t)(p - (const unsigned char *)ps->text));
		if (cp == 0 || !is_atom_char(cp))
			break;
		p += n;
	}
	len = (size_t)(p - start);
	if (len == 0) {
		if (*p == '\0')
			return perr(ps, "%s", "a unit symbol is missing at the end");
		return perr(ps, "unexpected '%.*s' where a unit symbol should be", (int)n,
		            (const char *)p);
	}
	memcpy(atom, start, len);
	atom[len] = '\0';

	u = find_unit((const char *)start, len);
	if (!u) {
		for (j = 0; j < N_ELEM(prefixes); j++) {
			size_t pl = strlen(prefixes[j].sym);
			const struct unit_def *base;
			if (pl >= len || memcmp(start, prefixes[j].sym, pl) != 0)
				continue;
			base = find_unit((const char *)start + pl, len - pl);
			if (!base)
				continue;
			if (!(base->flags & U_PREFIX))
				return perr(ps, "'%s' takes no prefix (in '%s')", base->sym, atom);
			u = base;
			pexp = prefixes[j].exp10;
			break;
		}
	}
	if (!u) {
		suggest(hint, sizeof(hint), atom, len);
		return perr(ps, "unknown unit symbol '%s'%s", atom, hint);
	}
	ps->p = p;
	rc = parse_exponent(ps, &e);
	if (rc != WBG_OK)
		return rc;
	if (u->flags & U_CELSIUS) {
		ps->celsius_factors++;
		if (top && e == 1 && sign == 1)
			ps->celsius_plain = 1;
	}
	e *= sign;
	for (k = 0; k < e; k++)
		a->mant *= u->mant;
	for (k = 0; k > e; k--)
		a->mant /= u->mant;
	a->exp10 += e * (u->exp10 + pexp);
	for (k = 0; k < WBG_DIM_COUNT; k++)
		a->dim[k] += e * u->dim[k];
	return WBG_OK;
}

static int parse_factor(struct parser *ps, struct acc *a, int sign, int depth, int top)
{
	int rc, e, k;

	if (*ps->p == '(') {
		struct acc inner = {1, 0, {0}};
		if (depth >= MAX_PAREN_DEPTH)
			return perr(ps, "%s", "parentheses nested too deeply");
		ps->p++;
		rc = parse_unit(ps, &inner, depth + 1);
		if (rc != WBG_OK)
			return rc;
		if (*ps->p != ')')
			return perr(ps, "%s", "a ')' is missing");
		ps->p++;
		rc = parse_exponent(ps, &e);
		if (rc != WBG_OK)
			return rc;
		e *= sign;
		for (k = 0; k < e; k++)
			a->mant *= inner.mant;
		for (k = 0; k > e; k--)
			a->mant /= inner.mant;
		a->exp10 += e * inner.exp10;
		for (k = 0; k < WBG_DIM_COUNT; k++)
			a->dim[k] += e * inner.dim[k];
		return WBG_OK;
	}
	if (*ps->p == '1' && !isdigit(ps->p[1]) && ps->p[1] != '^') {
		ps->p++; /* "1/s": the number one as a factor */
		return WBG_OK;
	}
	return parse_atom(ps, a, sign, top);
}

/* unit := product [ "/" product ], stopping at ')' or end. */
static int parse_unit(struct parser *ps, struct acc *a, int depth)
{
	int sign = 1, rc, top = depth == 0;
	uint32_t cp;
	size_t n;

	skip_spaces(ps);
	for (;;) {
		rc = parse_factor(ps, a, sign, depth, top);
		if (rc != WBG_OK)
			return rc;
		if (top)
			ps->n_factors++;
		/* separator, '/', ')' or end; a run of spaces is a separator too */
		{
			const unsigned char *before = ps->p;
			skip_spaces(ps);
			if (*ps->p == '\0' || *ps->p == ')')
				break;
			if (ps->p != before && *ps->p != '/') {
				n = u8_decode(ps->p, &cp);
				if (n > 0 && !is_separator(cp))
					continue;
			}
		}
		if (*ps->p == '/') {
			if (sign < 0)
				return perr(ps, "%s",
				            "more than one '/': write the denominator in parentheses, "
				            "as in W/(m·K)");
			sign = -1;
			ps->p++;
			skip_spaces(ps);
			continue;
		}
		n = u8_decode(ps->p, &cp);
		if (n == 0)
			return perr(ps, "%s", "invalid UTF-8");
		if (is_separator(cp)) {
			ps->p += n;
			skip_spaces(ps);
			continue;
		}
		if (cp == '(' || is_atom_char(cp) || isdigit((int)cp))
			return perr(ps, "%s", "a separator ('·', '*' or a space) is missing between two units");
		return perr(ps, "unexpected '%.*s'", (int)n, (const char *)ps->p);
	}
	return WBG_OK;
}

int wbg_unit_parse(wbg_unit *out, const char *text, wbg_ctx *ctx)
{
	struct parser ps;
	struct acc a = {1, 0, {0}};
	size_t len;
	int rc, k;

	if (!out || !text)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_unit_parse: NULL argument");
	len = strlen(text);
	if (len > WBG_UNIT_MAX_LEN)
		return wbg_ctx_error(ctx, WBG_ERR_UNIT, "bad unit '%.20s...': longer than %d bytes", text,
		                     WBG_UNIT_MAX_LEN);
	memset(&ps, 0, sizeof(ps));
	ps.text = text;
	ps.p = (const unsigned char *)text;
	ps.ctx = ctx;

	skip_spaces(&ps);
	if (*ps.p == '\0') {
		memset(out, 0, sizeof(*out));
		out->scale = 1;
		out->mant = 1;
		return WBG_OK;
	}
	rc = parse_unit(&ps, &a, 0);
	if (rc != WBG_OK)
		return rc;
	if (*ps.p == ')')
		return perr(&ps, "%s", "a ')' without its '('");
	for (k = 0; k < WBG_DIM_COUNT; k++)
		if (a.dim[k] > MAX_DIM_EXP || a.dim[k] < -MAX_DIM_EXP)
			return perr(&ps, "%s", "exponents too large");

	memset(out, 0, sizeof(*out));
	out->mant = a.mant;
	out->exp10 = a.exp10;
	out->scale = scale10(a.mant, a.exp10);
	for (k = 0; k < WBG_DIM_COUNT; k++)
		out->dim[k] = (signed char)a.dim[k];
	if (ps.celsius_plain && ps.n_factors == 1 && ps.celsius_factors == 1)
		out->offset = CELSIUS_OFFSET_K;
	return WBG_OK;
}

bool wbg_unit_same_dim(const wbg_unit *a, const wbg_unit *b)
{
	if (!a || !b)
		return false;
	return memcmp(a->dim, b->dim, sizeof(a->dim)) == 0;
}

static double to_si(const wbg_unit *u, double v)
{
	return scale10(v * u->mant, u->exp10) + u->offset;
}

static double from_si(const wbg_unit *u, double si)
{
	return scale10(si - u->offset, -u->exp10) / u->mant;
}

int wbg_unit_to_si(double *out, double value, const char *unit, wbg_ctx *ctx)
{
	wbg_unit u;
	int rc;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_unit_to_si: NULL argument");
	rc = wbg_unit_parse(&u, unit, ctx);
	if (rc != WBG_OK)
		return rc;
	*out = to_si(&u, value);
	return WBG_OK;
}

int wbg_unit_from_si(double *out, double value_si, const char *unit, wbg_ctx *ctx)
{
	wbg_unit u;
	int rc;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_unit_from_si: NULL argument");
	rc = wbg_unit_parse(&u, unit, ctx);
	if (rc != WBG_OK)
		return rc;
	*out = from_si(&u, value_si);
	return WBG_OK;
}

static int dim_mismatch(wbg_ctx *ctx, const char *what, const char *from, const wbg_unit *uf,
                        const char *to, const wbg_unit *ut)
{
	char df[96], dt[96];

	wbg_unit_dim_format(df, sizeof(df), uf, 0);
	wbg_unit_dim_format(dt, sizeof(dt), ut, 0);
	return wbg_ctx_error(ctx, WBG_ERR_UNIT,
	                     "%s '%s' cannot be expressed in '%s': %s is %s in SI base units, %s is %s",
	                     what, from, to, from, df, to, dt);
}

int wbg_unit_convert(double *out, double value, const char *from, const char *to, wbg_ctx *ctx)
{
	wbg_unit uf, ut;
	int rc;

	if (!out || !from || !to)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_unit_convert: NULL argument");
	rc = wbg_unit_parse(&uf, from, ctx);
	if (rc != WBG_OK)
		return rc;
	rc = wbg_unit_parse(&ut, to, ctx);
	if (rc != WBG_OK)
		return rc;
	if (!wbg_unit_same_dim(&uf, &ut))
		return dim_mismatch(ctx, "unit", from, &uf, to, &ut);
	if (uf.offset == 0 && ut.offset == 0)
		*out = scale10(value * (uf.mant / ut.mant), uf.exp10 - ut.exp10);
	else
		*out = from_si(&ut, to_si(&uf, value));
	return WBG_OK;
}

/* [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits[...]; returns the length, 0 if none. */
static size_t scan_number(const char *s)
{
	size_t i = 0, d = 0;

	if (s[i] == '+' || s[i] == '-')
		i++;
	while (isdigit((unsigned char)s[i])) {
		i++;
		d++;
	}
	if (s[i] == '.') {
		i++;
		while (isdigit((unsigned char)s[i])) {
			i++;
			d++;
		}
	}
	if (d == 0)
		return 0;
	if (s[i] == 'e' || s[i] == 'E') {
		size_t j = i + 1, ed = 0;
		if (s[j] == '+' || s[j] == '-')
			j++;
		while (isdigit((unsigned char)s[j])) {
			j++;
			ed++;
		}
		if (ed > 0)
			i = j; /* otherwise the 'e' starts a unit (none does today, but be exact) */
	}
	return i;
}

int wbg_quantity_parse(double *out_si, wbg_unit *out_unit, const char *text, const char *expect,
                       wbg_ctx *ctx)
{
	wbg_unit u, ue;
	const char *p, *rest;
	char num[64];
	double v;
	size_t n;
	int rc;

	if (!out_si || !text)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_quantity_parse: NULL argument");
	p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	n = scan_number(p);
	if (n == 0 || n >= sizeof(num))
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "'%s' does not start with a number; write a quantity as, for "
		                     "example, '12.5 mV' or '25 °C'",
		                     text);
	memcpy(num, p, n);
	num[n] = '\0';
	errno = 0;
	v = strtod(num, NULL);
	if (errno == ERANGE && fabs(v) > 1.0)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "the number in '%s' is too large", text);
	rest = p + n;
	while (*rest == ' ' || *rest == '\t')
		rest++;

	if (expect) {
		rc = wbg_unit_parse(&ue, expect, ctx);
		if (rc != WBG_OK)
			return rc;
	}
	if (*rest == '\0' && expect) {
		u = ue;
	} else {
		char unit[WBG_UNIT_MAX_LEN + 1];
		size_t ul = strlen(rest);
		while (ul > 0 && (rest[ul - 1] == ' ' || rest[ul - 1] == '\t'))
			ul--;
		if (ul > WBG_UNIT_MAX_LEN)
			return wbg_ctx_error(ctx, WBG_ERR_UNIT, "the unit in '%.40s...' is too long", text);
		memcpy(unit, rest, ul);
		unit[ul] = '\0';
		rc = wbg_unit_parse(&u, unit, ctx);
		if (rc != WBG_OK)
			return rc;
		if (expect && !wbg_unit_same_dim(&u, &ue))
			return dim_mismatch(ctx, "quantity", text, &u, expect, &ue);
	}
	v = to_si(&u, v);
	if (!isfinite(v))
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "'%s' is out of range of a double in SI units",
		                     text);
	*out_si = v;
	if (out_unit)
		*out_unit = u;
	return WBG_OK;
}

/* ------------------------------------------------------------------------ */
/* Formatting                                                                */

/* Append s to buf at *pos; WBG_ERR_OVERFLOW when it does not fit. */
static int put(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n + 1 > len)
		return WBG_ERR_OVERFLOW;
	memcpy(buf + *pos, s, n + 1);
	*pos += n;
	return WBG_OK;
}

/* Rewrite unit text in ASCII (µ μ -> u, Ω Ω -> ohm, °C ℃ -> degC, · ⋅ -> *,
 * superscripts -> ^n) or copy it unchanged. The text was parsed already. */
static int put_unit_text(char *buf, size_t len, size_t *pos, const char *unit, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)unit;
	int in_sup = 0, rc = WBG_OK;

	if (!(flags & WBG_UNIT_ASCII))
		return put(buf, len, pos, unit);
	while (*p && rc == WBG_OK) {
		uint32_t cp;
		size_t n = u8_decode(p, &cp);
		char tmp[8];
		int sv;
		if (n == 0)
			return WBG_ERR_UNIT;
		sv = superscript(cp);
		if (sv >= 0) {
			if (!in_sup)
				rc = put(buf, len, pos, "^");
			in_sup = 1;
			if (rc == WBG_OK) {
				snprintf(tmp, sizeof(tmp), "%s",
				         sv == 10 ? "-" : sv == 11 ? "+" : (char[]){(char)('0' + sv), 0});
				rc = put(buf, len, pos, tmp);
			}
			p += n;
			continue;
		}
		in_sup = 0;
		if (cp == 0x00B5 || cp == 0x03BC)
			rc = put(buf, len, pos, "u");
		else if (cp == 0x03A9 || cp == 0x2126)
			rc = put(buf, len, pos, "ohm");
		else if (cp == 0x2103)
			rc = put(buf, len, pos, "degC");
		else if (cp == 0x00B0 && p[n] == 'C') {
			rc = put(buf, len, pos, "degC");
			n++;
		} else if (cp == 0x00B7 || cp == 0x22C5)
			rc = put(buf, len, pos, "*");
		else {
			snprintf(tmp, sizeof(tmp), "%.*s", (int)n, (const char *)p);
			rc = put(buf, len, pos, tmp);
		}
		p += n;
	}
	return rc;
}

static int check_fmt_args(char *buf, size_t len, const char *unit, int sig_digits, wbg_ctx *ctx)
{
	if (!buf || len == 0 || !unit || sig_digits < 1 || sig_digits > 17)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "unit formatting: NULL buffer or unit, or digits outside 1..17");
	return WBG_OK;
}

/* %g with sig digits, but plain notation for magnitudes 1e-5 .. 1e7 so that
 * 1000 h does not print as "1e+03 h"; the value is still rounded to sig
 * significant digits (87660 with 3 digits is "87700"). */
static void general_sig(char *num, size_t len, double x, int sig)
{
	double r;
	int mag, decimals;
	char *dot;

	snprintf(num, len, "%.*g", sig, x);
	if (!strchr(num, 'e') || !isfinite(x) || x == 0)
		return;
	snprintf(num, len, "%.*e", sig - 1, x);
	r = strtod(num, NULL);
	mag = (int)floor(log10(fabs(r)));
	if (mag < -5 || mag >= 7) {
		snprintf(num, len, "%.*g", sig, x);
		return;
	}
	decimals = sig - 1 - mag;
	snprintf(num, len, "%.*f", decimals < 0 ? 0 : decimals, r);
	dot = strchr(num, '.');
	if (dot) {
		char *end = num + strlen(num) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
}

int wbg_unit_format(char *buf, size_t len, double value_si, const char *unit, int sig_digits,
                    unsigned flags, wbg_ctx *ctx)
{
	wbg_unit u;
	char num[64];
	size_t pos = 0;
	int rc;

	rc = check_fmt_args(buf, len, unit, sig_digits, ctx);
	if (rc != WBG_OK)
		return rc;
	buf[0] = '\0';
	rc = wbg_unit_parse(&u, unit, ctx);
	if (rc != WBG_OK)
		return rc;
	general_sig(num, sizeof(num), from_si(&u, value_si), sig_digits);
	rc = put(buf, len, &pos, num);
	if (rc == WBG_OK && unit[0] != '\0') {
		rc = put(buf, len, &pos, " ");
		if (rc == WBG_OK)
			rc = put_unit_text(buf, len, &pos, unit, flags);
	}
	if (rc != WBG_OK)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "formatted quantity does not fit in %zu bytes",
		                     len);
	return WBG_OK;
}

/* Print x with sig significant digits in fixed notation (|x| < 1000 here). */
static void fixed_sig(char *num, size_t len, double x, int sig)
{
	int mag = x == 0 ? 0 : (int)floor(log10(fabs(x)));
	int decimals = sig - 1 - mag;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 17)
		decimals = 17;
	snprintf(num, len, "%.*f", decimals, x);
	/* Rounding may carry into the next decade (9.996 -> "10.00"): one digit less. */
	if (x != 0 && decimals > 0 && fabs(strtod(num, NULL)) >= scale10(1.0, mag + 1))
		snprintf(num, len, "%.*f", decimals - 1, x);
}

int wbg_unit_format_eng(char *buf, size_t len, double value_si, const char *symbol,
                        int sig_digits, unsigned flags, wbg_ctx *ctx)
{
	const struct unit_def *u;
	char num[64], unit_text[WBG_UNIT_MAX_LEN + 8];
	double v, shown;
	size_t pos = 0;
	int e3, rc;

	rc = check_fmt_args(buf, len, symbol, sig_digits, ctx);
	if (rc != WBG_OK)
		return rc;
	u = find_unit(symbol, strlen(symbol));
	if (!u || !(u->flags & U_PREFIX) || !isfinite(value_si) || value_si == 0)
		return wbg_unit_format(buf, len, value_si, symbol, sig_digits, flags, ctx);

	v = scale10(value_si, -u->exp10) / u->mant; /* value in the bare symbol */
	e3 = (int)floor(log10(fabs(v)) / 3.0) * 3;
	for (;;) {
		if (e3 < -30 || e3 > 30)
			return wbg_unit_format(buf, len, value_si, symbol, sig_digits, flags, ctx);
		shown = scale10(v, -e3);
		fixed_sig(num, sizeof(num), shown, sig_digits);
		if (fabs(strtod(num, NULL)) >= 1000.0) { /* rounding carried to the next prefix */
			e3 += 3;
			continue;
		}
		if (fabs(strtod(num, NULL)) < 1.0 && e3 > -30 && fabs(shown) < 1.0) {
			e3 -= 3;
			continue;
		}
		break;
	}
	snprintf(unit_text, sizeof(unit_text), "%s%s",
	         (flags & WBG_UNIT_ASCII) ? eng_ascii[e3 / 3 + 10] : eng_utf8[e3 / 3 + 10], symbol);
	rc = put(buf, len, &pos, num);
	if (rc == WBG_OK)
		rc = put(buf, len, &pos, " ");
	if (rc == WBG_OK)
		rc = put_unit_text(buf, len, &pos, unit_text, flags);
	if (rc != WBG_OK)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "formatted quantity does not fit in %zu bytes",
		                     len);
	return WBG_OK;
}

int wbg_unit_dim_format(char *buf, size_t len, const wbg_unit *unit, unsigned flags)
{
	static const char *const base[WBG_DIM_COUNT] = {"m", "kg", "s", "A", "K", "mol", "cd"};
	static const char *const sup[10] = {"\xE2\x81\xB0", "\xC2\xB9", "\xC2\xB2", "\xC2\xB3",
	                                    "\xE2\x81\xB4", "\xE2\x81\xB5", "\xE2\x81\xB6",
	                                    "\xE2\x81\xB7", "\xE2\x81\xB8", "\xE2\x81\xB9"};
	size_t pos = 0;
	int k, any = 0, rc = WBG_OK;
	char tmp[32];

	if (!buf || len == 0 || !unit)
		return WBG_ERR_INVALID_ARG;
	buf[0] = '\0';
	for (k = 0; k < WBG_DIM_COUNT && rc == WBG_OK; k++) {
		int e = unit->dim[k];
		if (e == 0)
			continue;
		if (any)
			rc = put(buf, len, &pos, (flags & WBG_UNIT_ASCII) ? "*" : "\xC2\xB7");
		any = 1;
		if (rc == WBG_OK)
			rc = put(buf, len, &pos, base[k]);
		if (rc != WBG_OK || e == 1)
			continue;
		if (flags & WBG_UNIT_ASCII) {
			snprintf(tmp, sizeof(tmp), "^%d", e);
		} else {
			int a = e < 0 ? -e : e;
			snprintf(tmp, sizeof(tmp), "%s%s%s", e < 0 ? "\xE2\x81\xBB" : "",
			         a >= 10 ? sup[a / 10] : "", sup[a % 10]);
		}
		rc = put(buf, len, &pos, tmp);
	}
	if (rc == WBG_OK && !any)
		rc = put(buf, len, &pos, "1");
	return rc;
}

int wbg_unit_si_name(char *buf, size_t len, const wbg_unit *unit, unsigned flags)
{
	static const signed char kg[WBG_DIM_COUNT] = {0, 1, 0, 0, 0, 0, 0};
	size_t i, pos = 0;

	if (!buf || len == 0 || !unit)
		return WBG_ERR_INVALID_ARG;
	buf[0] = '\0';
	if (memcmp(unit->dim, kg, sizeof(kg)) == 0)
		return put(buf, len, &pos, "kg");
	/* The first row of a dimension is its coherent named unit (Ω before ohm). */
	for (i = 0; i < N_ELEM(units); i++) {
		if ((units[i].flags & U_PREFIX) && units[i].mant == 1 && units[i].exp10 == 0 &&
		    memcmp(units[i].dim, unit->dim, sizeof(unit->dim)) == 0)
			return put_unit_text(buf, len, &pos, units[i].sym, flags);
	}
	return wbg_unit_dim_format(buf, len, unit, flags);
}
